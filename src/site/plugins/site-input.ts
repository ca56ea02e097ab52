import type { AstroIntegration } from "astro";
import type { Loader } from "astro/loaders";
import { readFile } from "node:fs/promises";
import { sha256 } from "../../cache.ts";
import { decodeSiteInput } from "../input.ts";

const MODULE = "virtual:nota/site-input";

/**
 * Hands the site input to the site through Astro's public hooks: a virtual module names the
 * input file and the notes' folder for `content.config.ts`, whose loader puts the input into
 * Astro's data store; pages read it with `getEntry` (lib/site.ts). Astro's incremental build
 * hashes page code, not the data store, so a page is rendered again only when its own cache key says so.
 */
export function siteInput(options: { inputFile: string; contentDir: string }): AstroIntegration {
  const resolved = `\0${MODULE}`;
  return {
    name: "nota:site-input",
    hooks: {
      "astro:config:setup": ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: "nota:site-input",
                resolveId: (id) => (id === MODULE ? resolved : undefined),
                load: (id) => (id === resolved ? `export const inputFile = ${JSON.stringify(options.inputFile)};\nexport const contentDir = ${JSON.stringify(options.contentDir)};\n` : undefined),
              },
            ],
          },
        });
      },
    },
  };
}

/** The id of the one entry that holds the whole input. */
export const SITE_INPUT_ENTRY = "invoer";

/** Loads the input file into the data store; in `nota dev`, again whenever the file is rewritten. */
export function siteInputLoader(inputFile: string): Loader {
  return {
    name: "nota:site-input",
    load: async ({ store, watcher }) => {
      const load = async () => {
        const bytes = await readFile(inputFile);
        const input = decodeSiteInput(bytes, inputFile);
        store.clear();
        store.set({ id: SITE_INPUT_ENTRY, data: { input }, digest: sha256(bytes) });
      };
      await load();
      watcher?.add(inputFile);
      watcher?.on("change", (file) => {
        if (file === inputFile) void load();
      });
    },
  };
}
