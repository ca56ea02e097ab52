import type { MarkdownProcessor } from "@astrojs/markdown-remark";
import type { AstroIntegration } from "astro";
import { BuildCache, codeFingerprint, sha256 } from "../../cache.ts";

/** Where the markdown pipeline is put together: a note's compiled module depends on the code it reaches. */
const PIPELINE = new URL("../markdown.ts", import.meta.url);

/**
 * Keeps each note's compiled MDX between builds in `dir`. A production build of Vite has no
 * transform cache of its own, so every build compiled all notes again, although a compiled note
 * depends only on its text, its path and the code of the markdown pipeline. Astro's public
 * processor interface is the hook: the processor handed to Astro is the given one, whose MDX
 * renderer looks in the cache first; the integration prunes the entries a build did not use.
 */
export function cacheCompiledMdx(processor: MarkdownProcessor, dir: string): { processor: MarkdownProcessor; integration: AstroIntegration } {
  const cache = new BuildCache(dir);
  let compiledNotes = false;
  const cached: MarkdownProcessor = {
    name: processor.name,
    options: processor.options,
    createRenderer: (shared) => processor.createRenderer(shared),
    createMdxRenderer: async (shared, mdx) => {
      const renderer = await processor.createMdxRenderer!(shared, mdx);
      const version = sha256("mdx", await codeFingerprint(PIPELINE), JSON.stringify(shared), JSON.stringify(mdx));
      return {
        process: async (content, filePath, frontmatter) => {
          compiledNotes = true;
          const key = sha256(version, filePath, JSON.stringify(frontmatter), content);
          const hit = await cache.get(key);
          if (hit) return JSON.parse(hit.toString("utf8")) as Awaited<ReturnType<typeof renderer.process>>;
          const result = await renderer.process(content, filePath, frontmatter);
          await cache.put(key, Buffer.from(JSON.stringify(result)));
          return result;
        },
      };
    },
  };
  const integration: AstroIntegration = {
    name: "nota:cache-compiled-mdx",
    hooks: {
      // Every note is compiled (or taken from the cache) in every build: what was not used is gone.
      "astro:build:done": async () => {
        if (compiledNotes) await cache.prune();
      },
    },
  };
  return { processor: cached, integration };
}
