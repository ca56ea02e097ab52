import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { PreparedArchive } from "../archive.ts";
import { PACKAGE_ROOT, type ProjectPaths } from "../paths.ts";

/**
 * Renders the prepared archive to static HTML with Astro into `outDir`. The archive goes to
 * the pages as a JSON file; Astro reads the notes' MDX through its content collection.
 */
export async function buildSite(archive: PreparedArchive, paths: ProjectPaths, outDir: string, options: { pdf: boolean }): Promise<void> {
  await mkdir(paths.work, { recursive: true });
  const archiveFile = join(paths.work, "archive.json");
  await writeFile(archiveFile, JSON.stringify(archive));
  Object.assign(process.env, {
    NOTA_ROOT: paths.root,
    NOTA_ARCHIVE: archiveFile,
    NOTA_SITE_OUT: outDir,
    NOTA_PDF: options.pdf ? "1" : "0",
  });
  const { build } = await import("astro");
  await build({ root: PACKAGE_ROOT, logLevel: "error", mode: "production" });
}
