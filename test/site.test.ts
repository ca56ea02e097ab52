import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { REPO } from "./support/run.ts";
import { sampleNotes } from "./support/site.ts";

const site = inject("sampleSite");
const page = (path: string) => readFile(join(site, path, "index.html"), "utf8");
/** The visible text of a page, tags removed, whitespace folded. */
const text = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, " ").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the built sample archive", () => {
  it("has a page for every published sample note, at least eight, at least two per gemeente", async () => {
    const notes = await sampleNotes();
    expect(notes.length).toBeGreaterThanOrEqual(8);
    for (const gemeente of ["raalte", "zwolle", "steenwijkerland", "diemen"]) {
      expect(notes.filter((n) => n.startsWith(`${gemeente}/`)).length).toBeGreaterThanOrEqual(2);
    }
    for (const note of notes) expect(existsSync(join(site, note, "index.html")), note).toBe(true);
  });

  it("lists the four gemeenten on the home page, in Dutch", async () => {
    const html = await page("");
    expect(html).toMatch(/<html lang="nl"/);
    for (const naam of ["Raalte", "Zwolle", "Steenwijkerland", "Diemen"]) expect(text(html)).toContain(`Gemeente ${naam}`);
  });

  it("labels footnotes in Dutch: the heading and the links back to the text", async () => {
    const html = await page("zwolle/2022/nadere-toelichting-impact-tarieven-jeugdhulp-2023");
    expect(html).toMatch(/<h2[^>]*id="footnote-label"[^>]*>Voetnoten<\/h2>/);
    expect(html).toContain('aria-label="Terug naar verwijzing 1"');
    expect(html).toContain('aria-label="Terug naar verwijzing 2"');
    expect(html).not.toMatch(/Footnotes|Back to reference/);
  });

  it("gives a note's metadata as a table with row headers, which the PDF tags as a table", async () => {
    const html = await page("raalte/2022/sturingsinformatie-jeugdhulp-2022-q2");
    const meta = html.match(/<table class="notitie-meta">[\s\S]*?<\/table>/)?.[0] ?? "";
    expect(meta).toMatch(/<th scope="row"[^>]*>Kenmerk<\/th><td>RA-2022-0412<\/td>/);
  });

  it("has an accessibility statement after the national model: status, dates, known problems, contact per gemeente, the ombudsman", async () => {
    const html = text(await page("toegankelijkheid"));
    expect(html).toMatch(/Status [A-E]: /);
    expect(html).toMatch(/Verklaring opgesteld op \d{1,2} \w+ 20\d\d/);
    expect(html).toMatch(/Laatste controle \d{1,2} \w+ 20\d\d/);
    expect(html).toContain("Wat nog niet goed is");
    for (const [naam, telefoon] of [["Raalte", "14 0572"], ["Zwolle", "14 038"], ["Steenwijkerland", "14 0521"], ["Diemen", "14 020"]]) {
      expect(html).toMatch(new RegExp(`Gemeente ${naam}, [^,]+, telefoon ${telefoon}`));
    }
    expect(html).toContain("Nationale ombudsman");
    expect(html).toContain("PDF/A-2u en PDF/UA-1");
    expect(html).not.toMatch(/niet getoetst aan PDF\/UA/);
  });

  it("groups a gemeente's archive by year and quarter", async () => {
    const html = text(await page("raalte"));
    expect(html).toContain("2022");
    expect(html).toContain("2e kwartaal 2022");
    expect(html).toContain("Sturingsinformatie");
  });

  it("shows seed 000's key figure 458 and an SVG line chart with the series 2021 and 2022", async () => {
    const html = await page("raalte/2022/sturingsinformatie-jeugdhulp-2022-q2");
    expect(html).toMatch(/<strong class="kerncijfer-waarde"[^>]*>458<\/strong>/);
    const svg = html.match(/<svg[^>]*class="marks"[\s\S]*?<\/svg>/)?.[0] ?? "";
    expect(svg.match(/<g class="mark-line role-mark[^"]*"[^>]*><path/g)).toHaveLength(2);
    expect(svg).not.toMatch(/aria-label="[^"]*(axis|legend|titled)/i);
    expect(svg).toContain(">2021</text>");
    expect(svg).toContain(">2022</text>");
    // Text alternative and table alternative beside the chart.
    expect(html).toMatch(/role="img" aria-label="Lijndiagram: [^"]*2021[^"]*2022/);
    expect(html).toContain("Tabel bij deze grafiek");
  });

  it("shows seed 001's budget table with its totals in Dutch notation", async () => {
    const html = text(await page("raalte/2022/jeugdzorg-in-raalte"));
    for (const total of ["10.621.692", "11.261.943", "-640.251", "11.747.232", "1.125.540", "485.289"]) expect(html).toContain(total);
    expect(html).toContain("€ 6.961,30");
  });

  it("renders each note in its gemeente's house style", async () => {
    const raalte = await page("raalte/2022/sturingsinformatie-jeugdhulp-2022-q2");
    const profile = JSON.parse(await readFile(join(REPO, "data/raalte/profiel.json"), "utf8"));
    expect(raalte).toContain(`--kleur-primair: ${profile.huisstijl.kleuren.primair}`);
    expect(raalte).toContain(`aria-label="Gemeente Raalte"`);
  });
});
