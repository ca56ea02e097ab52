import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { prepareArchive } from "./archive.ts";
import { BuildCache } from "./cache.ts";
import { allSettledOrThrow } from "./concurrency.ts";
import type { Note } from "./content/load.ts";
import type { ProjectPaths } from "./paths.ts";
import type { Progress } from "./progress.ts";
import type { BrowserSession } from "./pdf/browser.ts";
import { srgbProfile } from "./pdf/output-intent.ts";
import { buildPdfs, linkPdfSizes } from "./pdf/stage.ts";
import type { NoteState } from "./publication/plan.ts";
import { outputLock } from "./publish/lock.ts";
import { keepPublishedParts, keepPublishedPdfs, readPublished } from "./publish/published.ts";
import { replaceFolder } from "./publish/staging.ts";
import { copyRegisteredPdfs, recordNewVersions, serveEarlierVersions } from "./publish/versions.ts";
import { indexSite } from "./search/index-site.ts";
import { shardNotes, type Shard } from "./shard/assign.ts";
import { notaVersion, sourcesDigest, writeManifest } from "./shard/manifest.ts";
import { openSigningKeys, SigningQueue } from "./sign/stage.ts";
import type { SiteBuild } from "./site/build-site.ts";

export interface BuildOptions {
  /** Build and publish only this gemeente's part; the other gemeenten's parts stay as published. */
  gemeente?: string;
  pdf: boolean;
  release: boolean;
  /** Build as of this moment instead of now (`--per`): a simulation, which leaves the register as it is. */
  per?: Date;
  /** A preview for the college (`--concepten`): concepts and notes under embargo too, marked, nothing signed. */
  preview?: boolean;
  /** Where the archive is published; links in pages and PDFs point there. */
  siteUrl: string;
  /** The time-stamp service for gemeenten whose profile names none. */
  timestampUrl?: string;
  /** The sRGB profile for the PDFs' output intent, when not the one found on the system. */
  colourProfile?: string;
  /** How many notes' pages one Astro process renders at most (src/site/build-site.ts). */
  notesPerRun?: number;
  /**
   * Build one part of the archive (`--shard i/n`, src/shard/assign.ts) for `nota merge`: the pages
   * every shard shares (home page, lists, feeds, sitemaps) from all notes, the notes' own pages,
   * PDFs, signatures and register entries only for its own notes; no search index.
   */
  shard?: Shard;
}

/**
 * What a build does to the world besides reading the archive and writing its own folders, handed
 * in by the caller (the CLI, or a test with fakes).
 */
export interface BuildEffects {
  progress: Progress;
  /** The build's moment when it is not given (`--per`). */
  now: () => Date;
  /** Renders the site's pages (Astro, in a process of its own); returns how many notes' pages it rendered. */
  buildSite: (build: SiteBuild, paths: ProjectPaths) => Promise<number>;
  /** Starts the browser that prints the PDFs. */
  launchBrowser: () => Promise<BrowserSession>;
  /** A secret from the environment: the passphrase of a signing key, by the variable its profile names. */
  secret: (variable: string) => string | undefined;
  /** Aborted when the user interrupts: staging and locks are given up at once, the published archive stays as it was. */
  signal?: AbortSignal;
}

export interface BuildReport {
  /** The notes on the site of this build (of the gemeente built, with `--gemeente`). */
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
 * A build that renders at most this many notes' pages (one changed note, say) is small: it makes its
 * search index while its few PDFs print. A large build does one after the other: Chromium printing
 * and Pagefind together passed the memory bound, and on two cores the overlap saved little.
 */
const SMALL_BUILD_NOTES = 20;

/**
 * The whole pipeline: validate → publication → charts → pages → PDFs → signatures → register →
 * publish. Everything is written to a staging folder first; the published archive changes only
 * when all succeeded. One build at a time per archive and per output folder.
 */
export async function buildArchive(paths: ProjectPaths, options: BuildOptions, effects: BuildEffects): Promise<BuildReport> {
  const { progress } = effects;
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

  return replaceFolder(paths.out, [join(paths.work, "bouw.lock"), outputLock(paths.out)], effects.signal, async (staging) => {
    const cache = new BuildCache(join(paths.work, "cache"));
    const moment = options.per ?? effects.now();
    const preview = !!options.preview;
    // A build of one gemeente keeps the others as published: their notes are listed (home page,
    // sitemaps, search) only as far as their pages were published. A shard lists every note and
    // keeps nothing: its output is made whole each time.
    const shard = options.shard && (await shardNotes(paths.content, options.shard));
    const published = shard ? { pages: new Set<string>(), pdfs: new Set<string>() } : await readPublished(paths.out);
    const ownPart = (note: { id: string; gemeente: string }) => (shard ? shard.has(note.id) : !options.gemeente || note.gemeente === options.gemeente);
    const { archive, plan } = await timed("valideren, publicatie en grafieken", () =>
      prepareArchive(paths, { gemeente: options.gemeente, select: (note) => !!shard || ownPart(note) || published.pages.has(note.id), render: shard && ownPart, cache, publication: { moment, preview } }),
    );
    const shown = plan.notes.filter((p) => p.shown);
    const own = shown.filter((p) => ownPart(p.note));
    const toPrint = options.pdf ? own.filter((p) => p.pdf !== "register").map((p) => p.note) : [];
    const toSign = options.pdf ? own.filter((p) => p.pdf === "sign").map((p) => p.note) : [];
    // A signed PDF stays published: from the register, or (a build without PDFs) from the published archive.
    const registered = own.filter((p) => p.pdf === "register");
    const kept = own.filter((p) => !options.pdf && p.pdf !== "register" && published.pdfs.has(p.note.id)).map((p) => p.note);
    // Another shard's note has the PDF its own shard gives it.
    const othersWithPdf = shown.filter((p) => !ownPart(p.note) && (shard ? options.pdf || p.pdf === "register" : published.pdfs.has(p.note.id))).map((p) => p.note);
    archive.pdfs = new Set([...toPrint, ...registered.map((p) => p.note), ...kept, ...othersWithPdf].map((note) => note.id));
    // Keys are opened before any work, so a wrong passphrase fails in seconds.
    const keys = toSign.length > 0 ? await openSigningKeys(archive, toSign, paths, { release: options.release, secret: effects.secret }, progress) : undefined;
    let pdfs = { rendered: 0, reused: 0, registered: 0 };
    let signatures = { signed: 0, reused: 0 };
    let recorded: string[] = [];

    await staging.open();
    await mkdir(paths.work, { recursive: true });
    const workDir = await mkdtemp(join(paths.work, "bouw-"));
    let small: boolean;
    try {
      small = (await timed("pagina's", () => effects.buildSite({ archive, siteUrl: options.siteUrl, outDir: staging.dir, workDir, variant: preview ? "concepten" : undefined, cache, progress, notesPerRun: options.notesPerRun }, paths))) <= SMALL_BUILD_NOTES;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    const earlierVersions = await serveEarlierVersions(archive, own, paths, staging.dir);
    await keepPublishedParts(paths.out, staging.dir, options.gemeente ? [...archive.gemeenten.keys()].filter((g) => g !== options.gemeente) : []);
    await keepPublishedPdfs(paths.out, staging.dir, kept.map((note) => note.id));
    pdfs.registered = await copyRegisteredPdfs(registered, paths, staging.dir);
    // Each PDF is signed as it comes out of the printer, while the next ones print.
    const signing = keys && new SigningQueue({ archive, keys, siteDir: staging.dir, cache, signingTime: effects.now(), timestampUrl: options.timestampUrl });
    const signable = new Set(toSign.map((note) => note.id));
    const onPdf = (note: Note) => {
      if (signable.has(note.id)) signing!.add(note);
    };
    // `nota merge` indexes a sharded archive at once.
    const indexSearch = async () => {
      if (!shard) await timed("zoekindex", () => indexSite(staging.dir, archive.gemeenten.keys(), cache));
    };
    const print = async () => {
      if (toPrint.length === 0) return undefined;
      return timed("PDF's", async () => buildPdfs({ archive, notes: toPrint, siteDir: staging.dir, siteUrl: options.siteUrl, cache, progress, launchBrowser: effects.launchBrowser, colourProfile: await srgbProfile(options.colourProfile), onPdf })).catch(async (error: unknown) => {
        await signing?.stop();
        throw error;
      });
    };
    // The browser starts only now: started beside Astro, it took a build of 400 notes to 2.4 GiB.
    const [, printed] = small ? await allSettledOrThrow([indexSearch(), print()]) : [await indexSearch(), await print()];
    if (printed) pdfs = { ...printed, registered: pdfs.registered };
    if (signing) signatures = await timed("handtekeningen", () => signing.finish(progress, toSign));
    await linkPdfSizes(own.map((p) => p.note).filter((note) => archive.pdfs.has(note.id)), staging.dir);
    // Only a real publication is put on record; a preview or a build as of another moment is not one.
    if (!preview && !options.per && toSign.length > 0) recorded = await recordNewVersions(archive, own.filter((p) => toSign.includes(p.note)), paths, staging.dir, moment);
    if (shard) {
      const notities = [...shard].filter((id) => archive.notes.has(id) || archive.withdrawn.has(id)).sort();
      const { index: deel, count: delen } = options.shard!;
      await writeManifest(staging.dir, { nota: await notaVersion(), deel, delen, siteUrl: options.siteUrl, per: options.per?.toISOString() ?? null, voorvertoning: preview, bronnen: sourcesDigest(plan, archive.gemeenten), notities, register: recorded });
    }
    await timed("publiceren", () => staging.publish());
    // A partial build or a preview does not use everything a full publication needs.
    if (options.pdf && !options.gemeente && !shard && !preview) await cache.prune();
    return { notes: own.length, states: plan.counts, charts: archive.charts.size, pdfs, signatures, earlierVersions, recorded, seconds };
  });
}
