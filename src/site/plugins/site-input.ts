import type { AstroIntegration } from "astro";
import type { Loader } from "astro/loaders";
import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { OPEN_DATA_FORMATS } from "../../data/open-data.ts";
import { SITE_INPUT_ENTRY, type SiteInputEntry } from "../input.ts";

const MODULE = "virtual:nota/site-input";
const OPEN_DATA_ROUTE = fileURLToPath(new URL("../routes/open-data.ts", import.meta.url));

/**
 * Hands the site input to the site through Astro's public hooks: a virtual module names the
 * input file, the notes' folder and the notes to compile for `content.config.ts`, whose loader records the file and its
 * digest in Astro's data store; pages read it through `loadSite()` (lib/site.ts). The input itself
 * stays out of the data store, which Astro bundles as one string: for 400 notes with their charts
 * that took the build past 2 GiB. Astro's incremental build hashes page code, not the data store,
 * so a page is rendered again only when its own cache key says so.
 */
export function siteInput(options: { inputFile: string; contentDir: string; renderedNotes?: string[] }): AstroIntegration {
  const resolved = `\0${MODULE}`;
  // Note ids are checked slugs (src/schema.ts): safe in a glob pattern as they are.
  const notePattern = options.renderedNotes ? options.renderedNotes.map((id) => `${id}.mdx`) : "*/*/*.mdx";
  return {
    name: "nota:site-input",
    hooks: {
      "astro:config:setup": ({ command, injectRoute, updateConfig }) => {
        // A build writes the open data itself (src/data/open-data.ts); the dev server serves it as a route.
        if (command === "dev") for (const format of OPEN_DATA_FORMATS) injectRoute({ pattern: `/data/[...dataset].${format}`, entrypoint: OPEN_DATA_ROUTE, prerender: true });
        updateConfig({
          vite: {
            plugins: [
              {
                name: "nota:site-input",
                resolveId: (id) => (id === MODULE ? resolved : undefined),
                load: (id) =>
                  id === resolved
                    ? [`export const inputFile = ${JSON.stringify(options.inputFile)};`, `export const contentDir = ${JSON.stringify(options.contentDir)};`, `export const notePattern = ${JSON.stringify(notePattern)};`, ""].join("\n")
                    : undefined,
              },
            ],
          },
        });
      },
    },
  };
}

/** Records the input file in the data store; in `nota dev`, again whenever the file is rewritten. */
export function siteInputLoader(inputFile: string): Loader {
  return {
    name: "nota:site-input",
    load: async ({ store, watcher }) => {
      const load = async () => {
        // Its time and size say enough: every build writes a file of its own, and nota dev replaces it whole.
        const { mtimeMs, size } = await stat(inputFile);
        const digest = `${mtimeMs}-${size}`;
        const entry: SiteInputEntry = { file: inputFile, digest };
        store.clear();
        store.set({ id: SITE_INPUT_ENTRY, data: { ...entry }, digest });
      };
      await load();
      watcher?.add(inputFile);
      watcher?.on("change", (file) => {
        if (file === inputFile) void load();
      });
    },
  };
}
