import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { NotaError, type Diagnostic } from "../errors.ts";
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
  /** The note's source file, and for a presentatie its slides in order, to name one that does not fit. */
  file: string;
  slides: { title: string; line: number }[];
}

export interface RenderOptions {
  siteDir: string;
  /** The published site's origin, under which the browser sees `siteDir`. */
  origin: string;
  /** The sRGB profile of PDF/A's output intent. */
  colourProfile: Uint8Array;
  concurrency: number;
  /** Called once the job's PDF is written; printing goes on meanwhile. */
  onDone?: (job: PdfJob) => void | Promise<void>;
}

/**
 * Prints each note's own built page to a PDF (A4, a presentatie one 16:9 page per slide) with a
 * small pool of reused pages in one browser. Header, footer and page numbers come from the print
 * stylesheet's @page rules. A slide whose content does not fit is an error, after all notes.
 */
export async function renderPdfs(browser: Browser, jobs: PdfJob[], options: RenderOptions): Promise<void> {
  const queue = [...jobs];
  const diagnostics: Diagnostic[] = [];
  const worker = async (page: Page) => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      await openPage(page, job.page, options.origin);
      const overflowing = overflowProblems(job, await measureSlides(page));
      if (overflowing.length > 0) {
        diagnostics.push(...overflowing);
        continue;
      }
      const pdf = await printOpenPage(page);
      await mkdir(dirname(job.outFile), { recursive: true });
      await writeFile(job.outFile, await withProperties(pdf, job, options.colourProfile));
      await options.onDone?.(job);
    }
  };
  const pages = await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, jobs.length)) }, () => openPrintPage(browser, options.siteDir, options.origin)));
  try {
    await Promise.all(pages.map(worker));
  } finally {
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
  }
  if (diagnostics.length > 0) throw new NotaError(diagnostics);
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
  await openPage(page, path, origin);
  return printOpenPage(page);
}

async function openPage(page: Page, path: string, origin: string): Promise<void> {
  const response = await page.goto(`${origin}${path}`, { waitUntil: "load" });
  if (!response?.ok()) throw new NotaError([{ origin: "nota:pdf", message: `pagina ${path} niet gevonden in de gebouwde site` }]);
  // Ready when the house-style fonts are loaded; charts are static SVG already.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The print options of every nota PDF: the page size comes from the stylesheet (A4, or 16:9 for slides). */
function printOpenPage(page: Page): Promise<Uint8Array> {
  return page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, tagged: true, outline: true, timeout: 120_000 });
}

/** A slide's size in the design pixels of templates/kinds/dias.css. */
const SLIDE = { width: 1920, height: 1080 };

/**
 * How far the content of each slide (`.dia`, laid out for print as it will be printed) reaches
 * past its padding box, in design pixels. Measured from here: the page itself runs no script.
 */
function measureSlides(page: Page): Promise<{ tall: number; wide: number }[]> {
  return page.evaluate((design) => [...document.querySelectorAll(".dia")].map((slide) => {
    const box = slide.getBoundingClientRect();
    const style = getComputedStyle(slide);
    const scale = design.height / box.height;
    let bottom = box.top;
    let right = box.left;
    for (const element of slide.querySelectorAll("*")) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      bottom = Math.max(bottom, rect.bottom);
      right = Math.max(right, rect.right);
    }
    return {
      tall: Math.round((bottom - (box.bottom - parseFloat(style.paddingBottom))) * scale),
      wide: Math.round((right - (box.right - parseFloat(style.paddingRight))) * scale),
    };
  }), SLIDE);
}

/** A slide that does not fit is the author's to split or shorten, not the renderer's: an error naming it. */
function overflowProblems(job: PdfJob, measured: { tall: number; wide: number }[]): Diagnostic[] {
  return measured.flatMap(({ tall, wide }, i) => {
    const excess = [tall > 0 && `${tall} px te hoog`, wide > 0 && `${wide} px te breed`].filter(Boolean).join(" en ");
    if (!excess) return [];
    const slide = job.slides[i]!;
    return [{ file: job.file, line: slide.line, origin: "nota:dia", message: `dia ${i + 1} '${slide.title}' past niet op haar pagina: de inhoud is ${excess} (een dia is ${SLIDE.width} × ${SLIDE.height} px); verdeel haar over twee dia's of kort de tekst in` }];
  });
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
