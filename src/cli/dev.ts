import { watch } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { prepareArchive } from "../archive.ts";
import { formatReport, NotaError } from "../errors.ts";
import { PACKAGE_ROOT, type ProjectPaths } from "../paths.ts";

/**
 * `nota dev`: Astro's dev server over the archive, as a preview: concepts and notes under
 * embargo are shown with their mark, so the college reads what it will adopt. A change to a
 * dataset, profile, chart spec or note re-validates and re-renders the charts; problems are
 * printed and the last good archive stays on screen until they are fixed.
 */
export async function devCommand(paths: ProjectPaths, options: { port?: number }): Promise<number> {
  // A file of its own: a build running beside the dev server never reads or replaces it.
  const archiveFile = join(paths.work, "dev", "archive.json");
  await mkdir(dirname(archiveFile), { recursive: true });
  const prepare = async () => {
    try {
      const { archive } = await prepareArchive(paths, { publication: { moment: new Date(), preview: true } });
      await writeFile(archiveFile, JSON.stringify(archive));
      process.stderr.write("nota dev: archief bijgewerkt\n");
      return true;
    } catch (error) {
      if (!(error instanceof NotaError)) throw error;
      process.stderr.write(`${formatReport(error.diagnostics, "nota dev")}nota dev: de vorige versie blijft staan\n`);
      return false;
    }
  };
  if (!(await prepare())) return 1;

  let timer: NodeJS.Timeout | undefined;
  for (const dir of [paths.content, paths.data, paths.templates]) {
    watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void prepare(), 150);
    });
  }
  Object.assign(process.env, { NOTA_ROOT: paths.root, NOTA_ARCHIVE: archiveFile, NOTA_DEV: "1" });
  const { dev } = await import("astro");
  const server = await dev({ root: PACKAGE_ROOT, server: { port: options.port ?? 4321, host: "127.0.0.1" } });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop).once("SIGTERM", stop);
  });
  await server.stop();
  return 0;
}
