// @ts-check
import mdx from "@astrojs/mdx";
import { unified } from "@astrojs/markdown-remark";
import { fileURLToPath } from "node:url";
import { defineConfig } from "astro/config";
import { cacheCompiledMdx } from "./src/site/plugins/cache-compiled-mdx.ts";
import { footnoteLabels } from "./src/site/plugins/footnote-labels.ts";
import { rehypeNumberSlides } from "./src/site/plugins/rehype-number-slides.ts";
import { rehypeWrapSections } from "./src/site/plugins/rehype-wrap-sections.ts";
import { reloadOnArchive } from "./src/site/plugins/reload-on-archive.ts";
import { remarkBindNote } from "./src/site/plugins/remark-bind-note.ts";
import { remarkResolveReferences } from "./src/site/plugins/remark-resolve-references.ts";
import { projectPaths, SITE_URL } from "./src/paths.ts";

const paths = projectPaths();
// `nota build` names the cache of its variant (the preview with concepts has its own).
const cacheDir = process.env.NOTA_ASTRO_CACHE ?? `${paths.work}/astro-dev`;

// The site is one static build of the prepared archive; `nota build` sets NOTA_SITE_OUT to its staging folder.
export default defineConfig({
  // Absolute: a build's Astro root is a working folder of its own (src/site/astro-build.ts).
  srcDir: fileURLToPath(new URL("./src/site", import.meta.url)),
  publicDir: fileURLToPath(new URL("./src/site/public", import.meta.url)),
  outDir: process.env.NOTA_SITE_OUT ?? paths.out,
  // Per archive, so builds of different archives (tests, the benchmark) never share a content store.
  cacheDir,
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
      remarkPlugins: [
        [remarkBindNote, { contentDir: paths.content }],
        [remarkResolveReferences, { contentDir: paths.content }],
      ],
      rehypePlugins: [rehypeWrapSections, rehypeNumberSlides],
      remarkRehype: footnoteLabels,
      smartypants: false,
    }),
  },
  integrations: [mdx(), cacheCompiledMdx(`${cacheDir}/mdx`), reloadOnArchive(process.env.NOTA_DEV ? process.env.NOTA_ARCHIVE : undefined)],
});
