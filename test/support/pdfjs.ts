import { readFile } from "node:fs/promises";
import { getDocument, OPS, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

// pdf.js (Mozilla's reader, independent of pdf-lib and of nota's own parser) as a second
// reader of what nota writes: its operator list, structure tree and annotations.

export async function openPdf(source: string | Uint8Array): Promise<PDFDocumentProxy> {
  const data = typeof source === "string" ? new Uint8Array(await readFile(source)) : new Uint8Array(source);
  return getDocument({ data, verbosity: 0, disableFontFace: true, useSystemFonts: false }).promise;
}

const PAINTING = new Set<number>([
  OPS.stroke, OPS.closeStroke, OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke, OPS.endPath,
  OPS.constructPath, OPS.rectangle, OPS.moveTo, OPS.lineTo, OPS.curveTo,
  OPS.showText, OPS.showSpacedText, OPS.nextLineShowText, OPS.nextLineSetSpacingShowText,
  OPS.paintXObject, OPS.paintFormXObjectBegin, OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.shadingFill,
].filter((op) => op !== undefined));

/**
 * Per page, the drawing operators pdf.js finds outside every marked-content sequence that is
 * tagged (has an MCID) or an artifact.
 */
export async function untaggedDrawingOperators(document: PDFDocumentProxy): Promise<number[]> {
  const counts: number[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const page = await document.getPage(n);
    const { fnArray, argsArray } = await page.getOperatorList();
    const stack: boolean[] = [];
    let count = 0;
    for (let i = 0; i < fnArray.length; i++) {
      const fn = fnArray[i]!;
      const args = argsArray[i] as unknown[] | null;
      // BMC's tag comes as a Name object, BDC's as a string.
      const tag = (args?.[0] as { name?: string } | undefined)?.name ?? args?.[0];
      if (fn === OPS.beginMarkedContent) stack.push(tag === "Artifact" || (stack.at(-1) ?? false));
      else if (fn === OPS.beginMarkedContentProps) stack.push(tag === "Artifact" || Number.isInteger(args?.[1]) || (stack.at(-1) ?? false));
      else if (fn === OPS.endMarkedContent) stack.pop();
      else if (PAINTING.has(fn) && !(stack.at(-1) ?? false)) count++;
    }
    counts.push(count);
  }
  return counts;
}

export interface StructNode {
  role: string;
  alt?: string;
  lang?: string;
  children: (StructNode | { type: string; id?: string })[];
}

/** pdf.js's structure tree of every page. */
export async function structTrees(document: PDFDocumentProxy): Promise<StructNode[]> {
  const trees: StructNode[] = [];
  for (let n = 1; n <= document.numPages; n++) trees.push((await (await document.getPage(n)).getStructTree()) as unknown as StructNode);
  return trees;
}

/** Every node of a structure tree, depth first. */
export function* walk(node: StructNode): Generator<StructNode> {
  yield node;
  for (const child of node.children ?? []) if ("role" in child) yield* walk(child);
}

/** Text per marked-content id (`p<page>R_mc<n>`), as pdf.js extracts it. */
export async function markedText(document: PDFDocumentProxy): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent({ includeMarkedContent: true });
    const open: (string | null)[] = [];
    for (const item of content.items as { type?: string; id?: string | null; str?: string }[]) {
      if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") open.push(item.id ?? open.at(-1) ?? null);
      else if (item.type === "endMarkedContent") open.pop();
      else if (item.str !== undefined && open.at(-1)) texts.set(open.at(-1)!, (texts.get(open.at(-1)!) ?? "") + item.str);
    }
  }
  return texts;
}
