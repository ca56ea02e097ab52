import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PreparedArchive } from "../archive.ts";
import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import { forEachFile } from "../concurrency.ts";
import type { Note } from "../content/load.ts";
import { KINDS } from "../content/kinds.ts";
import { deckSlides } from "../content/slides.ts";
import { formatFileSize } from "../format/dutch.ts";
import { collectGarbage } from "../memory.ts";
import type { Progress } from "../progress.ts";
import { noteUrl } from "../publication/addresses.ts";
import { PRINT_PAGES, type BrowserSession } from "./browser.ts";
import { renderPdfs, type PdfJob } from "./render.ts";

/** The PDF of a note sits beside its page: `<site>/<gemeente>/<year>/<slug>.pdf`. */
export function pdfPath(siteDir: string, note: Pick<Note, "id">): string {
  return join(siteDir, `${note.id}.pdf`);
}

export function pdfJob(archive: PreparedArchive, note: Note, siteDir: string): PdfJob {
  const profile = archive.gemeenten.get(note.gemeente)!;
  const mark = archive.publication.get(note.id)?.mark;
  return {
    id: note.id,
    page: noteUrl(note),
    outFile: pdfPath(siteDir, note),
    // A concept's PDF says what it is in its title too, not only on the page.
    title: mark ? `${mark.label} — ${note.frontmatter.titel}` : note.frontmatter.titel,
    author: `Gemeente ${profile.naam}`,
    subject: KINDS[note.frontmatter.soort].label,
    keywords: note.frontmatter.onderwerpen,
    date: note.frontmatter.datum,
    file: note.file,
    slides: note.frontmatter.soort === "presentatie" ? deckSlides(note) : [],
  };
}

/**
 * Prints the notes from the built site in `siteDir`, with one browser for all of them. A note
 * whose page (with its inline styles, chart SVG and asset names) is unchanged since an earlier
 * build reuses that build's PDF from the cache. Returns how many were printed.
 */
export interface PdfStage {
  archive: PreparedArchive;
  notes: Note[];
  siteDir: string;
  siteUrl: string;
  cache: BuildCache;
  progress: Progress;
  launchBrowser: () => Promise<BrowserSession>;
  /** The sRGB profile of PDF/A's output intent. */
  colourProfile: Uint8Array;
  /** Each note whose PDF is final in `siteDir` (from the cache or just printed), as soon as it is. */
  onPdf?: (note: Note) => void;
}

export async function buildPdfs({ archive, notes, siteDir, siteUrl, cache, progress, launchBrowser, colourProfile, onPdf }: PdfStage): Promise<{ rendered: number; reused: number }> {
  const keys = new Map<string, string>();
  const missing: Note[] = [];
  // The code that turns a page into a PDF, and the output intent's ICC profile that is part of every PDF.
  const version = sha256(await codeFingerprint(import.meta.url), colourProfile);
  const found = await forEachFile(notes, async (note) => {
    const key = sha256("pdf", version, await readFile(join(siteDir, note.id, "index.html")));
    keys.set(note.id, key);
    const cached = await cache.get(key);
    if (cached) await writeFile(pdfPath(siteDir, note), cached);
    return !!cached;
  });
  for (const [i, note] of notes.entries()) {
    if (found[i]) onPdf?.(note);
    else missing.push(note);
  }
  if (missing.length > 0) {
    collectGarbage();
    const { browser, close } = await launchBrowser();
    try {
      progress.start("PDF's", missing.length);
      await renderPdfs(browser, missing.map((note) => pdfJob(archive, note, siteDir)), {
        siteDir,
        origin: new URL(siteUrl).origin,
        colourProfile,
        concurrency: PRINT_PAGES,
        onDone: async (job) => {
          // Cached as printed, before onPdf may sign the file in place.
          const note = archive.notes.get(job.id)!;
          await cache.put(keys.get(note.id)!, await readFile(pdfPath(siteDir, note)));
          progress.tick(job.id);
          onPdf?.(note);
        },
      });
      progress.done(`${notes.length - missing.length} uit de cache`);
    } finally {
      await close();
    }
  } else {
    progress.info(`PDF's: alle ${notes.length} uit de cache`);
  }
  return { rendered: missing.length, reused: notes.length - missing.length };
}

/** Writes each PDF's size into its note page's download link, once the PDF is final. */
export async function linkPdfSizes(notes: Note[], siteDir: string): Promise<void> {
  await forEachFile(notes, async (note) => {
    const page = join(siteDir, note.id, "index.html");
    const size = formatFileSize((await stat(pdfPath(siteDir, note))).size);
    const html = await readFile(page, "utf8");
    await writeFile(page, html.replace("<span data-pdf-grootte></span>", `<span data-pdf-grootte> (PDF, ${size})</span>`));
  });
}
