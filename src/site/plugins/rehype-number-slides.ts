import type { Root } from "hast";
import type { VFile } from "vfile";

/**
 * In a presentatie each section (rehype-wrap-sections.ts) is a slide with its own address,
 * `#dia-N`, which presenting mode (public/dias.js) keeps in the address bar. Slide 1 is the
 * title slide that the template draws from the frontmatter.
 */
export function rehypeNumberSlides() {
  return (tree: Root, file: VFile) => {
    const frontmatter = (file.data.astro as { frontmatter?: { soort?: unknown } } | undefined)?.frontmatter;
    if (frontmatter?.soort !== "presentatie") return;
    let number = 1;
    for (const node of tree.children) {
      if (node.type !== "element" || node.tagName !== "section") continue;
      number++;
      node.properties.className = ["onderdeel", "dia"];
      node.properties.id = `dia-${number}`;
    }
  };
}
