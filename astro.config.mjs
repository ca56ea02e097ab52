// @ts-check
import mdx from "@astrojs/mdx";
import { unified } from "@astrojs/markdown-remark";
import { defineConfig } from "astro/config";
import { cacheCompiledMdx } from "./src/site/plugins/cache-compiled-mdx.ts";
import { footnoteLabels } from "./src/site/plugins/footnote-labels.ts";
import { rehypeWrapSections } from "./src/site/plugins/rehype-wrap-sections.ts";
import { reloadOnArchive } from "./src/site/plugins/reload-on-archive.ts";
import { remarkBindNote } from "./src/site/plugins/remark-bind-note.ts";
import { projectPaths, SITE_URL } from "./src/paths.ts";

const paths = projectPaths();

// The site is one static build of the prepared archive; `nota build` sets NOTA_SITE_OUT to its staging folder.
export default defineConfig({
  srcDir: "./src/site",
  publicDir: "./src/site/public",
  outDir: process.env.NOTA_SITE_OUT ?? paths.out,
  // Per archive, so builds of different archives (tests, the benchmark) never share a content store.
  cacheDir: `${paths.work}/astro`,
  site: SITE_URL,
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "always", concurrency: 4 },
  devToolbar: { enabled: false },
  // Pages whose code, MDX and cache key (src/site/lib/page-keys.ts) are unchanged are copied from
  // the previous build in cacheDir instead of rendered again.
  experimental: { incrementalBuild: true },
  telemetry: false,
  markdown: {
    processor: unified({
      remarkPlugins: [[remarkBindNote, { contentDir: paths.content }]],
      rehypePlugins: [rehypeWrapSections],
      remarkRehype: footnoteLabels,
      smartypants: false,
    }),
  },
  integrations: [mdx(), cacheCompiledMdx(`${paths.work}/astro/mdx`), reloadOnArchive(process.env.NOTA_DEV ? process.env.NOTA_ARCHIVE : undefined)],
});
