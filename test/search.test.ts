import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openSite, sampleNotes, searchFor, searchIndexes } from "./support/site.ts";

const site = inject("sampleSite");
let browser: Awaited<ReturnType<typeof openSite>>;

beforeAll(async () => {
  browser = await openSite(site);
});
afterAll(() => browser?.close());

const gemeenten = (paths: string[]) => new Set(paths.map((path) => path.split("/")[1]));

describe("search in the built sample archive", () => {
  it("indexes the note pages only, in Dutch, in one index per gemeente", async () => {
    const notes = await sampleNotes();
    const perGemeente = Object.fromEntries([...gemeenten(notes.map((note) => `/${note}`))].sort().map((g) => [g, { languages: ["nl"], pages: notes.filter((note) => note.startsWith(`${g}/`)).length }]));
    expect(await searchIndexes(site)).toEqual(perGemeente);
    // Pagefind's default UI once, beside the indexes; no UI the search page does not load.
    const files = await readdir(join(site, "pagefind"), { recursive: true });
    expect(files.filter((file) => /ui\.(js|css)$/.test(file)).sort()).toEqual(["pagefind-ui.css", "pagefind-ui.js"]);
  });

  it("finds 'jeugdhulp' in the notes of every gemeente, from the search page", async () => {
    const results = await searchFor(browser.page, browser.visit, "jeugdhulp");
    expect(gemeenten(results).size).toBeGreaterThan(1);
    expect(results.sort()).toEqual((await sampleNotes()).map((note) => `/${note}/`).sort());
  });

  it.each(["10.621.692", "640.251"])("finds the Raalte presentation by its figure %s from seed 001", async (figure) => {
    const results = await searchFor(browser.page, browser.visit, figure);
    expect(results).toContain("/raalte/2022/jeugdzorg-in-raalte/");
  });

  it("offers the filters gemeente and soort, and filters on them", async () => {
    const { page } = browser;
    await searchFor(page, browser.visit, "jeugdhulp");
    const filters = await page.$$eval(".pagefind-ui__filter-checkbox", (boxes) => boxes.map((box) => `${(box as HTMLInputElement).name}: ${(box as HTMLInputElement).value}`));
    expect(filters).toEqual(["gemeente: Diemen", "gemeente: Raalte", "gemeente: Steenwijkerland", "gemeente: Zwolle", "soort: Bijlage", "soort: Informatienota", "soort: Memo", "soort: Presentatie", "soort: Raadsinformatiebrief"]);
    await page.click(".pagefind-ui__filter-name");
    await page.click("#gemeente-Zwolle");
    await page.waitForFunction(() => document.querySelectorAll(".pagefind-ui__result-link").length === 2);
    const results = await page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    expect(gemeenten(results)).toEqual(new Set(["zwolle"]));
  });

  it("takes the query from the address, as the form on the home page sends it", async () => {
    await browser.visit("/zoeken/?q=Hervormingsagenda");
    await browser.page.waitForSelector(".pagefind-ui__result-link");
    expect(await browser.page.$eval(".pagefind-ui__search-input", (input) => (input as HTMLInputElement).value)).toBe("Hervormingsagenda");
  });
});
