import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import axe from "axe-core";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseNote } from "../src/content/load.ts";
import { serveFolder } from "../src/pdf/browser.ts";
import type { Diagnostic } from "../src/errors.ts";
import { pdfInfo, pdfText } from "./support/pdf.ts";
import { openPdf } from "./support/pdfjs.ts";
import { copyFixture, nota, REPO } from "./support/run.ts";
import { openSite, searchFor, SITE_ORIGIN } from "./support/site.ts";

const site = inject("sampleSite");
const DECK = "raalte/2022/jeugdzorg-in-raalte";
const PDF = join(site, `${DECK}.pdf`);
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** The deck's source: its slide titles (the title slide, then each `##`) and its speaker notes. */
async function deckSource(): Promise<{ titles: string[]; notes: string[] }> {
  const text = await readFile(join(REPO, "content", `${DECK}.mdx`), "utf8");
  const title = /^titel: "(.*)"$/m.exec(text)![1]!;
  return {
    titles: [title, ...[...text.matchAll(/^## (.+)$/gm)].map((m) => m[1]!)],
    notes: [...text.matchAll(/<Spreekteksten>\n([^\n]+)\n<\/Spreekteksten>/g)].map((m) => m[1]!),
  };
}

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describe("a presentatie's PDF: seed 001 as a deck", () => {
  it("has one 16:9 page per slide", async () => {
    const { titles } = await deckSource();
    expect(titles).toHaveLength(18);
    expect(Number(pdfInfo(PDF).Pages)).toBe(titles.length);
    const sizes = execFileSync("pdfinfo", ["-f", "1", "-l", String(titles.length), PDF], { encoding: "utf8" }).match(/^Page +\d+ size: +[\d.]+ x [\d.]+/gm)!;
    expect(sizes).toHaveLength(titles.length);
    for (const line of sizes) {
      const [width, height] = line.split("size:")[1]!.split(" x ").map(Number) as [number, number];
      expect(width / height, line).toBeGreaterThanOrEqual(1.77);
      expect(width / height, line).toBeLessThanOrEqual(1.78);
    }
  });

  it("has an outline with one entry per slide, the slide titles in order", async () => {
    const { titles } = await deckSource();
    const document = await openPdf(PDF);
    type Item = { title: string; items: Item[] };
    const flat = (items: Item[]): string[] => items.flatMap((item) => [item.title, ...flat(item.items)]);
    expect(flat(((await document.getOutline()) ?? []) as Item[])).toEqual(titles);
  });

  it("prints each slide's heading on its own page, and nothing of the next", async () => {
    const { titles } = await deckSource();
    for (const [i, title] of titles.entries()) {
      const text = pdfText(PDF, "-f", String(i + 1), "-l", String(i + 1));
      const lines = text.split("\n").map((line) => line.trim());
      expect(lines, `p. ${i + 1}`).toContain(title);
      if (i + 1 < titles.length) expect(lines, `p. ${i + 1}`).not.toContain(titles[i + 1]);
      // The house style: kenmerk and slide number on every slide.
      expect(oneLine(text), `p. ${i + 1}`).toContain(`RA-2022-0874 ${i + 1} / ${titles.length}`);
    }
  });

  it("holds the budget table's totals and the income 2023-2026 on their slides", () => {
    const budget = oneLine(pdfText(PDF, "-f", "8", "-l", "8"));
    for (const total of ["10.621.692", "11.261.943", "-640.251"]) expect(budget).toContain(total);
    const income = oneLine(pdfText(PDF, "-f", "9", "-l", "9"));
    expect(income).toContain("€ 2.615.000 € 2.455.000 € 2.262.000 € 1.559.000 € 11.479.000 € 11.120.000 € 10.928.000 € 10.225.000 Totaal");
  });

  it("marks the slide number, kenmerk and wordmark as artifacts: a screen reader reads the slides, not their frame", () => {
    const structure = execFileSync("pdfinfo", ["-struct-text", PDF], { encoding: "utf8" });
    expect(structure).toContain("Drie routes naar jeugdhulp");
    expect(structure).not.toContain("RA-2022-0874");
    expect(structure).not.toMatch(/\d+ \/ 18/);
  });

  it("leaves the speaker notes out", async () => {
    const { notes } = await deckSource();
    expect(notes.length).toBeGreaterThanOrEqual(4);
    const text = oneLine(pdfText(PDF));
    for (const note of notes) expect(text).not.toContain(note.slice(0, 40));
  });
});

describe("a presentatie on the site", () => {
  let browser: Awaited<ReturnType<typeof openSite>>;
  beforeAll(async () => {
    browser = await openSite(site);
    // The site's Content-Security-Policy forbids inline script; axe-core is let in past it.
    await browser.page.setBypassCSP(true);
  });
  afterAll(() => browser?.close());

  async function violations(page: Page): Promise<string[]> {
    if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axe.source });
    const results = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG_21_AA);
    return results.violations.map((v) => `${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  const state = (page: Page) =>
    page.evaluate(() => ({
      hash: location.hash,
      presenting: document.documentElement.classList.contains("presenterend"),
      visible: [...document.querySelectorAll(".dias > .dia")].filter((s) => s.checkVisibility({ visibilityProperty: true })).map((s) => s.id),
      focus: document.activeElement?.id || document.activeElement?.textContent,
    }));

  it("shows every slide as a 16:9 block without script, the speaker notes only in their inert template", async () => {
    const html = await readFile(join(site, DECK, "index.html"), "utf8");
    const { titles, notes } = await deckSource();
    const ids = [...html.matchAll(/<section class="[^"]*\bdia\b[^"]*" id="(dia-\d+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(titles.map((_, i) => `dia-${i + 1}`));
    const outsideTemplates = html.replace(/<template class="spreektekst"[^>]*>[\s\S]*?<\/template>/g, "");
    for (const note of notes) {
      expect(html).toContain(note.slice(0, 40));
      expect(outsideTemplates).not.toContain(note.slice(0, 40));
    }
    expect(html).toContain('<script src="/dias.js" defer></script>');

    const page = await browser.page.browser().newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setJavaScriptEnabled(false);
    await serveFolder(page, site, SITE_ORIGIN);
    await page.goto(`${SITE_ORIGIN}/${DECK}/`, { waitUntil: "load" });
    const ratios = await page.$$eval(".dias > .dia", (slides) => slides.map((s) => s.getBoundingClientRect()).map((r) => Math.round((r.width / r.height) * 100) / 100));
    expect(ratios).toEqual(titles.map(() => 1.78));
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(notes[0]!.slice(0, 40));
    expect(await page.$eval(".presenteren", (p) => (p as HTMLElement).hidden)).toBe(true);
    await page.close();
  });

  it("is found in search by what its slides say, never by its speaker notes", async () => {
    expect(await searchFor(browser.page, browser.visit, "gezinsbescherming")).toContain(`/${DECK}/`);
    // "subsidieverlening" is in a speaker note of the deck and nowhere else in it (other notes may share its stem).
    expect(await searchFor(browser.page, browser.visit, "subsidieverlening")).not.toContain(`/${DECK}/`);
  });

  it("presents with the keyboard: arrows and space move #dia-N, S shows the speaker notes, Esc leaves; axe-core finds nothing in either view", async () => {
    const { page } = browser;
    const { titles, notes } = await deckSource();
    await browser.visit("/raalte/");
    await browser.visit(`/${DECK}/#dia-4`);
    expect(await violations(page)).toEqual([]);
    await page.focus("[data-presenteren]");
    await page.keyboard.press("Enter");
    expect(await state(page)).toEqual({ hash: "#dia-4", presenting: true, visible: ["dia-4"], focus: "dia-4" });
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press("ArrowRight");
    expect((await state(page)).hash).toBe("#dia-5");
    await page.keyboard.press("Space");
    expect(await state(page)).toMatchObject({ hash: "#dia-6", visible: ["dia-6"] });
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(await state(page)).toMatchObject({ hash: "#dia-2", visible: ["dia-2"] });
    await page.keyboard.press("End");
    expect((await state(page)).hash).toBe(`#dia-${titles.length}`);
    await page.keyboard.press("ArrowRight");
    expect((await state(page)).hash).toBe(`#dia-${titles.length}`);
    await page.keyboard.press("Home");
    await page.keyboard.press("ArrowDown");
    expect((await state(page)).hash).toBe("#dia-2");

    // Presenter view: this slide's notes and the next slide's title.
    await page.keyboard.press("s");
    const panel = await page.$eval(".dias-spreektekst", (p) => ({ hidden: (p as HTMLElement).hidden, text: (p as HTMLElement).innerText }));
    expect(panel.hidden).toBe(false);
    expect(oneLine(panel.text)).toContain(notes[0]);
    expect(panel.text).toContain(`Hierna: ${titles[2]}`);
    expect(await violations(page)).toEqual([]);

    // The keyboard reaches the controls and stays within what is on screen, but is never trapped: Esc leaves.
    const reached = new Set<string>();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      // Past the last control focus goes to the browser (the body here), and comes round again.
      reached.add(await page.evaluate(() => {
        const focused = document.activeElement;
        if (!focused || focused === document.body) return "browser";
        return focused.closest(".dias-bediening, .dias-spreektekst, .dias") ? focused.textContent ?? "" : `buiten: ${focused.outerHTML.slice(0, 60)}`;
      }));
    }
    expect([...reached].filter((r) => r.startsWith("buiten"))).toEqual([]);
    expect([...reached]).toEqual(expect.arrayContaining(["Vorige dia", "Volgende dia", "Spreektekst", "Stoppen"]));
    await page.keyboard.press("Escape");
    expect(await state(page)).toEqual({ hash: "#dia-2", presenting: false, visible: titles.map((_, i) => `dia-${i + 1}`), focus: "Presenteren" });
    expect(await page.$(".dias-bediening")).toBeNull();
    expect(await page.$$eval("[inert]", (elements) => elements.length)).toBe(0);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Tabel bij deze grafiek");
  });
});

describe("what a deck may hold", () => {
  const deck = (body: string) => `---\nsoort: presentatie\ntitel: "Dek"\ndatum: "2022-11-22"\nkwartaal: "2022-Q4"\nonderwerpen: [jeugdhulp]\nkenmerk: "RA-1"\nportefeuillehouder: "wethouder"\nstatus: verzonden\nsamenvatting: "Een dek."\n---\n${body}`;
  const parse = (text: string) => {
    const diagnostics: Diagnostic[] = [];
    const note = parseNote(text, "content/raalte/2022/dek.mdx", { gemeente: "raalte", year: "2022", slug: "dek" }, diagnostics);
    return { note, messages: diagnostics.map((d) => `${d.line}: ${d.message} (${d.origin})`) };
  };

  it("makes a slide of each ## section, after the title slide", () => {
    const { note, messages } = parse(deck("\n## Eén\n\nTekst.\n\n<Spreekteksten>\nZeg dit.\n</Spreekteksten>\n\n## Twee\n\n- a\n"));
    expect(messages).toEqual([]);
    expect(note?.sections).toEqual([{ title: "Eén", line: 13 }, { title: "Twee", line: 21 }]);
  });

  it("refuses text before the first slide, other headings, footnotes, and speaker notes outside a deck", () => {
    expect(parse(deck("\nInleiding.\n\n## Eén\n\n### Onderkop\n\nZie de bron.[^1]\n\n[^1]: Een bron.\n")).messages).toEqual([
      "13: in een presentatie begint elke dia met een kop ## en staat er niets vóór de eerste; de titeldia komt uit de frontmatter (nota:dia)",
      "17: een dia heeft één kop (##); '### Onderkop' begint geen dia: maak er een ## van of zet de tekst vet (nota:dia)",
      "21: een presentatie heeft geen voetnoten: zet de bron op de dia zelf (nota:dia)",
    ]);
    const memo = deck("\n## Eén\n\n<Spreekteksten>\nZeg dit.\n</Spreekteksten>\n").replace("soort: presentatie", "soort: memo").replace('samenvatting: "Een dek."', 'kernboodschap: "Kort."');
    expect(parse(memo).messages).toEqual(["15: <Spreekteksten> hoort bij een dia: alleen een presentatie heeft spreekteksten (nota:dia)"]);
  });

  it("fails the build on a slide that does not fit, naming note, slide and how much too tall, and publishes nothing", { timeout: 300_000 }, async () => {
    const root = await copyFixture();
    const bullets = Array.from({ length: 24 }, (_, i) => `- Punt ${i + 1} van een dia die te vol is.`).join("\n");
    await writeFile(join(root, "content/testdorp/2022/dek-te-vol.mdx"), deck(`\n## Past wel\n\nKort.\n\n## Veel te veel\n\n${bullets}\n`).replace('kenmerk: "RA-1"', 'kenmerk: "TD-2"'));
    await mkdir(join(root, "dist"));
    await writeFile(join(root, "dist/vorige.txt"), "vorige publicatie");
    const result = nota(["build", "--root", root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}content\/testdorp\/2022\/dek-te-vol\.mdx:17: dia 3 'Veel te veel' past niet op haar pagina: de inhoud is \d+ px te hoog \(een dia is 1920 × 1080 px\); verdeel haar over twee dia's of kort de tekst in \(nota:dia\)$/m);
    expect(result.stderr).not.toContain("Past wel");
    const tooTall = Number(/(\d+) px te hoog/.exec(result.stderr)![1]);
    // 24 lines of 40 px body text (1.3 line height) and their spacing, where some 13 fit.
    expect(tooTall).toBeGreaterThan(400);
    expect(tooTall).toBeLessThan(1000);
    expect(await readdir(join(root, "dist"))).toEqual(["vorige.txt"]);
    expect(existsSync(join(root, "dist/testdorp"))).toBe(false);
  });
});
