import axe from "axe-core";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { htmlPages, openSite, searchFor } from "./support/site.ts";

const site = inject("sampleSite");
const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
let browser: Awaited<ReturnType<typeof openSite>>;

beforeAll(async () => {
  browser = await openSite(site);
  // The site's Content-Security-Policy forbids inline script, so axe-core is let in past it.
  await browser.page.setBypassCSP(true);
});
afterAll(() => browser?.close());

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now, one line each. */
async function violations(page: Page, label: string): Promise<string[]> {
  // Pagefind's search UI renders after load; check it as a reader sees it.
  if (await page.$("#zoeken")) await page.waitForSelector(".pagefind-ui__search-input");
  // Our pages have no frames: axe-core runs in the page itself.
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags } }), WCAG_21_AA);
  return results.violations.map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** The page's structure as a screen reader user meets it. */
function structure(page: Page) {
  return page.evaluate(() => ({
    landmarks: ["header", "nav", "main", "footer"].filter((tag) => document.querySelector(`body ${tag}`)),
    firstLink: document.querySelector("body a")?.getAttribute("href"),
    headings: [...document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")].map((h) => Number(h.tagName[1])),
  }));
}

describe("accessibility of the built sample archive (WCAG 2.1 AA)", () => {
  // One visit per page for both checks: axe-core takes about a second a page.
  it("has no axe-core violations on any page, and gives each landmarks, a skip link first and headings in order", { timeout: 600_000 }, async () => {
    const pages = await htmlPages(site);
    expect(pages.length).toBeGreaterThan(40);
    const found: string[] = [];
    for (const path of pages) {
      await browser.visit(path);
      found.push(...(await violations(browser.page, path)));
      const { landmarks, firstLink, headings } = await structure(browser.page);
      expect(landmarks, path).toEqual(["header", "nav", "main", "footer"]);
      expect(firstLink, path).toBe("#inhoud");
      expect(headings.filter((level) => level === 1), path).toHaveLength(1);
      expect(headings[0], path).toBe(1);
      headings.forEach((level, i) => i > 0 && expect(level - headings[i - 1]!, `${path}: h${headings[i - 1]} → h${level}`).toBeLessThanOrEqual(1));
    }
    console.info(`axe-core: ${pages.length} pagina's gecontroleerd, ${found.length} overtredingen`);
    expect(found).toEqual([]);
  });

  it("has no axe-core violations on a page of search results with filters", async () => {
    await searchFor(browser.page, browser.visit, "jeugdhulp");
    await browser.page.click(".pagefind-ui__filter-name");
    expect(await violations(browser.page, "/zoeken/ (resultaten)")).toEqual([]);
  });

  it("shows where the keyboard focus is", async () => {
    await browser.visit("/raalte/");
    await browser.page.keyboard.press("Tab");
    const skip = await browser.page.evaluate(() => {
      const link = document.activeElement as HTMLElement;
      const box = link.getBoundingClientRect();
      return { href: link.getAttribute("href"), visible: box.left >= 0 && box.top >= 0 && box.width > 0 };
    });
    expect(skip).toEqual({ href: "#inhoud", visible: true });
    await browser.page.keyboard.press("Tab");
    expect(await browser.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe("none");
  });

  it("gives every chart a text alternative and a table alternative", async () => {
    for (const path of (await htmlPages(site)).filter((p) => /^\/[a-z-]+\/\d{4}\//.test(p))) {
      await browser.visit(path);
      const charts = await browser.page.$$eval("figure.grafiek", (figures) =>
        figures.map((f) => ({
          alt: f.querySelector('[role="img"]')?.getAttribute("aria-label") ?? "",
          text: f.querySelector(".grafiek-beschrijving")?.textContent ?? "",
          rows: f.querySelectorAll("table tbody tr").length,
        })),
      );
      for (const chart of charts) {
        expect(chart.alt.length, path).toBeGreaterThan(20);
        expect(chart.text, path).toBe(chart.alt);
        expect(chart.rows, path).toBeGreaterThan(0);
      }
    }
  });
});
