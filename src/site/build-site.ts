import { spawn, type ChildProcess } from "node:child_process";
import { access, copyFile, cp, mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { PreparedArchive } from "../archive.ts";
import type { BuildCache } from "../cache.ts";
import { writeOpenData } from "../data/open-data.ts";
import { NotaError, type Diagnostic } from "../errors.ts";
import { collectGarbage } from "../memory.ts";
import { PACKAGE_ROOT, type ProjectPaths } from "../paths.ts";
import type { AstroOutcome } from "./astro-build.ts";
import { astroRoot, type SiteOptions } from "./config.ts";
import type { Progress } from "../progress.ts";
import { SITE_INPUT_VERSION, writeSiteInput, type SiteInput } from "./input.ts";
import { NotePages } from "./note-pages.ts";

const ASTRO_BUILD = join(import.meta.dirname, "astro-build.ts");
const NO_NETWORK = pathToFileURL(join(import.meta.dirname, "no-network.ts")).href;

/** How one site build is made: where its pages go and which folders are its own. */
export interface SiteBuild {
  archive: PreparedArchive;
  siteUrl: string;
  outDir: string;
  /** This build's own working folder: the site input and Astro's root go there. */
  workDir: string;
  /** A variant (the preview with concepts) keeps its own Astro cache, so that it never hands pages to the published build. */
  variant?: string;
  /** Where note pages of earlier builds are kept (note-pages.ts). */
  cache: BuildCache;
  progress?: Progress;
  /** At most this many notes' pages per Astro run (default NOTES_PER_RUN). */
  notesPerRun?: number;
  /** The first Astro run's process, started ahead (AstroProcess). */
  astro?: AstroProcess;
}

/**
 * Notes per Astro run. Astro holds every note it renders until its run ends (at 1,600 notes its
 * process took 2.5 GiB), so the pages of many notes are rendered in runs of this many, each in a
 * fresh process: the site build's memory then depends on this number, not on the archive's size.
 * At 1,600 notes, runs of 300 took Astro to 1,172 MiB and runs of 200 to 1,028 MiB, in the same
 * time (Astro 80 and 77 s); runs of 150 took 106 s.
 */
export const NOTES_PER_RUN = 200;

/**
 * Renders the prepared archive to static HTML with Astro into `outDir`. The archive goes to the
 * site as the site input (input.ts), written in this build's own working folder; Astro reads the
 * notes' MDX through its content collection. Astro runs in a process of its own, so the memory
 * it takes is returned before Chromium starts on the PDFs. Note pages an earlier build made are
 * kept (note-pages.ts); the others are rendered in runs of at most NOTES_PER_RUN notes, the last
 * of which renders the archive's own pages into `outDir`. Returns how many notes' pages Astro
 * rendered (the others came from earlier builds).
 */
export async function buildSite(build: SiteBuild, paths: ProjectPaths): Promise<number> {
  const suffix = build.variant ? `-${build.variant}` : "";
  const input = { version: SITE_INPUT_VERSION, siteUrl: build.siteUrl, contentDir: paths.content, archivePages: true, ...build.archive } as const;
  const notePages = await NotePages.open(input, build.cache, suffix);
  const runs = inRuns(notePages.rendered, build.notesPerRun ?? NOTES_PER_RUN);
  await forgetInterruptedRender(paths, suffix);
  const marker = renderMarker(paths, suffix);
  await writeFile(marker, `${process.pid}\n`);
  // The open data is written while Astro renders: thousands of small files, which cost seconds of
  // waiting on the disk (400 notes: 1.3 s) but little processor.
  const openData = join(build.workDir, "open-data");
  const writingOpenData = writeOpenData(build.archive.datasets.values(), openData);
  try {
    await renderRuns(build, input, notePages, runs, suffix, paths);
  } finally {
    await writingOpenData.catch(() => undefined);
  }
  await rm(marker);
  await notePages.complete(build.outDir, runs.at(-1)!);
  await publishImages(build.archive, paths, build.outDir);
  await writingOpenData;
  if (build.archive.datasets.size > 0) await moveFolder(join(openData, "data"), join(build.outDir, "data"));
  return notePages.rendered.length;
}

/** The Astro runs of one site build, each in a fresh process; the last also renders the archive's own pages into `outDir`. */
async function renderRuns(build: SiteBuild, input: SiteInput, notePages: NotePages, runs: string[][], suffix: string, paths: ProjectPaths): Promise<void> {
  const compiledMdx: string[] = [];
  for (const [index, notes] of runs.entries()) {
    const last = index === runs.length - 1;
    if (runs.length > 1) build.progress?.info(`notitiepagina's, deel ${index + 1} van ${runs.length}: ${notes.length} ${notes.length === 1 ? "notitie" : "notities"}`);
    const outDir = last ? build.outDir : await mkdtemp(join(build.workDir, "notitiepaginas-"));
    const prune = last && notePages.rendersEveryNote ? { usedByEarlierRuns: compiledMdx } : undefined;
    const astro = (index === 0 && build.astro) || new AstroProcess();
    compiledMdx.push(...(await renderNotes(build, input, notes, { outDir, archivePages: last, suffix, prune, astro }, paths)));
    await notePages.store(notes, outDir);
    if (!last) await rm(outDir, { recursive: true, force: true });
  }
}

/** Moves a folder in one rename, or by copying when it goes to another disk. */
async function moveFolder(from: string, to: string): Promise<void> {
  await rename(from, to).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== "EXDEV") throw error;
    await cp(from, to, { recursive: true });
  });
}

/** `items` in runs of at most `size`; one empty run when there are none (the archive's own pages are still rendered). */
export function inRuns<T>(items: T[], size: number): T[][] {
  const count = Math.max(1, Math.ceil(items.length / size));
  // Runs of equal size: 201 notes are two runs of 100 and 101, not 200 and 1.
  return Array.from({ length: count }, (_, run) => items.slice(Math.floor((run * items.length) / count), Math.floor(((run + 1) * items.length) / count)));
}

/** One Astro run: the pages of `notes` and the archive's own pages into `outDir`; returns the compiled MDX it used. */
async function renderNotes(build: SiteBuild, input: SiteInput, notes: string[], run: { outDir: string; archivePages: boolean; suffix: string; prune: SiteOptions["pruneCompiledMdx"]; astro: AstroProcess }, paths: ProjectPaths): Promise<string[]> {
  const inputFile = join(build.workDir, "site-invoer.v8");
  // Charts are shown on note pages only: Astro gets those of the notes it renders.
  const chartUses = new Map(notes.map((id) => [id, input.chartUses.get(id) ?? []]));
  const shownCharts = new Set([...chartUses.values()].flat().map((use) => use.key));
  const charts = new Map([...input.charts].filter(([key]) => shownCharts.has(key)));
  await writeSiteInput(inputFile, { ...input, pages: new Set(notes), chartUses, charts, archivePages: run.archivePages });
  const root = await astroRoot();
  try {
    return await run.astro.run({ inputFile, contentDir: paths.content, siteUrl: build.siteUrl, root, cacheDir: astroCache(paths, run.suffix), outDir: run.outDir, renderedNotes: notes, pruneCompiledMdx: run.prune }, paths);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The checked pictures, at the addresses the pages point at (remark-resolve-references.ts). */
async function publishImages(archive: PreparedArchive, paths: ProjectPaths, outDir: string): Promise<void> {
  for (const image of archive.images) {
    const target = join(outDir, image.url);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(paths.root, image.file), target);
  }
}

/**
 * Astro keeps the pages of the previous build in `.nota/astro-site/` and copies those whose inputs
 * did not change. A render cut off halfway may have replaced some copies without recording it,
 * so after an interrupted render the next one starts from nothing.
 */
async function forgetInterruptedRender(paths: ProjectPaths, suffix: string): Promise<void> {
  if (await access(renderMarker(paths, suffix)).then(() => true, () => false)) {
    await rm(join(astroCache(paths, suffix), "incremental-build.json"), { force: true });
  }
}

const renderMarker = (paths: ProjectPaths, suffix: string) => `${astroCache(paths, suffix)}-bezig`;

/**
 * Astro's cache of a build: pages, compiled MDX and the content store, whose file paths are relative
 * to the build's Astro root; the dev server keeps its own.
 */
export const astroCache = (paths: ProjectPaths, suffix = "") => join(paths.work, `astro-site${suffix}`);

/**
 * The process of one Astro run (astro-build.ts). It loads Astro as soon as it starts (0.6 s) and then
 * waits for its run, so a build starts its first one ahead, while it validates the archive.
 */
export class AstroProcess {
  private readonly child: ChildProcess;
  private readonly ended: Promise<number | null>;
  private stderr = "";
  private outcome: AstroOutcome | undefined;

  constructor() {
    this.child = spawn(process.execPath, ["--import", NO_NETWORK, ASTRO_BUILD], { cwd: PACKAGE_ROOT, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
    // Ctrl-C reaches the whole process group; a SIGTERM to nota, or nota ending before the run (an
    // archive with errors), must not leave Astro running. Until its run, it does not keep nota alive.
    const stop = () => this.child.kill();
    process.once("exit", stop);
    this.child.unref();
    this.child.channel?.unref();
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (this.stderr += chunk));
    this.child.on("message", (message: AstroOutcome) => (this.outcome = message));
    this.ended = new Promise((resolve, reject) => {
      this.child.on("error", reject);
      this.child.on("close", (code) => {
        process.off("exit", stop);
        resolve(code);
      });
    });
    this.ended.catch(() => undefined);
  }

  /** Runs Astro with these options; returns the compiled MDX it used. */
  async run(options: SiteOptions, paths: ProjectPaths): Promise<string[]> {
    collectGarbage();
    this.child.ref();
    this.child.channel?.ref();
    this.child.send(options);
    const code = await this.ended;
    if (code === 0 && this.outcome?.ok) return this.outcome.compiledMdx;
    throw new NotaError([astroDiagnostic(this.outcome, this.stderr, paths)]);
  }
}

/** Astro's error, at the place it names; without an outcome (the process died), what it wrote. */
function astroDiagnostic(outcome: AstroOutcome | undefined, stderr: string, paths: ProjectPaths): Diagnostic {
  if (outcome && !outcome.ok) {
    const { file, line, column, message } = outcome;
    return { file: file && relative(paths.root, file), line, column, origin: "nota:site", message: `de site kon niet worden gebouwd: ${message}` };
  }
  return { origin: "nota:site", message: `de site kon niet worden gebouwd:\n${stderr.trim()}` };
}
