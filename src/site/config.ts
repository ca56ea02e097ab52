import mdx from "@astrojs/mdx";
import type { AstroInlineConfig } from "astro";
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import { sha256 } from "../cache.ts";
import { PACKAGE_ROOT } from "../paths.ts";
import { notesProcessor } from "./markdown.ts";
import { cacheCompiledMdx, type CompiledMdxOptions } from "./plugins/cache-compiled-mdx.ts";
import { siteInput } from "./plugins/site-input.ts";

/** What a site build or dev server is given: the input file (src/site/input.ts) and its folders. */
export interface SiteOptions {
  inputFile: string;
  contentDir: string;
  siteUrl: string;
  /** Astro's root: a folder of this build's own, where Astro keeps its per-build state (`.astro/`). */
  root: string;
  /** Astro's cache: pages of the previous build, compiled MDX and the content store. */
  cacheDir: string;
  /** Where the pages go (a build only). */
  outDir?: string;
  /**
   * The notes whose pages this build renders, when not all (a shard's own): Astro compiles and
   * bundles only their MDX, so a shard's site build grows with the shard, not with the archive.
   */
  renderedNotes?: string[];
  /** Set when this run ends a build that rendered every note (compiled MDX no run used is stale). */
  pruneCompiledMdx?: CompiledMdxOptions["prune"];
}

/**
 * Astro's root, where it keeps its `.astro/` state (bundles, the content store's module list):
 * inside nota's package, because Vite resolves Astro's own modules from there, wherever the archive
 * is. A new folder for each build, so that concurrent builds never share it; one per archive for
 * its dev server, which removes it when it stops, unless Vite ends the process first (SIGTERM).
 */
export async function astroRoot(devServerOf?: string): Promise<string> {
  const base = join(PACKAGE_ROOT, ".astro");
  await mkdir(base, { recursive: true });
  if (devServerOf === undefined) return mkdtemp(join(base, "bouw-"));
  const root = join(base, `dev-${sha256(devServerOf).slice(0, 16)}`);
  await mkdir(root, { recursive: true });
  return root;
}

/**
 * Astro's whole configuration, as one value handed to `build()` or `dev()`: nothing is read from
 * a config file or the environment.
 */
export function siteConfig(options: SiteOptions, onCompiledMdx?: CompiledMdxOptions["onDone"]): AstroInlineConfig {
  const notes = cacheCompiledMdx(notesProcessor(options.contentDir), join(options.cacheDir, "mdx"), { prune: options.pruneCompiledMdx, onDone: onCompiledMdx });
  return {
    configFile: false,
    root: options.root,
    srcDir: join(PACKAGE_ROOT, "src", "site"),
    publicDir: join(PACKAGE_ROOT, "src", "site", "public"),
    outDir: options.outDir,
    cacheDir: options.cacheDir,
    site: options.siteUrl,
    trailingSlash: "always",
    build: { format: "directory", inlineStylesheets: "always", concurrency: 4 },
    devToolbar: { enabled: false },
    // Pages whose code, MDX and cache key (src/site/lib/page-keys.ts) are unchanged are copied from
    // the previous build in cacheDir instead of rendered again.
    experimental: { incrementalBuild: true },
    logLevel: "error",
    markdown: { processor: notes.processor },
    integrations: [mdx(), notes.integration, siteInput(options)],
  };
}
