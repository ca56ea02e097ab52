import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join, normalize } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { IMAGE_TYPES } from "../content/references.ts";
import { NotaError } from "../errors.ts";
import { findSystemFile } from "../files.ts";

/** Debian's package chromium-headless-shell: Chrome's headless shell, the old headless mode on its own. */
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";

/**
 * Where nota looks for Chrome or Chromium, after the NOTA_CHROMIUM / PUPPETEER_EXECUTABLE_PATH
 * setting. Chrome's headless shell first: it prints the same pages with a third less memory
 * (100 notes: Chromium 1,130 → 771 MiB) in the same time, without the full browser's services.
 */
const KNOWN_BROWSERS = [HEADLESS_SHELL, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/**
 * Pages printing at the same time. Two: a third kept Chromium busier while Node finishes a PDF, but
 * took the build's peak memory past 2 GiB (npm run bench, 200 notes: 2,070 MiB, 1,618 of it Chromium).
 */
export const PRINT_PAGES = 2;

/**
 * Flags for a headless browser that never talks to the network on its own. As many renderer
 * processes as pages print: Chromium kept two more (the first blank tab, a spare), 170 MiB of a
 * 100-note build's peak, for the same time.
 */
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none", `--renderer-process-limit=${PRINT_PAGES}`];

/** The browser to print with: the configured one (settings.ts), or the first one found. */
export function findBrowser(configured?: string): string {
  return findSystemFile({
    setting: "NOTA_CHROMIUM",
    configured,
    candidates: KNOWN_BROWSERS,
    origin: "nota:browser",
    missing: "geen Chrome of Chromium gevonden: installeer het (Debian: 'apt-get install chromium-headless-shell', of 'npm run setup')",
  });
}

/** A started browser and how to stop it. */
export interface BrowserSession {
  browser: Browser;
  close: () => Promise<void>;
}

/** One headless browser for the whole build, with a throw-away profile. */
export async function launchBrowser(executablePath = findBrowser()): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), "nota-chromium-"));
  const browser = await puppeteer.launch({
    executablePath,
    // The shell is headless only; puppeteer must not ask it for the full browser's headless mode.
    headless: basename(executablePath).includes("headless-shell") ? "shell" : true,
    args: FLAGS,
    userDataDir: profile,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  }).catch(async (error: Error) => {
    await rm(profile, { recursive: true, force: true });
    // Puppeteer's message carries the browser's own stderr, which says why (a missing library, say).
    const reason = error.message.replace(/\s*TROUBLESHOOTING:.*$/s, "").replace(/\s+/g, " ").trim().slice(0, 500);
    throw new NotaError([{ file: executablePath, origin: "nota:browser", message: `de browser start niet: ${reason}` }]);
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".json": "application/json",
  ".csv": "text/csv",
  // The pictures a note may show (src/content/references.ts).
  ...Object.fromEntries(Object.entries(IMAGE_TYPES).map(([extension, type]) => [`.${extension}`, type.mime])),
};

/**
 * Serves a built folder to a page from disk under the archive's public origin, so links in the
 * printed PDFs point at the published site; every other request is refused, so nothing leaves
 * the machine while rendering.
 */
export async function serveFolder(page: Page, dir: string, origin: string): Promise<void> {
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin) {
      void request.abort("blockedbyclient");
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    if (path.endsWith("/")) path += "index.html";
    readFile(join(dir, path)).then(
      (body) => request.respond({ status: 200, contentType: MIME[extname(path)] ?? "application/octet-stream", body }),
      () => request.respond({ status: 404, contentType: "text/plain", body: "niet gevonden" }),
    );
  });
}
