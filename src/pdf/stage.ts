import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PreparedArchive } from "../archive.ts";
import type { Note } from "../content/load.ts";
import { KINDS } from "../content/kinds.ts";
import { formatFileSize } from "../format/dutch.ts";
import type { Progress } from "../progress.ts";
import { launchBrowser } from "./browser.ts";
import { renderPdfs, type PdfJob } from "./render.ts";

/** The PDF of a note sits beside its page: `<site>/<gemeente>/<year>/<slug>.pdf`. */
export function pdfPath(siteDir: string, note: Pick<Note, "id">): string {
  return join(siteDir, `${note.id}.pdf`);
}

export function pdfJob(archive: PreparedArchive, note: Note, siteDir: string): PdfJob {
  const profile = archive.gemeenten[note.gemeente]!;
  return {
    id: note.id,
    page: `/${note.id}/`,
    outFile: pdfPath(siteDir, note),
    title: note.frontmatter.titel,
    author: `Gemeente ${profile.naam}`,
    subject: KINDS[note.frontmatter.soort].label,
    keywords: note.frontmatter.onderwerpen,
    date: note.frontmatter.datum,
  };
}

/** Prints the given notes from the built site in `siteDir`, with one browser for all of them. */
export async function buildPdfs(archive: PreparedArchive, notes: Note[], siteDir: string, progress: Progress): Promise<void> {
  if (notes.length === 0) return;
  const { browser, close } = await launchBrowser();
  try {
    progress.start("PDF's", notes.length);
    await renderPdfs(browser, notes.map((note) => pdfJob(archive, note, siteDir)), { siteDir, concurrency: 2, onDone: (job) => progress.tick(job.id) });
    progress.done();
  } finally {
    await close();
  }
}

/** Writes each PDF's size into its note page's download link, once the PDF is final. */
export async function linkPdfSizes(notes: Note[], siteDir: string): Promise<void> {
  for (const note of notes) {
    const page = join(siteDir, note.id, "index.html");
    const size = formatFileSize((await stat(pdfPath(siteDir, note))).size);
    const html = await readFile(page, "utf8");
    await writeFile(page, html.replace("<span data-pdf-grootte></span>", `<span data-pdf-grootte> (PDF, ${size})</span>`));
  }
}
