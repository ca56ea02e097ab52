import { unified } from "@astrojs/markdown-remark";
import { footnoteLabels } from "./plugins/footnote-labels.ts";
import { rehypeNumberSlides } from "./plugins/rehype-number-slides.ts";
import { rehypeWrapSections } from "./plugins/rehype-wrap-sections.ts";
import { remarkBindNote } from "./plugins/remark-bind-note.ts";
import { remarkResolveReferences } from "./plugins/remark-resolve-references.ts";

/** The markdown pipeline that turns a note's MDX into its page's module: nota's remark and rehype plugins on Astro's unified processor. */
export function notesProcessor(contentDir: string) {
  return unified({
    remarkPlugins: [
      [remarkBindNote, { contentDir }],
      [remarkResolveReferences, { contentDir }],
    ],
    rehypePlugins: [rehypeWrapSections, rehypeNumberSlides],
    remarkRehype: footnoteLabels,
    smartypants: false,
  });
}
