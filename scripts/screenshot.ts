// Screenshots of built pages, to look at them as a reader would:
//   node scripts/screenshot.ts <site-dir> <out-dir> /raalte/ /raalte/2022/memo/ …
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launchBrowser, serveFolder } from "../src/pdf/browser.ts";
import { DEFAULT_SITE_URL } from "../src/settings.ts";

const SITE_ORIGIN = new URL(DEFAULT_SITE_URL).origin;

const [siteDir, outDir, ...pages] = process.argv.slice(2);
if (!siteDir || !outDir || pages.length === 0) {
  console.error("gebruik: node scripts/screenshot.ts <site-map> <uitvoermap> <pad> [<pad> …]");
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
const { browser, close } = await launchBrowser();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await serveFolder(page, siteDir, SITE_ORIGIN);
  for (const path of pages) {
    await page.goto(`${SITE_ORIGIN}${path}`, { waitUntil: "load" });
    const file = join(outDir, `${path.replace(/^\/|\/$/g, "").replace(/\//g, "_") || "home"}.png`);
    await page.screenshot({ path: file as `${string}.png`, fullPage: true });
    console.log(file);
  }
} finally {
  await close();
}
