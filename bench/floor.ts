import { launchBrowser, PRINT_PAGES } from "../src/pdf/browser.ts";
import { openPrintPage, printPage } from "../src/pdf/render.ts";
import { DEFAULT_SITE_URL } from "../src/settings.ts";

/**
 * The print floor: the same built pages printed by one warm Chromium with nota's own page setup and
 * print options (src/pdf/render.ts) and as many pages at a time, and nothing else — no site, no
 * post-processing, no signing. Whatever nota does beyond this is its own cost.
 */
export async function printFloor(siteDir: string, paths: string[], concurrency = PRINT_PAGES): Promise<number> {
  const origin = new URL(DEFAULT_SITE_URL).origin;
  const { browser, close } = await launchBrowser();
  try {
    const pages = await Promise.all(Array.from({ length: concurrency }, () => openPrintPage(browser, siteDir, origin)));
    // Warm: the first print of each page loads fonts and styles, as early PDFs of a build do.
    await Promise.all(pages.map((page, i) => printPage(page, paths[i % paths.length]!, origin)));
    const queue = [...paths];
    const start = performance.now();
    await Promise.all(pages.map(async (page) => {
      for (let path = queue.shift(); path; path = queue.shift()) await printPage(page, path, origin);
    }));
    return (performance.now() - start) / 1000;
  } finally {
    await close();
  }
}
