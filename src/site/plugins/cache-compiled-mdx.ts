import { join } from "node:path";
import type { AstroIntegration } from "astro";
import type { Plugin, TransformResult } from "vite";
import { BuildCache, codeFingerprint, sha256 } from "../../cache.ts";
import { PACKAGE_ROOT } from "../../paths.ts";

/** The name under which @astrojs/mdx registers its compiler with Vite. */
const MDX_COMPILER = "@mdx-js/rolldown";

/** Where the markdown pipeline is put together: a note's compiled module depends on the code it reaches. */
const PIPELINE = join(PACKAGE_ROOT, "astro.config.mjs");

type Transform = (this: unknown, code: string, id: string, ...rest: unknown[]) => Promise<TransformResult | null | undefined>;

/**
 * Keeps each note's compiled MDX between builds in `dir`. A production build of Vite has no
 * transform cache of its own, so every build compiled all notes again, although a compiled note
 * depends only on its text, its path and the code of the markdown pipeline.
 */
export function cacheCompiledMdx(dir: string): AstroIntegration {
  return {
    name: "nota:cache-compiled-mdx",
    hooks: {
      "astro:config:setup": ({ command, updateConfig }) => {
        if (command === "build") updateConfig({ vite: { plugins: [cachingPlugin(new BuildCache(dir))] } });
      },
    },
  };
}

function cachingPlugin(cache: BuildCache): Plugin {
  let compiledNotes = false;
  return {
    name: "nota:cache-compiled-mdx",
    configResolved(config) {
      const compiler = config.plugins.find((plugin) => plugin.name === MDX_COMPILER);
      const transform = compiler?.transform;
      if (!transform || typeof transform === "function") throw new Error(`nota: de MDX-compiler van Astro (${MDX_COMPILER}) is veranderd; pas src/site/plugins/cache-compiled-mdx.ts aan`);
      const compile = transform.handler as Transform;
      const sourcemap = String(config.build.sourcemap);
      transform.handler = async function (this: unknown, code: string, id: string, ...rest: unknown[]) {
        compiledNotes = true;
        const key = sha256("mdx", await codeFingerprint(PIPELINE), sourcemap, id, code);
        const hit = await cache.get(key);
        if (hit) return JSON.parse(hit.toString("utf8")) as TransformResult;
        const result = await compile.call(this, code, id, ...rest);
        if (result) await cache.put(key, Buffer.from(JSON.stringify(result)));
        return result;
      } as typeof transform.handler;
    },
    buildEnd(error) {
      // Only the environment that compiled the notes knows which entries are still in use.
      if (!error && compiledNotes) return cache.prune();
    },
  };
}
