import { watch } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { prepareArchive } from "../archive.ts";
import { formatReport, NotaError } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { astroRoot, siteConfig } from "../site/config.ts";
import { SITE_INPUT_VERSION, writeSiteInput } from "../site/input.ts";

/**
 * `nota dev`: Astro's dev server over the archive, as a preview: concepts and notes under
 * embargo are shown with their mark, so the college reads what it will adopt. A change to a
 * dataset, profile, chart spec or note re-validates and re-renders the charts and rewrites the
 * site input, which the site's loader reads again; problems are printed and the last good
 * archive stays on screen until they are fixed.
 */
export async function devCommand(paths: ProjectPaths, options: { port?: number; siteUrl: string }): Promise<number> {
  // A folder of its own: a build running beside the dev server never reads or replaces its files.
  const dir = join(paths.work, "dev");
  const inputFile = join(dir, "site-invoer.v8");
  await mkdir(dir, { recursive: true });
  const prepare = async () => {
    const { archive } = await prepareArchive(paths, { publication: { moment: new Date(), preview: true } });
    // Written whole, then moved into place: the loader never reads half a file.
    await writeSiteInput(`${inputFile}.nieuw`, { version: SITE_INPUT_VERSION, siteUrl: options.siteUrl, contentDir: paths.content, archivePages: true, ...archive });
    await rename(`${inputFile}.nieuw`, inputFile);
    process.stderr.write("nota dev: archief bijgewerkt\n");
  };
  // Without a first good archive there is nothing to show: its problems end the command.
  await prepare();
  const prepareAgain = () =>
    prepare().catch((error: unknown) => {
      if (!(error instanceof NotaError)) throw error;
      process.stderr.write(`${formatReport(error.diagnostics, "nota dev")}nota dev: de vorige versie blijft staan\n`);
    });

  let timer: NodeJS.Timeout | undefined;
  for (const folder of [paths.content, paths.data, paths.templates]) {
    watch(folder, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void prepareAgain(), 150);
    });
  }
  const { dev } = await import("astro");
  const root = await astroRoot(paths.root);
  const config = siteConfig({ inputFile, contentDir: paths.content, siteUrl: options.siteUrl, root, cacheDir: join(paths.work, "astro-dev") });
  const server = await dev({ ...config, server: { port: options.port ?? 4321, host: "127.0.0.1" } });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop).once("SIGTERM", stop);
  });
  await server.stop();
  await rm(root, { recursive: true, force: true });
  return 0;
}
