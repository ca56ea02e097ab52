import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { countUntagged, wrapUntagged } from "../../src/pdf/artifacts.ts";
import { parseContentStream } from "../../src/pdf/content-stream.ts";
import { loadPdf, savePdf } from "../../src/pdf/document.ts";
import { tagPageContent } from "../../src/pdf/page-content.ts";
import { openPdf, untaggedDrawingOperators } from "../support/pdfjs.ts";
import { smallTaggedPdf } from "../support/small-pdf.ts";

const bytes = (text: string) => Buffer.from(text, "latin1");
const wrapped = (text: string) => Buffer.from(wrapUntagged(bytes(text), parseContentStream(bytes(text)))).toString("latin1");

describe("content stream reader", () => {
  it("reads operators with numbers, names, strings, arrays and inline dictionaries", () => {
    const operations = parseContentStream(bytes("q 1 0 0 -1 .5 -2 cm /P <</MCID 3 /Lang (nl)>> BDC BT /F1 12 Tf (a \\(b\\) \\101) Tj [<0041> -250 (c)] TJ ET EMC Q % commentaar\n"));
    expect(operations.map((o) => o.operator)).toEqual(["q", "cm", "BDC", "BT", "Tf", "Tj", "TJ", "ET", "EMC", "Q"]);
    expect(operations[1]!.operands).toEqual([1, 0, 0, -1, 0.5, -2]);
    expect(operations[2]!.operands[1]).toMatchObject({ kind: "dict" });
    expect(operations[5]!.operands[0]).toEqual({ kind: "string", value: "a (b) A" });
    expect(operations[6]!.operands[0]).toMatchObject({ kind: "array", items: [{ kind: "string", value: "\x00A" }, -250, { kind: "string", value: "c" }] });
  });

  it("steps over inline image data, whatever bytes it holds", () => {
    const operations = parseContentStream(bytes("q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI) ]\n EI Q"));
    expect(operations.map((o) => o.operator)).toEqual(["q", "BI", "Q"]);
  });
});

describe("wrapping untagged content as artifacts", () => {
  it("wraps paths and text outside marked content, and leaves tagged content alone", () => {
    const source = "q 1 0 0 1 0 0 cm 0 0 10 10 re f BT /F1 9 Tf (kop) Tj ET Q /P <</MCID 0>> BDC BT (tekst) Tj ET EMC";
    expect(wrapped(source)).toBe("q 1 0 0 1 0 0 cm /Artifact BMC\n0 0 10 10 re f BT /F1 9 Tf (kop) Tj ET\nEMC\n Q /P <</MCID 0>> BDC BT (tekst) Tj ET EMC");
  });

  it("keeps each artifact within one q … Q and outside other marked content, as Chromium interleaves them", () => {
    const source = "/P <</MCID 0>> BDC BT (a) Tj ET Q q 0 0 5 5 re W* n q /G3 gs EMC 0 0 9 9 re f 1 0 0 RG 0 0 1 1 re S Q";
    const out = wrapped(source);
    expect(out).toBe("/P <</MCID 0>> BDC BT (a) Tj ET Q q 0 0 5 5 re W* n q /G3 gs EMC /Artifact BMC\n0 0 9 9 re f 1 0 0 RG 0 0 1 1 re S\nEMC\n Q");
    expect(countUntagged(parseContentStream(bytes(out)))).toBe(0);
  });

  it("counts content inside sequences without an MCID as untagged, and /Artifact as tagged", () => {
    expect(countUntagged(parseContentStream(bytes("/Span BMC 0 0 1 1 re f EMC /Artifact BMC 0 0 1 1 re f EMC /Artifact <</Type /Pagination>> BDC BT (1) Tj ET EMC")))).toBe(2);
  });

  it("wraps text shown outside marked content inside a text object that also holds tagged text", () => {
    expect(wrapped("BT /P <</MCID 0>> BDC (a) Tj EMC 10 0 Td (b) Tj ET")).toBe("BT /P <</MCID 0>> BDC (a) Tj EMC 10 0 Td /Artifact BMC\n(b) Tj\nEMC\n ET");
  });
});

describe("page content of a small PDF", () => {
  const header = "q 0.2 0.3 0.6 rg 50 800 495 2 re f BT /F1 9 Tf 50 810 Td (Gemeente Raalte) Tj ET Q";
  const paragraph = "/P <</MCID 0>> BDC BT /F1 12 Tf 50 700 Td (eerste regel van de) Tj ET BT /F1 12 Tf 50 685 Td (alinea loopt door) Tj ET EMC";
  const footer = "BT /F1 8 Tf 480 30 Td (pagina 1 van 1) Tj ET";

  async function processed(): Promise<{ before: string; after: string; dir: string; stats: { wrapped: number; spaces: number } }> {
    const dir = mkdtempSync(join(tmpdir(), "nota-content-"));
    const original = await smallTaggedPdf(`${header}\n${paragraph}\n${footer}`);
    const document = await loadPdf(original);
    const stats = tagPageContent(document);
    writeFileSync(join(dir, "before.pdf"), original);
    writeFileSync(join(dir, "after.pdf"), await savePdf(document));
    return { before: join(dir, "before.pdf"), after: join(dir, "after.pdf"), dir, stats };
  }

  it("leaves no drawing operator untagged for pdf.js, where there were some", async () => {
    const { before, after, stats } = await processed();
    expect(await untaggedDrawingOperators(await openPdf(before))).toEqual([expect.any(Number)]);
    expect((await untaggedDrawingOperators(await openPdf(before)))[0]).toBeGreaterThan(0);
    expect(await untaggedDrawingOperators(await openPdf(after))).toEqual([0]);
    expect(stats.wrapped).toBeGreaterThan(0);
  });

  it("separates the words at a line end in the structure text that poppler reads", async () => {
    const { before, after, stats } = await processed();
    const structText = (file: string) => execFileSync("pdfinfo", ["-struct-text", file], { encoding: "utf8" });
    expect(structText(before)).toContain("dealinea");
    expect(structText(after)).toContain("van de alinea loopt door");
    // One at the line end, one after the page's last text in reading order (it may go on on the next page).
    expect(stats.spaces).toBe(2);
  });

  it("changes neither the text that pdftotext lays out nor a pixel of the page", async () => {
    const { before, after, dir } = await processed();
    expect(execFileSync("pdftotext", ["-layout", after, "-"], { encoding: "utf8" })).toBe(execFileSync("pdftotext", ["-layout", before, "-"], { encoding: "utf8" }));
    execFileSync("pdftoppm", ["-r", "72", "-gray", before, join(dir, "before")]);
    execFileSync("pdftoppm", ["-r", "72", "-gray", after, join(dir, "after")]);
    expect(readFileSync(join(dir, "after-1.pgm")).equals(readFileSync(join(dir, "before-1.pgm")))).toBe(true);
  });
});
