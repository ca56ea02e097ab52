import { join } from "node:path";
import { prepareArchive } from "./archive.ts";
import { BuildCache } from "./cache.ts";
import type { ProjectPaths } from "./paths.ts";
import type { Progress } from "./progress.ts";
import { buildPdfs, linkPdfSizes } from "./pdf/stage.ts";
import { Staging } from "./publish/staging.ts";
import { indexSite } from "./search/index-site.ts";
import { openSigningKeys, signPdfs } from "./sign/stage.ts";
import { buildSite } from "./site/build-site.ts";

export interface BuildOptions {
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

  const cache = new BuildCache(join(paths.work, "cache"));
  const archive = await timed("valideren en grafieken", () => prepareArchive(paths, { gemeente: options.gemeente, cache }));
  // Keys are opened before any work, so a wrong passphrase fails in seconds.
  const keys = options.pdf ? await openSigningKeys(archive, paths, { release: options.release }, progress) : undefined;
  let pdfs = { rendered: 0, reused: 0 };
  let signatures = { signed: 0, reused: 0 };
  const staging = new Staging(paths.out);
  const interrupt = (signal: NodeJS.Signals) => {
    staging.abandon();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
  try {
    await staging.open();
    await timed("pagina's", () => buildSite(archive, paths, staging.dir, { pdf: options.pdf }));
    await timed("zoekindex", () => indexSite(staging.dir));
    if (options.pdf) {
      const notes = Object.values(archive.notes);
      pdfs = await timed("PDF's", () => buildPdfs(archive, notes, staging.dir, cache, progress));
      signatures = await timed("handtekeningen", () => signPdfs(archive, notes, keys!, staging.dir, cache, progress));
      await linkPdfSizes(notes, staging.dir);
    }
    await timed("publiceren", () => staging.publish());
    if (options.pdf && !options.gemeente) await cache.prune();
  } catch (error) {
    staging.abandon();
    throw error;
  } finally {
    process.off("SIGINT", interrupt).off("SIGTERM", interrupt);
  }
  return { notes: Object.keys(archive.notes).length, charts: Object.keys(archive.charts).length, pdfs, signatures, seconds };
}
