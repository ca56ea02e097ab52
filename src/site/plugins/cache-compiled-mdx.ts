import type { MarkdownProcessor } from "@astrojs/markdown-remark";
import type { AstroIntegration } from "astro";
import { BuildCache, codeFingerprint, sha256 } from "../../cache.ts";

/** Where the markdown pipeline is put together: a note's compiled module depends on the code it reaches. */
const PIPELINE = new URL("../markdown.ts", import.meta.url);

export interface CompiledMdxOptions {
  /**
   * Set when this run ends a build that rendered every note, in this run or in earlier ones: then
   * what no run used is stale. `usedByEarlierRuns`: the entries the build's earlier runs used.
   */
  prune?: { usedByEarlierRuns: string[] };
  /** Told, when the run is done, which entries it used. */
  onDone?: (usedKeys: string[]) => void;
}

/**
 * Keeps each note's compiled MDX between builds in `dir`. A production build of Vite has no
 * transform cache of its own, so every build compiled all notes again, although a compiled note
 * depends only on its text, its path and the code of the markdown pipeline. Astro's public
 * processor interface is the hook: the processor handed to Astro is the given one, whose MDX
 * renderer looks in the cache first; the integration prunes the entries a build did not use.
 */
export function cacheCompiledMdx(processor: MarkdownProcessor, dir: string, options: CompiledMdxOptions): { processor: MarkdownProcessor; integration: AstroIntegration } {
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
      // A build that compiles every note (or takes it from the cache) shows what is no longer used;
      // one that renders only changed notes (note-pages.ts) keeps the others' compiled MDX.
      "astro:build:done": async () => {
        options.onDone?.(cache.usedKeys);
        const { prune } = options;
        if (prune && (compiledNotes || prune.usedByEarlierRuns.length > 0)) await cache.prune(prune.usedByEarlierRuns);
      },
    },
  };
  return { processor: cached, integration };
}
