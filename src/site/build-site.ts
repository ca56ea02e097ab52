import { spawn } from "node:child_process";
import { access, copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type { PreparedArchive } from "../archive.ts";
import { NotaError, type Diagnostic } from "../errors.ts";
import { PACKAGE_ROOT, type ProjectPaths } from "../paths.ts";

const ASTRO_BUILD = join(import.meta.dirname, "astro-build.ts");
const NO_NETWORK = pathToFileURL(join(import.meta.dirname, "no-network.ts")).href;

/**
 * Renders the prepared archive to static HTML with Astro into `outDir`. The archive goes to
 * the pages as a JSON file in this build's own work folder; Astro reads the notes' MDX through
 * its content collection. Astro runs in a process of its own, so the memory it takes is
 * returned before Chromium starts on the PDFs. A variant (the preview with concepts) keeps its
 * own Astro cache, so that it never hands pages to the published build.
 */
export async function buildSite(archive: PreparedArchive, paths: ProjectPaths, outDir: string, options: { workDir: string; variant?: string }): Promise<void> {
  const suffix = options.variant ? `-${options.variant}` : "";
  const archiveFile = join(options.workDir, "archive.json");
  await writeFile(archiveFile, JSON.stringify(archive));
  await forgetInterruptedRender(paths, suffix);
  const marker = renderMarker(paths, suffix);
  await writeFile(marker, `${process.pid}\n`);
  await runAstro({ NOTA_ROOT: paths.root, NOTA_ARCHIVE: archiveFile, NOTA_SITE_OUT: outDir, NOTA_ASTRO_CACHE: astroCache(paths, suffix) }, paths);
  await rm(marker);
  await publishImages(archive, paths, outDir);
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
 * to the build's Astro root (a folder of its own, see runAstro); the dev server keeps its own.
 */
export const astroCache = (paths: ProjectPaths, suffix = "") => join(paths.work, `astro-site${suffix}`);

async function runAstro(env: Record<string, string>, paths: ProjectPaths): Promise<void> {
  // Astro's root is a folder of its own per build, so concurrent builds never share its `.astro/`
  // (bundles, the content store's module list); inside the package, so that the bundle finds node_modules.
  await mkdir(join(PACKAGE_ROOT, ".astro"), { recursive: true });
  const cwd = await mkdtemp(join(PACKAGE_ROOT, ".astro", "bouw-"));
  try {
    await runChild(env, cwd, paths);
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

function runChild(env: Record<string, string>, cwd: string, paths: ProjectPaths): Promise<void> {
  const child = spawn(process.execPath, ["--import", NO_NETWORK, ASTRO_BUILD], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  // Ctrl-C reaches the whole process group; a SIGTERM to nota alone must not leave Astro running.
  const stop = () => child.kill();
  process.once("exit", stop);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      process.off("exit", stop);
      if (code === 0) resolve();
      else reject(new NotaError([astroDiagnostic(stderr, paths)]));
    });
  });
}

/** The child reports a failure as one JSON line (see astro-build.ts); anything else is shown as it is. */
function astroDiagnostic(stderr: string, paths: ProjectPaths): Diagnostic {
  const last = stderr.trim().split("\n").at(-1) ?? "";
  try {
    const { file, line, column, message } = JSON.parse(last) as { file?: string; line?: number; column?: number; message: string };
    return { file: file && relative(paths.root, file), line, column, origin: "nota:site", message: `de site kon niet worden gebouwd: ${message}` };
  } catch {
    return { origin: "nota:site", message: `de site kon niet worden gebouwd:\n${stderr.trim()}` };
  }
}
