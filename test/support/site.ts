import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { parse } from "yaml";
import { launchBrowser, serveFolder } from "../../src/pdf/browser.ts";
import { DEFAULT_SITE_URL } from "../../src/settings.ts";

/** The origin under which the tests see a built site, as nota does when it prints. */
export const SITE_ORIGIN = new URL(DEFAULT_SITE_URL).origin;
import { REPO } from "./run.ts";

/**
 * The moment the tests build the sample archive as of (Dutch time): after its versions were
 * published (26 November 2026), before the embargo of the Diemen note ends (15 December 2026).
 * A build as of a moment leaves the register alone, so the tests never write into the repository.
 */
export const SAMPLE_MOMENT = "2026-12-01T12:00";

/** The ids of all the sample archive's notes, `<gemeente>/<year>/<slug>`, published or not. */
export async function allSampleNotes(): Promise<string[]> {
  const files = await readdir(join(REPO, "content"), { recursive: true });
  return files.filter((f) => f.endsWith(".mdx")).map((f) => f.replace(/\.mdx$/, "")).sort();
}

/** The sample notes that are public as of SAMPLE_MOMENT: no concept, not withdrawn, no embargo after it (all in December 2026). */
export async function sampleNotes(): Promise<string[]> {
  const published: string[] = [];
  for (const id of await allSampleNotes()) {
    const fm = parse((await readFile(join(REPO, "content", `${id}.mdx`), "utf8")).split(/^---$/m)[1]!) as Record<string, unknown>;
    const embargo = typeof fm.openbaarVanaf === "string" && fm.openbaarVanaf > SAMPLE_MOMENT;
    if (fm.status !== "concept" && !fm.ingetrokken && !embargo) published.push(id);
  }
  return published;
}

/** The URL path of every HTML page in a built site, e.g. `/raalte/2022/memo/`. */
export async function htmlPages(site: string): Promise<string[]> {
  const files = await readdir(site, { recursive: true });
  return files
    .filter((f) => f.endsWith(".html") && !f.startsWith("pagefind"))
    .map((f) => `/${f.replace(/index\.html$/, "")}`)
    .sort();
}

/**
 * The search indexes of a built site, one per gemeente as the search page merges them: each
 * gemeente's languages and page count, read from Pagefind's own entry file.
 */
export async function searchIndexes(site: string): Promise<Record<string, { languages: string[]; pages: number }>> {
  const { indexen } = JSON.parse(await readFile(join(site, "pagefind/indexen.json"), "utf8")) as { indexen: string[] };
  const entries = await Promise.all(
    indexen.map(async (bundle) => {
      const entry = JSON.parse(await readFile(join(site, bundle, "pagefind-entry.json"), "utf8")) as { languages: Record<string, { page_count: number }> };
      const languages = Object.keys(entry.languages);
      return [bundle.split("/")[2]!, { languages, pages: languages.reduce((sum, language) => sum + entry.languages[language]!.page_count, 0) }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** One headless browser with one page that sees the built site under SITE_ORIGIN. */
export async function openSite(site: string): Promise<{ page: Page; visit: (path: string) => Promise<void>; close: () => Promise<void> }> {
  const { browser, close } = await launchBrowser();
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await serveFolder(page, site, SITE_ORIGIN);
  const visit = async (path: string) => {
    const response = await page.goto(`${SITE_ORIGIN}${path}`, { waitUntil: "load" });
    if (!response?.ok()) throw new Error(`${path}: ${response?.status()}`);
  };
  return { page, visit, close };
}

/** Runs a query in Pagefind's search UI on /zoeken/ and returns the result links once all are shown. */
export async function searchFor(page: Page, visit: (path: string) => Promise<void>, query: string): Promise<string[]> {
  await visit("/zoeken/");
  await page.waitForSelector(".pagefind-ui__search-input");
  await page.type(".pagefind-ui__search-input", query);
  await page.waitForSelector(".pagefind-ui__message", { visible: true });
  await page.waitForFunction(() => !document.querySelector(".pagefind-ui__message")?.textContent?.match(/Zoeken naar|Searching/));
  // Pagefind announces how many it found, shows the first few and a button for more: every one is
  // read (the button may appear a moment after the message, so the count decides, not the button).
  const total = Number((await page.$eval(".pagefind-ui__message", (m) => m.textContent ?? "")).match(/\d+/)?.[0] ?? 0);
  const shown = () => page.$$eval(".pagefind-ui__result-link", (links) => links.length);
  for (let count = await shown(); count < total; count = await shown()) {
    await page.waitForFunction((n) => document.querySelectorAll(".pagefind-ui__result-link").length > n || document.querySelector(".pagefind-ui__button"), {}, count);
    if ((await shown()) > count) continue;
    await page.click(".pagefind-ui__button");
    await page.waitForFunction((n) => document.querySelectorAll(".pagefind-ui__result-link").length > n, {}, count);
  }
  await page.waitForFunction(() => [...document.querySelectorAll(".pagefind-ui__result")].every((r) => r.querySelector(".pagefind-ui__result-link")));
  return page.$$eval(".pagefind-ui__result-link", (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
}
