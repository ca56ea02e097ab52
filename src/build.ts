import { join } from "node:path";
import { prepareArchive } from "./archive.ts";
import { BuildCache } from "./cache.ts";
import type { ProjectPaths } from "./paths.ts";
import type { Progress } from "./progress.ts";
import { buildPdfs, linkPdfSizes } from "./pdf/stage.ts";
import type { NoteState } from "./publication/plan.ts";
import { Staging } from "./publish/staging.ts";
import { copyRegisteredPdfs, recordNewVersions, serveEarlierVersions } from "./publish/versions.ts";
import { indexSite } from "./search/index-site.ts";
import { openSigningKeys, signPdfs } from "./sign/stage.ts";
import { buildSite } from "./site/build-site.ts";

export interface BuildOptions {
  gemeente?: string;
  pdf: boolean;
  release: boolean;
  /** Build as of this moment instead of now (`--per`): a simulation, which leaves the register as it is. */
  per?: Date;
  /** A preview for the college (`--concepten`): concepts and notes under embargo too, marked, nothing signed. */
  preview?: boolean;
}

export interface BuildReport {
  /** The notes on the site of this build. */
  notes: number;
  /** Every note by its state as of the build's moment; only `openbaar` ones are published (a preview shows all but withdrawn). */
  states: Record<NoteState, number>;
  charts: number;
  /** PDFs printed in this build, from the cache of earlier builds, and from the publication register. */
  pdfs: { rendered: number; reused: number; registered: number };
  signatures: { signed: number; reused: number };
  /** Earlier versions of corrected notes served from the register. */
  earlierVersions: number;
  /** Register files written: the versions published in this build. */
  recorded: string[];
  seconds: Record<string, number>;
}

/**
 * The whole pipeline: validate → publication → charts → pages → PDFs → signatures → register →
 * publish. Everything is written to a staging folder first; the published archive changes only
 * when all succeeded.
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
  const moment = options.per ?? new Date();
  const preview = !!options.preview;
  const { archive, plan } = await timed("valideren, publicatie en grafieken", () => prepareArchive(paths, { gemeente: options.gemeente, cache, publication: { moment, preview } }));
  const shown = plan.notes.filter((p) => p.shown);
  const toPrint = shown.filter((p) => p.pdf !== "register").map((p) => p.note);
  const toSign = shown.filter((p) => p.pdf === "sign").map((p) => p.note);
  // Keys are opened before any work, so a wrong passphrase fails in seconds.
  const keys = options.pdf && toSign.length > 0 ? await openSigningKeys(archive, toSign, paths, { release: options.release }, progress) : undefined;
  let pdfs = { rendered: 0, reused: 0, registered: 0 };
  let signatures = { signed: 0, reused: 0 };
  let earlierVersions = 0;
  let recorded: string[] = [];
  const staging = new Staging(paths.out);
  const interrupt = (signal: NodeJS.Signals) => {
    staging.abandon();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", interrupt).once("SIGTERM", interrupt);
  try {
    await staging.open();
    await timed("pagina's", () => buildSite(archive, paths, staging.dir, { pdf: options.pdf, variant: preview ? "concepten" : undefined }));
    earlierVersions = await serveEarlierVersions(archive, plan.notes, paths, staging.dir, options.pdf);
    await timed("zoekindex", () => indexSite(staging.dir));
    if (options.pdf) {
      const printed = toPrint.length > 0 ? await timed("PDF's", () => buildPdfs(archive, toPrint, staging.dir, cache, progress)) : { rendered: 0, reused: 0 };
      pdfs = { ...printed, registered: await copyRegisteredPdfs(plan.notes, paths, staging.dir) };
      if (toSign.length > 0) signatures = await timed("handtekeningen", () => signPdfs(archive, toSign, keys!, staging.dir, cache, progress));
      await linkPdfSizes(shown.map((p) => p.note), staging.dir);
      // Only a real publication is put on record; a preview or a build as of another moment is not one.
      if (!preview && !options.per) recorded = await recordNewVersions(archive, plan.notes, paths, staging.dir, moment);
    }
    await timed("publiceren", () => staging.publish());
    // A partial build or a preview does not use everything a full publication needs.
    if (options.pdf && !options.gemeente && !preview) await cache.prune();
  } catch (error) {
    staging.abandon();
    throw error;
  } finally {
    process.off("SIGINT", interrupt).off("SIGTERM", interrupt);
  }
  return { notes: shown.length, states: plan.counts, charts: Object.keys(archive.charts).length, pdfs, signatures, earlierVersions, recorded, seconds };
}
