import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, inject, it } from "vitest";
import { nota, REPO } from "./support/run.ts";
import { pdfInfo, pdfsIn, pdfText, sampleTestCas } from "./support/pdf.ts";
import { readWithPdfBox } from "./support/pdfbox.ts";
import { openPdf, structTrees, untaggedDrawingOperators, walk } from "./support/pdfjs.ts";
import { QpdfJson, text } from "./support/qpdf.ts";

// Every signed sample PDF, read with tools that share no code with the step that wrote it:
// Apache PDFBox, qpdf, pdf.js and poppler.

const site = inject("sampleSite");
const MEMO = "raalte/2022/sturingsinformatie-jeugdhulp-2022-q2.pdf";
const BIJLAGE = "zwolle/2022/nadere-toelichting-impact-tarieven-jeugdhulp-2023.pdf";

describe("signed sample PDFs as archival documents (PDF/A-2u)", () => {
  it("PDFBox: XMP claims PDF/A-2u and PDF/UA-1 with the title, agrees with the Info dictionary, sRGB output intent, fonts embedded with ToUnicode, a file ID", async () => {
    const pdfs = await pdfsIn(site);
    expect(pdfs.length).toBeGreaterThanOrEqual(10);
    const readings = readWithPdfBox(pdfs.map((pdf) => join(site, pdf)));
    expect(readings).toHaveLength(pdfs.length);
    for (const reading of readings) {
      expect(reading, reading.file).toMatchObject({ pdfaPart: "2", pdfaConformance: "U", pdfuaPart: "1", metadataErrors: "", fontProblems: "", fileId: "id" });
      expect(reading.outputIntents, reading.file).toBe("GTS_PDFA1:sRGB IEC61966-2.1:3");
      expect(reading.title, reading.file).toBe(pdfInfo(reading.file).Title);
    }
  });

  it("qpdf: readable XMP, output intent with an RGB profile, file ID, marked and in Dutch, printable annotations", async () => {
    for (const pdf of await pdfsIn(site)) {
      const q = new QpdfJson(join(site, pdf));
      const catalog = q.catalog();
      expect(q.streamDict(catalog["/Metadata"]), pdf).toMatchObject({ "/Type": "/Metadata", "/Subtype": "/XML" });
      expect(q.streamDict(catalog["/Metadata"])["/Filter"], pdf).toBeUndefined();
      const xmp = q.streamData(catalog["/Metadata"]).toString("utf8");
      expect(xmp, pdf).toContain("<pdfaid:part>2</pdfaid:part>");
      expect(xmp, pdf).toContain("<pdfuaid:part>1</pdfuaid:part>");
      const [intent] = q.array(catalog["/OutputIntents"]).map((i) => q.dict(i));
      expect(intent?.["/S"], pdf).toBe("/GTS_PDFA1");
      expect(q.streamDict(intent?.["/DestOutputProfile"])["/N"], pdf).toBe(3);
      expect(q.streamData(intent?.["/DestOutputProfile"]).toString("latin1", 36, 40), pdf).toBe("acsp");
      expect(q.array(q.trailer["/ID"]), pdf).toHaveLength(2);
      expect(q.dict(catalog["/MarkInfo"])["/Marked"], pdf).toBe(true);
      expect(text(catalog["/Lang"]), pdf).toBe("nl-NL");
      expect(q.dict(catalog["/ViewerPreferences"])["/DisplayDocTitle"], pdf).toBe(true);
      for (const { page, annotation } of q.annotations()) {
        expect((annotation["/F"] as number) & 4, `${pdf} p.${page}`).toBe(4);
      }
    }
  });
});

describe("signed sample PDFs as accessible documents (PDF/UA-1)", () => {
  it("pdf.js: not one drawing operator outside tagged content or an artifact, on any page", async () => {
    for (const pdf of await pdfsIn(site)) {
      const counts = await untaggedDrawingOperators(await openPdf(join(site, pdf)));
      expect(counts, pdf).toEqual(counts.map(() => 0));
    }
  });

  it("pdf.js: every Figure has an /Alt, equal to the chart's text alternative on the site, with nothing tagged inside it", async () => {
    let charts = 0;
    for (const pdf of await pdfsIn(site)) {
      // `memo.pdf` is printed from `memo/`, an earlier version's `memo.v1.pdf` from `memo/versie-1/`.
      const html = await readFile(join(site, pdf.replace(/(\.v(\d+))?\.pdf$/, (_, version, n) => (version ? `/versie-${n}/index.html` : "/index.html"))), "utf8");
      const siteAlts = [...html.matchAll(/class="grafiek-beeld" role="img" aria-label="([^"]*)"/g)].map((m) => decodeEntities(m[1]!));
      const figures = (await structTrees(await openPdf(join(site, pdf)))).flatMap((tree) => [...walk(tree)].filter((node) => node.role === "Figure"));
      const alts = new Set(figures.map((figure) => figure.alt));
      expect([...alts].sort(), pdf).toEqual([...new Set(siteAlts)].sort());
      for (const figure of figures) {
        expect(figure.alt?.trim().length ?? 0, pdf).toBeGreaterThan(20);
        expect(figure.children.filter((child) => "role" in child), `${pdf}: ${figure.alt}`).toEqual([]);
        expect(figure.alt, pdf).not.toMatch(/axis|titled|legend|mark/i);
      }
      charts += siteAlts.length;
    }
    expect(charts).toBeGreaterThanOrEqual(5);
  });

  it("pdf.js and qpdf: every link annotation has /Contents and its Link element, the signature widget its Form element", async () => {
    let links = 0;
    for (const pdf of await pdfsIn(site)) {
      const document = await openPdf(join(site, pdf));
      for (let n = 1; n <= document.numPages; n++) {
        for (const annotation of await (await document.getPage(n)).getAnnotations()) {
          if (annotation.subtype !== "Link") continue;
          links++;
          expect((annotation.contentsObj as { str: string }).str.trim(), `${pdf} p.${n} ${annotation.url ?? ""}`).not.toBe("");
        }
      }
      const q = new QpdfJson(join(site, pdf));
      for (const { annotation } of q.annotations()) expect(annotation["/StructParent"], pdf).toEqual(expect.any(Number));
      const structure = structText(join(site, pdf)).out;
      expect(structure, pdf).toMatch(/^\s*Form\n\s*Object \d+ \d+\n/m);
    }
    expect(links).toBeGreaterThanOrEqual(40);
    // Footnote links show only "1" or "↩"; their description says what the site's aria-label says.
    const contents = new QpdfJson(join(site, BIJLAGE)).annotations().map(({ annotation }) => text(annotation["/Contents"]));
    expect(contents).toEqual(expect.arrayContaining(["Voetnoot 1", "Terug naar verwijzing 1", "Voetnoot 2", "Terug naar verwijzing 2"]));
    expect(contents).toContain("Inkoopdocument specialistische jeugdhulp regio IJsselland, versie 16");
  });

  it("poppler: no structure errors, standard or role-mapped types, headings in order, lists as L/LI/Lbl/LBody, the metadata as a table", async () => {
    for (const pdf of await pdfsIn(site)) {
      const { out, err } = structText(join(site, pdf));
      expect(err, pdf).toBe("");
      const levels = [...out.matchAll(/^\s*H([1-6])\b/gm)].map((m) => Number(m[1]));
      expect(levels[0], pdf).toBe(1);
      levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0), `${pdf}: H${level} na H${levels[i - 1]}`).toBeLessThanOrEqual(1));
      const tree = parseStructText(out);
      for (const item of [...walkText(tree)].filter((node) => node.type === "LI")) {
        expect(item.children.map((child) => child.type).filter((type) => type !== "Lbl"), pdf).toEqual(["LBody"]);
      }
    }
    const memo = structText(join(site, MEMO)).out;
    expect(memo).toMatch(/TH\b[^\n]*:?\n(?:\s+\/[^\n]*\n)*\s+NonStruct\n\s+"Kenmerk ?"/);
    expect(structText(join(site, BIJLAGE)).out).toContain("Span (inline)");
  });

  it("poppler: the structure text separates words at line ends: each of its words is one pdftotext finds", async () => {
    let checked = 0;
    for (const pdf of await pdfsIn(site)) {
      const file = join(site, pdf);
      // -layout: without it pdftotext joins a word hyphenated at a line end ("P-" "adviseur").
      const seen = new Set(words(pdfText(file, "-layout")));
      const blocks = [...walkText(parseStructText(structText(file).out))].filter((node) => BLOCKS.has(node.type));
      const joined = blocks.flatMap((block) => words(textOfNode(block))).filter((word) => !seen.has(word));
      expect(joined, pdf).toEqual([]);
      checked += blocks.length;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it("nota verify agrees on every file, and refuses a PDF without its XMP", async () => {
    const trusted = sampleTestCas(REPO).files.flatMap((file) => ["--vertrouwd", file]);
    const result = nota(["verify", site, ...trusted]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/(\d+) van \1 PDF's voldoen aan de controles voor PDF\/A-2u en PDF\/UA-1/);
    const document = await PDFDocument.load(await readFile(join(site, MEMO)));
    document.catalog.delete(PDFName.of("Metadata"));
    const stripped = join(mkdtempSync(join(tmpdir(), "nota-xmp-")), "zonder-xmp.pdf");
    writeFileSync(stripped, await document.save({ useObjectStreams: false, updateFieldAppearances: false }));
    const refused = nota(["verify", stripped, ...trusted]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("probleem: geen XMP-metadata");
  });
});

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const structTexts = new Map<string, { out: string; err: string }>();

/** poppler's reading of the structure tree with its text, once per file. */
function structText(file: string): { out: string; err: string } {
  let result = structTexts.get(file);
  if (!result) {
    const run = spawnSync("pdfinfo", ["-struct-text", file], { encoding: "utf8", maxBuffer: 1 << 26 });
    structTexts.set(file, (result = { out: run.stdout, err: run.stderr }));
  }
  return result;
}

interface TextNode {
  type: string;
  text?: string;
  children: TextNode[];
}

/** pdfinfo -struct-text's indented outline as a tree: elements, their attributes skipped, quoted text. */
function parseStructText(out: string): TextNode {
  const root: TextNode = { type: "root", children: [] };
  const stack: { indent: number; node: TextNode }[] = [{ indent: -1, node: root }];
  for (const line of out.split("\n")) {
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (!content || content.startsWith("/") || content.startsWith("Object ")) continue;
    while (stack.at(-1)!.indent >= indent) stack.pop();
    const node: TextNode = content.startsWith('"') ? { type: "text", text: content.slice(1, content.lastIndexOf('"')), children: [] } : { type: content.split(/[\s:(]/)[0]!, children: [] };
    stack.at(-1)!.node.children.push(node);
    stack.push({ indent, node });
  }
  return root;
}

function* walkText(node: TextNode): Generator<TextNode> {
  yield node;
  for (const child of node.children) yield* walkText(child);
}

/** The text a reader gets from an element: its pieces of text joined as they are. */
function textOfNode(node: TextNode): string {
  return node.text ?? node.children.map(textOfNode).join("");
}

const BLOCKS = new Set(["P", "H1", "H2", "H3", "H4", "H5", "H6", "LBody", "TD", "TH", "Caption"]);

/** Words for comparison: split at spaces and hyphens (a line may end in one), without outer punctuation. */
function words(value: string): string[] {
  return value.split(/[\s\-\u00ad\u2010\u2011\u2013\u2014/]+/).map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
}

