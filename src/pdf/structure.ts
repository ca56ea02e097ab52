import { PDFArray, PDFDict, PDFName, PDFRef, PDFString, PDFHexString, type PDFObject } from "pdf-lib";
import { footnoteLinkLabel } from "../site/plugins/footnote-labels.ts";
import { name, nameText, readText, StructureTree, textString, type ContentItem, type Element } from "./structure-tree.ts";

/**
 * The structure fixes PDF/UA-1 asks for that Chromium's tagged output lacks. Each rule is one
 * function; `verify` (src/pdf/conformance.ts) checks the same conditions on any file.
 */

/** The standard structure types of PDF 1.7 (ISO 32000-1 §14.8.4), on which PDF/UA-1 builds. */
export const STANDARD_TYPES = new Set([
  "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct", "Private",
  "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot",
  "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP",
  "Figure", "Formula", "Form",
]);

/** Chromium writes some PDF 2.0 types; in PDF 1.7 terms they are these. */
const PDF2_TYPES: Record<string, string> = { Strong: "Span", Em: "Span", Sub: "Span", Title: "P", Aside: "Div", FENote: "Note", DocumentFragment: "Div" };

/** Text per page and MCID, read from the page content. */
export type TaggedText = Map<PDFRef, (mcid: number) => string>;

export interface StructureReport {
  roleMapped: string[];
  figures: number;
  listBodies: number;
  links: number;
}

export function fixStructure(tree: StructureTree, text: TaggedText): StructureReport {
  // One walk of the tree for all rules; collapsing charts removes elements, which the later rules skip.
  const all = tree.elements();
  const roleMapped = addRoleMap(tree, all);
  const removed = new Set<PDFRef>();
  const figures = collapseFigures(tree, all, removed);
  const elements = all.filter((e) => !removed.has(e.ref));
  const report = { roleMapped, figures, listBodies: addListBodies(tree, elements, text), links: describeLinks(tree, elements, text) };
  addIdTree(tree, elements);
  tree.save();
  return report;
}

/** A RoleMap for every non-standard type in the tree; one that is not known becomes NonStruct. */
function addRoleMap(tree: StructureTree, elements: Element[]): string[] {
  const used = new Set<string>();
  for (const { dict } of elements) used.add(tree.type(dict));
  const mapped = [...used].filter((type) => !STANDARD_TYPES.has(type)).sort();
  if (mapped.length === 0) return [];
  const roleMap = (tree.lookup(tree.root.get(name("RoleMap"))) as PDFDict | undefined) ?? tree.document.context.obj({});
  for (const type of mapped) if (!roleMap.has(name(type))) roleMap.set(name(type), name(PDF2_TYPES[type] ?? "NonStruct"));
  tree.root.set(name("RoleMap"), roleMap);
  return mapped;
}

/**
 * A chart is one Figure: the element with the text alternative (the `role="img"` wrapper, whose
 * /Alt is the Dutch description the site shows) takes all marked content of its sub-elements,
 * which Chromium made from the SVG's marks with Vega's English labels; those go. The HTML
 * <figure> around it, a Figure without /Alt that groups caption, chart and description,
 * becomes a Div, so a reader reads its caption and description instead of skipping them.
 */
function collapseFigures(tree: StructureTree, elements: Element[], removedRefs: Set<PDFRef>): number {
  let collapsed = 0;
  for (const element of elements) {
    if (removedRefs.has(element.ref) || tree.type(element.dict) !== "Figure") continue;
    const kids = tree.kids(element.dict);
    const subElements = kids.filter((kid) => tree.isElement(kid)) as PDFRef[];
    if (!element.dict.has(name("Alt"))) {
      if (subElements.length > 0) element.dict.set(name("S"), name("Div"));
      continue;
    }
    if (subElements.length === 0) continue;
    const content = tree.allContent(element.dict);
    const removed = subElements.flatMap((ref) => tree.elements(ref).map((e) => e.ref));
    tree.setKids(element, content);
    const first = content.find((item) => item.page)?.page;
    if (first && !element.dict.has(name("Pg"))) element.dict.set(name("Pg"), first);
    for (const ref of removed) {
      tree.document.context.delete(ref);
      removedRefs.add(ref);
    }
    collapsed++;
  }
  return collapsed;
}

const BULLETS: Record<string, string> = { Disc: "•", Circle: "◦", Square: "▪" };

/**
 * List items as PDF/UA reads them: Lbl then LBody. Chromium puts the item's content straight in
 * the LI next to its Lbl; it goes into an LBody. A Lbl that holds only a drawn bullet gets the
 * bullet as ActualText, so it is not an empty label.
 */
function addListBodies(tree: StructureTree, elements: Element[], text: TaggedText): number {
  let added = 0;
  for (const list of elements.filter((e) => tree.type(e.dict) === "L")) {
    const bullet = BULLETS[listNumbering(tree, list.dict) ?? ""];
    for (const kid of tree.kids(list.dict)) {
      if (!tree.isElement(kid)) continue;
      const item: Element = { ref: kid, dict: tree.lookup(kid) as PDFDict };
      if (tree.type(item.dict) !== "LI") continue;
      const kids = tree.kids(item.dict);
      const labels = kids.filter((k) => tree.isElement(k) && tree.type(tree.lookup(k) as PDFDict) === "Lbl") as PDFRef[];
      for (const label of labels) {
        const dict = tree.lookup(label) as PDFDict;
        if (bullet && textOf(tree.allContent(dict), text).trim() === "" && !dict.has(name("ActualText"))) dict.set(name("ActualText"), textString(bullet));
      }
      const rest = kids.filter((k) => !labels.includes(k as PDFRef));
      if (rest.length === 0 || (rest.length === 1 && tree.isElement(rest[0]!) && tree.type(tree.lookup(rest[0]!) as PDFDict) === "LBody")) continue;
      const page = tree.pageOf(item.dict);
      const body = tree.addElement(item, "LBody", page ? { Pg: page } : {});
      const moved = rest.flatMap<PDFRef | ContentItem>((k) => (tree.isElement(k) ? [k] : contentOf(tree, item.dict, k)));
      tree.setKids(body, moved);
      tree.setKids(item, [...labels, body.ref]);
      added++;
    }
  }
  return added;
}

function contentOf(tree: StructureTree, owner: PDFDict, kid: PDFObject): ContentItem[] {
  const probe = tree.document.context.obj({ K: [kid] }) as PDFDict;
  const page = tree.pageOf(owner);
  if (page) probe.set(name("Pg"), page);
  return tree.ownContent(probe, page);
}

function listNumbering(tree: StructureTree, list: PDFDict): string | undefined {
  const attributes = tree.lookup(list.get(name("A")));
  const all = attributes instanceof PDFArray ? attributes.asArray().map((a) => tree.lookup(a)) : [attributes];
  for (const attribute of all) {
    if (attribute instanceof PDFDict && attribute.get(name("ListNumbering")) instanceof PDFName) return (attribute.get(name("ListNumbering")) as PDFName).decodeText();
  }
  return undefined;
}

/**
 * PDF/UA wants an alternate description in every link annotation's /Contents: the link's text
 * as it reads in the structure tree, its /Alt where Chromium gave one; a footnote link (its text
 * "1" or "↩") says what the site's aria-label says; otherwise where the link leads.
 */
function describeLinks(tree: StructureTree, elements: Element[], text: TaggedText): number {
  let described = 0;
  for (const link of elements) {
    if (tree.type(link.dict) !== "Link") continue;
    const content = tree.allContent(link.dict);
    const words = textOf(content, text).replace(/\s+/g, " ").trim();
    for (const item of content) {
      if (item.kind !== "objr") continue;
      const annotation = tree.lookup(item.object);
      if (!(annotation instanceof PDFDict) || annotation.has(name("Contents"))) continue;
      const footnote = footnoteLinkLabel(destinationName(tree, annotation) ?? "");
      const description = readText(link.dict.get(name("Alt"))) ?? footnote ?? (/[\p{L}\p{N}]/u.test(words) ? words : linkTarget(tree, annotation));
      annotation.set(name("Contents"), textString(description));
      described++;
    }
  }
  return described;
}

/** The named destination of an internal link (Chromium writes /Dest with the element's id). */
function destinationName(tree: StructureTree, annotation: PDFDict): string | undefined {
  const dest = tree.lookup(annotation.get(name("Dest")));
  return dest instanceof PDFName ? nameText(dest) : readText(dest);
}

function linkTarget(tree: StructureTree, annotation: PDFDict): string {
  const action = tree.lookup(annotation.get(name("A")));
  const uri = action instanceof PDFDict ? readText(tree.lookup(action.get(name("URI")))) : undefined;
  return uri ? `Link naar ${uri}` : "Link naar een plek in dit document";
}

export function textOf(content: ContentItem[], text: TaggedText): string {
  return content.map((item) => (item.kind === "mcid" ? (text.get(item.page)?.(item.mcid) ?? "") : "")).join("");
}

/** Table headers refer to TH elements by /ID; readers find those through the root's IDTree. */
function addIdTree(tree: StructureTree, elements: Element[]): void {
  const ids: [string, PDFRef][] = [];
  for (const { ref, dict } of elements) {
    const id = dict.get(name("ID"));
    if (id instanceof PDFString || id instanceof PDFHexString) ids.push([id.asString(), ref]);
  }
  if (ids.length === 0 || tree.root.has(name("IDTree"))) return;
  ids.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const names: PDFObject[] = ids.flatMap(([id, ref]) => [PDFString.of(id), ref]);
  tree.root.set(name("IDTree"), tree.document.context.obj({ Names: names }));
}

/** The heading levels in reading order, for the check that none is skipped. */
export function headingLevels(tree: StructureTree): number[] {
  return tree.elements().map((e) => /^H([1-6])$/.exec(tree.type(e.dict))?.[1]).filter((l): l is string => l !== undefined).map(Number);
}

