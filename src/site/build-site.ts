import { spawn } from "node:child_process";
import { access, copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { PreparedArchive } from "../archive.ts";
import type { BuildCache } from "../cache.ts";
import { NotaError, type Diagnostic } from "../errors.ts";
import { PACKAGE_ROOT, type ProjectPaths } from "../paths.ts";
import type { AstroOutcome } from "./astro-build.ts";
import type { SiteOptions } from "./config.ts";
import { SITE_INPUT_VERSION, writeSiteInput } from "./input.ts";
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
}

/**
 * Renders the prepared archive to static HTML with Astro into `outDir`. The archive goes to the
 * site as the site input (input.ts), written in this build's own working folder; Astro reads the
 * notes' MDX through its content collection. Astro runs in a process of its own, so the memory
 * it takes is returned before Chromium starts on the PDFs.
 */
export async function buildSite(build: SiteBuild, paths: ProjectPaths): Promise<void> {
  const suffix = build.variant ? `-${build.variant}` : "";
  const inputFile = join(build.workDir, "site-invoer.v8");
  const input = { version: SITE_INPUT_VERSION, siteUrl: build.siteUrl, contentDir: paths.content, ...build.archive } as const;
  const notePages = await NotePages.open(input, build.cache, suffix);
  const renderedNotes = notePages.rendered;
  // Charts are shown on note pages only: Astro gets those of the notes it renders.
  const chartUses = new Map(renderedNotes.map((id) => [id, input.chartUses.get(id) ?? []]));
  const shownCharts = new Set([...chartUses.values()].flat().map((use) => use.key));
  const charts = new Map([...input.charts].filter(([key]) => shownCharts.has(key)));
  await writeSiteInput(inputFile, { ...input, pages: new Set(renderedNotes), chartUses, charts });
  await forgetInterruptedRender(paths, suffix);
  const marker = renderMarker(paths, suffix);
  await writeFile(marker, `${process.pid}\n`);
  // Astro's root is a folder of this build's own, so concurrent builds never share its `.astro/`
  // (bundles, the content store's module list); inside the package, so that the bundle finds node_modules.
  await mkdir(join(PACKAGE_ROOT, ".astro"), { recursive: true });
  const root = await mkdtemp(join(PACKAGE_ROOT, ".astro", "bouw-"));
  try {
    await runAstro({ inputFile, contentDir: paths.content, siteUrl: build.siteUrl, root, cacheDir: astroCache(paths, suffix), outDir: build.outDir, renderedNotes, rendersEveryNote: notePages.rendersEveryNote }, paths);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  await rm(marker);
  await notePages.complete(build.outDir);
  await publishImages(build.archive, paths, build.outDir);
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

function runAstro(options: SiteOptions, paths: ProjectPaths): Promise<void> {
  const child = spawn(process.execPath, ["--import", NO_NETWORK, ASTRO_BUILD], { cwd: options.root, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "advanced" });
  // Ctrl-C reaches the whole process group; a SIGTERM to nota alone must not leave Astro running.
  const stop = () => child.kill();
  process.once("exit", stop);
  let stderr = "";
  let outcome: AstroOutcome | undefined;
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.on("message", (message: AstroOutcome) => (outcome = message));
  child.send(options);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      process.off("exit", stop);
      if (code === 0 && outcome?.ok) resolve();
      else reject(new NotaError([astroDiagnostic(outcome, stderr, paths)]));
    });
  });
}

/** Astro's error, at the place it names; without an outcome (the process died), what it wrote. */
function astroDiagnostic(outcome: AstroOutcome | undefined, stderr: string, paths: ProjectPaths): Diagnostic {
  if (outcome && !outcome.ok) {
    const { file, line, column, message } = outcome;
    return { file: file && relative(paths.root, file), line, column, origin: "nota:site", message: `de site kon niet worden gebouwd: ${message}` };
  }
  return { origin: "nota:site", message: `de site kon niet worden gebouwd:\n${stderr.trim()}` };
}
