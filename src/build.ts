import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { prepareArchive } from "./archive.ts";
import { BuildCache } from "./cache.ts";
import type { ProjectPaths } from "./paths.ts";
import type { Progress } from "./progress.ts";
import { buildPdfs, linkPdfSizes } from "./pdf/stage.ts";
import { acquireLocks } from "./publish/lock.ts";
import { keepPublishedParts, keepPublishedPdfs, readPublished } from "./publish/published.ts";
import { Staging } from "./publish/staging.ts";
import { indexSite } from "./search/index-site.ts";
import { openSigningKeys, signPdfs } from "./sign/stage.ts";
import { buildSite } from "./site/build-site.ts";

export interface BuildOptions {
  /** Build and publish only this gemeente's part; the other gemeenten's parts stay as published. */
  gemeente?: string;
  pdf: boolean;
  release: boolean;
}

export interface BuildReport {
  notes: number;
  charts: number;
  /** PDFs printed and signed in this build; the rest came from the cache of earlier builds. */
  pdfs: { rendered: number; reused: number };
  signatures: { signed: number; reused: number };
  seconds: Record<string, number>;
}

/**
 * The whole pipeline: validate → charts → pages → PDFs → signatures → publish. Everything is
 * written to a staging folder first; the published archive changes only when all succeeded.
 * One build at a time per archive and per output folder.
 */
export async function buildArchive(paths: ProjectPaths, options: BuildOptions, progress: Progress): Promise<BuildReport> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    progress.stage(stage);
    const start = performance.now();
    try {
      return await work();
    } finally {
      seconds[stage] = (performance.now() - start) / 1000;
    }
  };

  const lock = await acquireLocks([join(paths.work, "bouw.lock"), join(dirname(paths.out), `.${basename(paths.out)}.lock`)]);
  const staging = new Staging(paths.out);
  const interrupt = (signal: NodeJS.Signals) => {
    staging.abandon();
    lock.release();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
  try {
    const cache = new BuildCache(join(paths.work, "cache"));
    // A build of one gemeente keeps the others as published: their notes are listed (home page,
    // sitemaps, search) only as far as their pages were published.
    const published = await readPublished(paths.out);
    const ownPart = (note: { gemeente: string }) => !options.gemeente || note.gemeente === options.gemeente;
    const archive = await timed("valideren en grafieken", () =>
      prepareArchive(paths, { gemeente: options.gemeente, select: (note) => ownPart(note) || published.pages.has(note.id), cache }),
    );
    const notes = Object.values(archive.notes);
    const printed = options.pdf ? notes.filter(ownPart) : [];
    const kept = notes.filter((note) => !printed.includes(note) && published.pdfs.has(note.id));
    archive.pdfs = [...printed, ...kept].map((note) => note.id);
    // Keys are opened before any work, so a wrong passphrase fails in seconds.
    const keys = printed.length > 0 ? await openSigningKeys(archive, printed, paths, { release: options.release }, progress) : undefined;
    let pdfs = { rendered: 0, reused: 0 };
    let signatures = { signed: 0, reused: 0 };

    await staging.open();
    await mkdir(paths.work, { recursive: true });
    const workDir = await mkdtemp(join(paths.work, "bouw-"));
    try {
      await timed("pagina's", () => buildSite(archive, paths, staging.dir, workDir));
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    const others = options.gemeente ? Object.keys(archive.gemeenten).filter((g) => g !== options.gemeente) : [];
    await keepPublishedParts(paths.out, staging.dir, others);
    await keepPublishedPdfs(paths.out, staging.dir, kept.filter(ownPart).map((note) => note.id));
    await timed("zoekindex", () => indexSite(staging.dir));
    if (printed.length > 0) {
      pdfs = await timed("PDF's", () => buildPdfs(archive, printed, staging.dir, cache, progress));
      signatures = await timed("handtekeningen", () => signPdfs(archive, printed, keys!, staging.dir, cache, progress));
    }
    await linkPdfSizes([...printed, ...kept].filter(ownPart), staging.dir);
    await timed("publiceren", () => staging.publish());
    if (options.pdf && !options.gemeente) await cache.prune();
    return { notes: notes.filter(ownPart).length, charts: Object.keys(archive.charts).length, pdfs, signatures, seconds };
  } catch (error) {
    staging.abandon();
    throw error;
  } finally {
    process.off("SIGINT", interrupt).off("SIGTERM", interrupt);
    lock.release();
  }
}
