import { relative, sep } from "node:path";
import type { Image, Root } from "mdast";
import { visit } from "unist-util-visit";
import type { VFile } from "vfile";
import { imageTarget, linkProblem } from "../../content/references.ts";

/**
 * Points every picture at its published address (`/raalte/2022/memo/kaart.png`), so Astro
 * never turns it into a module import, and refuses what the reference rules refuse. `nota check`
 * has refused such notes already; this is the second line, in the pipeline that renders them.
 */
export function remarkResolveReferences(options: { contentDir: string }) {
  return (tree: Root, file: VFile) => {
    if (!file.path) return;
    const [gemeente = "", year = "", slug = ""] = relative(options.contentDir, file.path).split(sep);
    const note = { gemeente, year, slug: slug.replace(/\.mdx$/, "") };
    const definitions = new Map<string, string>();
    visit(tree, "definition", (node) => {
      definitions.set(node.identifier, node.url);
    });
    visit(tree, (node, index, parent) => {
      if (node.type === "link" || node.type === "definition") {
        const problem = linkProblem(node.url);
        if (problem) throw new Error(`${file.path}: ${problem}`);
      }
      if (node.type !== "image" && node.type !== "imageReference") return;
      const url = node.type === "image" ? node.url : definitions.get(node.identifier);
      const target = url === undefined ? { problem: "afbeelding zonder adres" } : imageTarget(note, url);
      if ("problem" in target) throw new Error(`${file.path}: ${target.problem}`);
      const image: Image = { type: "image", url: target.url, alt: node.alt, title: node.type === "image" ? node.title : undefined, position: node.position };
      parent!.children.splice(index!, 1, image);
    });
  };
}
