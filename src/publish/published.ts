import { copyFile, cp, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { inner, NOTE_ID_PATTERN } from "../schema.ts";

// The published archive as a later build finds it. A gemeente's part of it is `/<gemeente>/`
// and `/data/<gemeente>/`; everything else (home page, search, sitemaps, assets) is shared.

/** What the published archive holds: note pages and PDFs by note id (`raalte/2022/memo`). */
export interface Published {
  pages: Set<string>;
  pdfs: Set<string>;
}

const PUBLISHED_PAGE = new RegExp(`^(${inner(NOTE_ID_PATTERN)})/index\\.html$`);
const PUBLISHED_PDF = new RegExp(`^(${inner(NOTE_ID_PATTERN)})\\.pdf$`);

export async function readPublished(out: string): Promise<Published> {
  const published: Published = { pages: new Set(), pdfs: new Set() };
  const files = await readdir(out, { recursive: true }).catch(() => [] as string[]);
  for (const file of files) {
    const page = PUBLISHED_PAGE.exec(file);
    const pdf = PUBLISHED_PDF.exec(file);
    if (page) published.pages.add(page[1]!);
    if (pdf) published.pdfs.add(pdf[1]!);
  }
  return published;
}

/**
 * Puts the published parts of the given gemeenten into the staging folder instead of what this
 * build made for them, byte for byte, with the shared assets their pages use.
 */
export async function keepPublishedParts(out: string, staging: string, gemeenten: string[]): Promise<void> {
  for (const gemeente of gemeenten) {
    for (const part of [gemeente, join("data", gemeente)]) {
      await rm(join(staging, part), { recursive: true, force: true });
      await cp(join(out, part), join(staging, part), { recursive: true, errorOnExist: false }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    }
  }
  await cp(join(out, "_astro"), join(staging, "_astro"), { recursive: true, force: false }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

/** Copies the published PDFs of notes this build does not print, so that a build without PDFs removes none. */
export async function keepPublishedPdfs(out: string, staging: string, ids: string[]): Promise<void> {
  for (const id of ids) await copyFile(join(out, `${id}.pdf`), join(staging, `${id}.pdf`));
}
