import { relative, sep } from "node:path";
import type { Root } from "mdast";
import type { VFile } from "vfile";
import { visit } from "unist-util-visit";
import { isComponentName } from "../../content/components.ts";

/**
 * Gives every nota component in a note the note's id (`notitie="raalte/2022/memo-q2"`),
 * so the component can resolve its dataset and chart in the note's own gemeente and quarter.
 */
export function remarkBindNote(options: { contentDir: string }) {
  return (tree: Root, file: VFile) => {
    if (!file.path) return;
    const id = relative(options.contentDir, file.path).split(sep).join("/").replace(/\.mdx$/, "");
    visit(tree, (node) => {
      if ((node.type === "mdxJsxFlowElement" || node.type === "mdxJsxTextElement") && isComponentName(node.name ?? "")) {
        node.attributes.push({ type: "mdxJsxAttribute", name: "notitie", value: id });
      }
    });
  };
}
