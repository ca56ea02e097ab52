import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFDocument } from "pdf-lib";
import { writeMetadata, type DocumentProperties } from "./metadata.ts";
import { addOutputIntent } from "./output-intent.ts";
import { tagPageContent } from "./page-content.ts";
import { fixStructure } from "./structure.ts";
import { StructureTree } from "./structure-tree.ts";

/**
 * Turns Chromium's tagged PDF into one that is PDF/A-2u and PDF/UA-1: content tagged or an
 * artifact, a structure a screen reader can use, printable annotations, XMP metadata that
 * matches the Info dictionary, an sRGB output intent and a file ID. The page looks the same.
 */
export function makeArchival(document: PDFDocument, properties: DocumentProperties, icc: Uint8Array): void {
  const content = tagPageContent(document);
  const tree = StructureTree.open(document);
  if (tree) fixStructure(tree, content.textByPage);
  printAnnotations(document);
  writeMetadata(document, properties);
  addOutputIntent(document, icc);
}

/** PDF/A: every annotation prints (flag 3) and none is hidden (flags 1, 2, 6). */
const PRINT = 4;
const HIDDEN = 1 | 2 | 32;

function printAnnotations(document: PDFDocument): void {
  for (const page of document.getPages()) {
    const annotations = page.node.lookup(PDFName.of("Annots"));
    if (!(annotations instanceof PDFArray)) continue;
    for (let i = 0; i < annotations.size(); i++) {
      const annotation = annotations.lookup(i);
      if (!(annotation instanceof PDFDict)) continue;
      const flags = annotation.get(PDFName.of("F"));
      const value = flags instanceof PDFNumber ? flags.asNumber() : 0;
      annotation.set(PDFName.of("F"), PDFNumber.of((value | PRINT) & ~HIDDEN));
    }
  }
}
