import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rename } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { KIND_NAMES } from "../src/content/kinds.ts";
import { nextSlug, nextTitle, parseQuarter } from "../src/content/series.ts";
import { pdfInfo, pdfsig, pdfText } from "./support/pdf.ts";
import { MINI, nota, REPO } from "./support/run.ts";
import { searchIndexes } from "./support/site.ts";

/** An archive's sources (not its build folders) in a private folder, with its publication register if it has one. */
async function copySources(from: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "nota-new-"));
  for (const part of ["content", "data", "templates", "publicaties"]) {
    if (existsSync(join(from, part))) await cp(join(from, part), join(root, part), { recursive: true });
  }
  return root;
}

async function frontmatter(file: string): Promise<Record<string, unknown>> {
  return parse((await readFile(file, "utf8")).split("---\n")[1]!);
}

function expectCheckPasses(root: string) {
  const result = nota(["check", "--root", root]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
}

describe("the next quarter's title and file name", () => {
  const q2 = parseQuarter("2022-Q2");
  const q3 = parseQuarter("2022-Q3");
  const q1 = parseQuarter("2023-Q1");

  it("replaces the quarter wherever the title names it", () => {
    expect(nextTitle("Sturingsinformatie jeugdhulp, tweede kwartaal 2022", q2, q3)).toBe("Sturingsinformatie jeugdhulp, derde kwartaal 2022");
    expect(nextTitle("Tweede kwartaal van 2022: cijfers", q2, q1)).toBe("Eerste kwartaal van 2023: cijfers");
    expect(nextTitle("Monitor 2e kwartaal 2022 (2022-Q2, Q2 2022)", q2, q3)).toBe("Monitor 3e kwartaal 2022 (2022-Q3, Q3 2022)");
    expect(nextTitle("Jeugdzorg in Raalte", q2, q3)).toBe("Jeugdzorg in Raalte");
  });

  it("moves the slug to the new quarter", () => {
    expect(nextSlug("sturingsinformatie-jeugdhulp-2022-q2", q2, q1)).toBe("sturingsinformatie-jeugdhulp-2023-q1");
    expect(nextSlug("memo-q2", q2, q3)).toBe("memo-q3");
    expect(nextSlug("voorjaarsnota-2022", q2, q3)).toBe("voorjaarsnota-2022-q3");
    expect(nextSlug("jeugdzorg-in-raalte", q2, q3)).toBe("jeugdzorg-in-raalte-2022-q3");
  });
});

describe("nota new, first note of each kind", () => {
  let root: string;
  beforeAll(async () => {
    root = await copySources(MINI);
  });

  it.each(KIND_NAMES)("%s: starts from a skeleton", (kind) => {
    const result = nota(["new", kind, "--gemeente", "testdorp", "--kwartaal", "2022-Q1", "--root", root]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`content/testdorp/2022/${kind}-2022-q1.mdx`);
    expect(existsSync(join(root, `content/testdorp/2022/${kind}-2022-q1.mdx`))).toBe(true);
  });

  it("starts a presentatie as a deck: slides with speaker notes", async () => {
    const deck = await readFile(join(root, "content/testdorp/2022/presentatie-2022-q1.mdx"), "utf8");
    expect([...deck.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual(["Waar gaat het over?", "Wat betekent het voor de raad?"]);
    expect(deck).toContain("<Spreekteksten>\nNOG INVULLEN: wat u bij deze dia vertelt; alleen de presentator ziet het.\n</Spreekteksten>");
  });

  it("passes nota check with every skeleton", async () => {
    expectCheckPasses(root);
    expect((await frontmatter(join(root, "content/testdorp/2022/bijlage-2022-q1.mdx"))).bij).toMatch(/^2022\/[a-z]+-2022-q1$/);
  });
});

describe("nota new, next note of a series", () => {
  let root: string;
  beforeAll(async () => {
    root = await copySources(REPO);
  });
  const series = [
    { kind: "memo", gemeente: "raalte", kwartaal: "2023-Q1", note: "content/raalte/2023/sturingsinformatie-jeugdhulp-2023-q1.mdx", dataset: "data/raalte/2023-Q1/peilcijfers.json" },
    { kind: "informatienota", gemeente: "steenwijkerland", kwartaal: "2021-Q2", note: "content/steenwijkerland/2021/inkoop-jeugdhulp-regio-ijsselland-2022-2021-q2.mdx" },
    { kind: "raadsinformatiebrief", gemeente: "diemen", kwartaal: "2019-Q1", note: "content/diemen/2019/overschrijding-specialistische-jeugdhulp-2019-q1.mdx", dataset: "data/diemen/2019-Q1/overschrijding-jeugdhulp.json" },
    { kind: "bijlage", gemeente: "zwolle", kwartaal: "2023-Q1", note: "content/zwolle/2023/nadere-toelichting-impact-tarieven-jeugdhulp-2023-2023-q1.mdx", dataset: "data/zwolle/2023-Q1/uitgaven-jeugdzorg.json" },
    { kind: "presentatie", gemeente: "raalte", kwartaal: "2023-Q1", note: "content/raalte/2023/jeugdzorg-in-raalte-2023-q1.mdx", dataset: "data/raalte/2023-Q1/kosten-per-zorgvorm.json" },
  ];

  it.each(series)("$kind: continues the latest one, with its datasets", async ({ kind, gemeente, kwartaal, note, dataset }) => {
    const result = nota(["new", kind, "--gemeente", gemeente, "--kwartaal", kwartaal, "--root", root]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(note);
    const fields = await frontmatter(join(root, note));
    expect(fields).toMatchObject({ soort: kind, kwartaal, status: "concept", kenmerk: "NOG-INVULLEN" });
    expect(fields).not.toHaveProperty("besluit");
    if (dataset) expect(JSON.parse(await readFile(join(root, dataset), "utf8"))).toMatchObject({ voorbeelddata: true, bron: expect.stringContaining("NOG INVULLEN") });
  });

  it("names the new quarter in the title and passes nota check", async () => {
    expect((await frontmatter(join(root, series[0]!.note))).titel).toBe("Sturingsinformatie jeugdhulp, eerste kwartaal 2023");
    expectCheckPasses(root);
  });

  it("never overwrites a note", async () => {
    const existing = join(root, "content/raalte/2022/sturingsinformatie-jeugdhulp-2022-q3.mdx");
    const before = await readFile(existing, "utf8");
    const result = nota(["new", "memo", "--gemeente", "raalte", "--kwartaal", "2022-Q3", "--root", root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("content/raalte/2022/sturingsinformatie-jeugdhulp-2022-q3.mdx: bestaat al");
    expect(await readFile(existing, "utf8")).toBe(before);
  });
});

describe("nota new into another year", () => {
  it("copies a chart spec kept beside the previous note", async () => {
    const root = await copySources(MINI);
    await rename(join(root, "templates/charts/lijn.vl.json"), join(root, "content/testdorp/2022/lijn.vl.json"));
    expect(nota(["new", "memo", "--gemeente", "testdorp", "--kwartaal", "2023-Q1", "--root", root]).code).toBe(0);
    expect(existsSync(join(root, "content/testdorp/2023/lijn.vl.json"))).toBe(true);
    expectCheckPasses(root);
  });
});

describe("nota new, then nota build", () => {
  it("publishes nothing of a new concept of any kind; the preview shows each with the CONCEPT mark, unsigned", async () => {
    const root = await copySources(MINI);
    const slugs = KIND_NAMES.map((kind) => {
      const created = nota(["new", kind, "--gemeente", "testdorp", "--kwartaal", "2022-Q3", "--root", root]);
      expect(created.code).toBe(0);
      // The new files are listed indented; a continued note names its predecessor first.
      return created.stdout.match(/^  content\/testdorp\/2022\/([a-z0-9-]+)\.mdx/m)![1]!;
    });
    expect(new Set(slugs).size).toBe(KIND_NAMES.length);
    expect(slugs).not.toContain("memo-q2");
    const check = nota(["check", "--root", root]);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("6 notities (1 openbaar)");
    expect(check.stdout).toMatch(/Niet gepubliceerd per .*: 5 concepten\./);

    const result = nota(["build", "--root", root, "--out", join(root, "dist")]);
    expect(result.stderr).not.toContain("onverwachte fout");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Gebouwd: 1 notities");
    expect(result.stdout).toMatch(/Niet gepubliceerd per .*: 5 concepten\./);
    // No file of the published site names a concept or holds its placeholders: no page, PDF, Woo
    // record, feed or sitemap entry, and no download of the datasets only the concepts use.
    const files = (await readdir(join(root, "dist"), { recursive: true })).map(String);
    for (const slug of slugs) expect(files.filter((file) => file.includes(slug)), slug).toEqual([]);
    expect(files.filter((file) => file.includes("2022-Q3"))).toEqual([]);
    for (const file of files.filter((f) => /\.(html|xml|json|csv|txt)$/.test(f))) {
      const text = await readFile(join(root, "dist", file), "utf8");
      for (const slug of slugs) expect(text.includes(`/${slug}`), `${file} names ${slug}`).toBe(false);
      expect(text, file).not.toMatch(/NOG[ -]INVULLEN/i);
    }
    expect(await searchIndexes(join(root, "dist"))).toEqual({ testdorp: { languages: ["nl"], pages: 1 } });
    // Concepts are never signed, so never put on record either.
    expect((await readdir(join(root, "publicaties/testdorp/2022"))).sort()).toEqual(["memo-q2"]);

    const preview = nota(["build", "--concepten", "--root", root]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain("Voorvertoning gebouwd (niets ondertekend): 6 notities");
    for (const slug of slugs) {
      const page = await readFile(join(root, `dist-concepten/testdorp/2022/${slug}/index.html`), "utf8");
      expect(page, slug).toContain('<p class="voorvertoning-band" role="note"><strong>CONCEPT</strong> Concept: niet vastgesteld, niet openbaar en niet ondertekend.</p>');
      expect(page, slug).toContain('<div class="watermerk" aria-hidden="true">CONCEPT</div>');
      const pdf = join(root, `dist-concepten/testdorp/2022/${slug}.pdf`);
      expect(pdfsig(pdf), slug).toContain("does not contain any signatures");
      expect(pdfInfo(pdf).Title, slug).toMatch(/^CONCEPT — /);
      const pages = Number(pdfInfo(pdf).Pages);
      for (let n = 1; n <= pages; n++) expect(pdfText(pdf, "-f", String(n), "-l", String(n)), `${slug} p.${n}`).toContain("CONCEPT · ");
    }
    // The published site is untouched by the preview.
    expect((await readdir(join(root, "dist"), { recursive: true })).map(String).sort()).toEqual(files.sort());
  });
});
