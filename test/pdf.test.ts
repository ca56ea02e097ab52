import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, inject, it } from "vitest";
import { launchBrowser, serveFolder } from "../src/pdf/browser.ts";
import { srgbProfile } from "../src/pdf/output-intent.ts";
import { renderPdfs, type PdfJob } from "../src/pdf/render.ts";
import { pdfInfo, pdfsIn, pdfText } from "./support/pdf.ts";
import { SITE_ORIGIN } from "./support/site.ts";

const site = inject("sampleSite");
const SEED_000 = "raalte/2022/sturingsinformatie-jeugdhulp-2022-q2.pdf";
const SEED_002 = "zwolle/2022/nadere-toelichting-impact-tarieven-jeugdhulp-2023.pdf";

describe("PDFs of the sample notes", () => {
  it("are A4 (a presentatie 16:9, test/presentatie.test.ts), tagged, titled and carry the note's properties", async () => {
    for (const pdf of await pdfsIn(site)) {
      const info = pdfInfo(join(site, pdf));
      expect(info["Page size"], pdf).toMatch(info.Subject === "Presentatie" ? /^960 x 540 pts$/ : /^59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
      expect(info.Tagged, pdf).toBe("yes");
      expect(info.Title, pdf).not.toBe("");
      expect(info.Author, pdf).toMatch(/^Gemeente (Raalte|Zwolle|Steenwijkerland|Diemen)$/);
      expect(info.Subject, pdf).toMatch(/^(Memo|Informatienota|Raadsinformatiebrief|Bijlage|Presentatie)$/);
    }
    const info = pdfInfo(join(site, SEED_000));
    expect(info.Title).toBe("Sturingsinformatie jeugdhulp, tweede kwartaal 2022");
    expect(info.Keywords).toContain("jeugdhulp");
    expect(info.CreationDate).toContain("2022");
  });

  it("embed every font", async () => {
    for (const pdf of await pdfsIn(site)) {
      const rows = execFileSync("pdffonts", [join(site, pdf)], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
      expect(rows.length, pdf).toBeGreaterThan(0);
      for (const row of rows) expect(row.split(/\s+/).at(-5), `${pdf}: ${row}`).toBe("yes");
    }
  });

  it("have header and footer on every page: gemeente, kind, kenmerk and 'pagina X van Y'", async () => {
    for (const pdf of await pdfsIn(site)) {
      // A slide has its own frame: kenmerk and "3 / 18" (test/presentatie.test.ts).
      if (pdfInfo(join(site, pdf)).Subject === "Presentatie") continue;
      const pages = Number(pdfInfo(join(site, pdf)).Pages);
      for (let page = 1; page <= pages; page++) {
        const text = pdfText(join(site, pdf), "-f", String(page), "-l", String(page));
        expect(text, `${pdf} p.${page}`).toContain(`pagina ${page} van ${pages}`);
        expect(text, `${pdf} p.${page}`).toMatch(/Gemeente (Raalte|Zwolle|Steenwijkerland|Diemen)/);
        expect(text, `${pdf} p.${page}`).toContain("kenmerk");
      }
    }
  });

  it("hold seed 000's key figure and the signatories of Raalte", () => {
    const text = pdfText(join(site, SEED_000));
    expect(text).toContain("458");
    expect(text).toContain("Monique van Esterik");
    expect(text).toContain("Martijn Dadema");
    expect(text).toContain("Kernboodschap");
  });

  it("draw seed 002's bar charts as vectors: their axis labels are text and there are no images", () => {
    const file = join(site, SEED_002);
    const text = pdfText(file);
    for (const year of ["2015", "2018", "2021"]) expect(text).toContain(year);
    const images = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
    expect(images).toEqual([]);
    expect(text).toMatch(/Staafdiagram/);
  });

  it("have an outline from the headings and the language nl", async () => {
    const document = await PDFDocument.load(await readFile(join(site, SEED_000)));
    expect(document.catalog.get(PDFName.of("Outlines"))).toBeDefined();
    expect(String(document.catalog.get(PDFName.of("Lang")))).toContain("nl");
  });
});

describe("PDF rendering", () => {
  it("gives the same bytes for the same note, in one browser and in the next", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nota-pdf-"));
    const job = (name: string): PdfJob => ({ id: name, page: "/raalte/2022/sturingsinformatie-jeugdhulp-2022-q2/", outFile: join(dir, `${name}.pdf`), title: "t", author: "Gemeente Raalte", subject: "Memo", keywords: ["jeugdhulp"], date: "2022-06-09", file: "content/raalte/2022/sturingsinformatie-jeugdhulp-2022-q2.mdx", slides: [] });
    for (const names of [["a", "b"], ["c"]]) {
      const { browser, close } = await launchBrowser();
      try {
        await renderPdfs(browser, names.map(job), { siteDir: site, origin: SITE_ORIGIN, colourProfile: await srgbProfile(), concurrency: 2 });
      } finally {
        await close();
      }
    }
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => readFile(join(dir, `${n}.pdf`))));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(true);
  });

  it("lets no request leave the machine", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nota-offline-"));
    writeFileSync(join(dir, "index.html"), '<!doctype html><html lang="nl"><title>t</title><img src="http://example.org/x.png" alt="x"><link rel="stylesheet" href="https://fonts.example.net/a.css"><p>tekst</p></html>');
    const { browser, close } = await launchBrowser();
    try {
      const page = await browser.newPage();
      await serveFolder(page, dir, SITE_ORIGIN);
      const failed: string[] = [];
      page.on("requestfailed", (request) => failed.push(request.url()));
      await page.goto(`${SITE_ORIGIN}/`, { waitUntil: "load" });
      // From the https site origin Chromium upgrades the http image to https; either way it is blocked.
      expect(failed.sort()).toEqual([expect.stringMatching(/^https?:\/\/example\.org\/x\.png$/), "https://fonts.example.net/a.css"]);
    } finally {
      await close();
    }
  });
});
