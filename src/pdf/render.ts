import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { NotaError } from "../errors.ts";
import { serveFolder } from "./browser.ts";
import { makeArchival } from "./archival.ts";
import { loadPdf, savePdf } from "./document.ts";

/** One note to print: the page it is printed from and the document properties it gets. */
export interface PdfJob {
  id: string;
  /** Path of the note's page in the built site, e.g. `/raalte/2022/memo-q2/`. */
  page: string;
  outFile: string;
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  /** The note's date: also the PDF's creation date, so the same input gives the same bytes. */
  date: string;
}

export interface RenderOptions {
  siteDir: string;
  /** The published site's origin, under which the browser sees `siteDir`. */
  origin: string;
  /** The sRGB profile of PDF/A's output intent. */
  colourProfile: Uint8Array;
  concurrency: number;
  onDone?: (job: PdfJob) => void;
}

/**
 * Prints each note's own built page to an A4 PDF with a small pool of reused pages in one
 * browser. Header, footer and page numbers come from the print stylesheet's @page rules.
 */
export async function renderPdfs(browser: Browser, jobs: PdfJob[], options: RenderOptions): Promise<void> {
  const queue = [...jobs];
  const worker = async (page: Page) => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const pdf = await printPage(page, job.page, options.origin);
      await mkdir(dirname(job.outFile), { recursive: true });
      await writeFile(job.outFile, await withProperties(pdf, job, options.colourProfile));
      options.onDone?.(job);
    }
  };
  const pages = await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, () => openPrintPage(browser, options.siteDir, options.origin)));
  try {
    await Promise.all(pages.map(worker));
  } finally {
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  }
}

/** A browser page set up to print the built site in `siteDir`, seen under `origin`. */
export async function openPrintPage(browser: Browser, siteDir: string, origin: string): Promise<Page> {
  const page = await browser.newPage();
  // Laid out for print from the start, and only a strip painted for the screen: the
  // browser then does the layout once and rasterises little it will never show.
  // The pages need no script; without it nothing on a page can change the PDF before it is signed.
  await page.setJavaScriptEnabled(false);
  await page.emulateMediaType("print");
  await page.setViewport({ width: A4_WIDTH_PX, height: 200 });
  await serveFolder(page, siteDir, origin);
  return page;
}

/** 210 mm at the CSS 96 px per inch. */
const A4_WIDTH_PX = 794;

/** Prints one page of the built site (`/raalte/2022/memo/`) as Chromium does it for every nota PDF. */
export async function printPage(page: Page, path: string, origin: string): Promise<Uint8Array> {
  const response = await page.goto(`${origin}${path}`, { waitUntil: "load" });
  if (!response?.ok()) throw new NotaError([{ origin: "nota:pdf", message: `pagina ${path} niet gevonden in de gebouwde site` }]);
  // Ready when the house-style fonts are loaded; charts are static SVG already.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, timeout: 120_000 });
}

/**
 * Makes the printed PDF archival and accessible (PDF/A-2u, PDF/UA-1) with the note's document
 * properties, its dates fixed to the note's date.
 */
async function withProperties(pdf: Uint8Array, job: PdfJob, colourProfile: Uint8Array): Promise<Uint8Array> {
  const document = await loadPdf(pdf);
  makeArchival(document, {
    id: job.page,
    title: job.title,
    author: job.author,
    subject: job.subject,
    keywords: job.keywords,
    language: "nl-NL",
    creator: "nota",
    producer: "nota (Chromium, pdf-lib)",
    date: new Date(`${job.date}T12:00:00Z`),
  }, colourProfile);
  return stableStructureIds(await savePdf(document));
}

const STRUCTURE_ID = /\(node(\d{8})\)/g;

/**
 * Chromium names tagged-PDF structure elements after DOM node ids, which depend on what the
 * renderer did before. Renumbering them by rank (same length, same order) keeps the file's
 * offsets and the sorted ID tree valid and makes the same note give the same bytes.
 */
function stableStructureIds(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString("latin1");
  const ids = [...new Set([...text.matchAll(STRUCTURE_ID)].map((m) => m[1]!))].sort();
  const rank = new Map(ids.map((id, i) => [id, String(i).padStart(8, "0")]));
  return Buffer.from(text.replace(STRUCTURE_ID, (_, id: string) => `(node${rank.get(id)})`), "latin1");
}
