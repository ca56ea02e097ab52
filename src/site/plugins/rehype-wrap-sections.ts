import type { Element, ElementContent, Root, RootContent } from "hast";

/**
 * Wraps each `<h2>` and what follows it up to the next `<h2>` in a `<section>`, so the
 * templates can letter them (bijlage), show them as slides (presentatie) and keep them
 * together in print.
 */
export function rehypeWrapSections() {
  return (tree: Root) => {
    const children: RootContent[] = [];
    let current: Element | undefined;
    for (const node of tree.children) {
      if (node.type === "element" && node.tagName === "h2") {
        current = { type: "element", tagName: "section", properties: { className: ["onderdeel"] }, children: [] };
        children.push(current);
      }
      if (current) current.children.push(node as ElementContent);
      else children.push(node);
    }
    tree.children = children;
  };
}
