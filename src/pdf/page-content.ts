import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, type PDFDocument, type PDFPage, type PDFRef as Ref } from "pdf-lib";
import { artifactInsertions, countUntagged, untaggedRuns } from "./artifacts.ts";
import { insertAt, parseContentStream, type Operation } from "./content-stream.ts";
import { fontsOf, type FontText } from "./fonts.ts";
import { flateStream, streamBytes } from "./streams.ts";
import { StructureTree } from "./structure-tree.ts";
import { pageEndSpace, readTaggedText } from "./word-spaces.ts";

/** A page's content as one byte string: a /Contents array reads as its streams joined. */
export function pageContent(page: PDFPage): Uint8Array {
  const contents = page.node.Contents();
  if (contents instanceof PDFStream) return streamBytes(contents);
  if (contents instanceof PDFArray) {
    const streams = contents.asArray().map((ref) => page.doc.context.lookup(ref, PDFStream));
    return Buffer.concat(streams.flatMap((s) => [streamBytes(s), Buffer.from("\n")]));
  }
  return new Uint8Array();
}

export interface PageContentReport {
  wrapped: number;
  spaces: number;
  /** Per page (by its object), the text of a marked-content sequence. */
  textByPage: Map<PDFRef, (mcid: number) => string>;
}

/**
 * Rewrites every page's content once: untagged content becomes /Artifact, wrapped lines get
 * their space back. Reports how many content operators were wrapped and spaces added, and the
 * tagged text, which the structure step needs for link descriptions and list labels.
 */
export function tagPageContent(document: PDFDocument): PageContentReport {
  const fontCache = new Map<PDFRef | PDFDict, FontText>();
  const report: PageContentReport = { wrapped: 0, spaces: 0, textByPage: new Map() };
  const lastMcids = lastMcidPerPage(document);
  for (const page of document.getPages()) {
    const bytes = pageContent(page);
    const operations: Operation[] = parseContentStream(bytes);
    const fonts = fontsOf(document.context, page.node.Resources(), fontCache);
    const runs = untaggedRuns(operations);
    const artifacts = artifactInsertions(operations, runs);
    const text = readTaggedText(operations, fonts);
    const lastMcid = lastMcids.get(page.ref);
    const insertions = [...text.insertions, ...(lastMcid === undefined ? [] : pageEndSpace(text, lastMcid))];
    report.textByPage.set(page.ref, text.textOf);
    if (artifacts.length + insertions.length === 0) continue;
    report.wrapped += countUntagged(operations, runs);
    report.spaces += insertions.filter((w) => w.text.endsWith("Tj") || w.text.startsWith("/Span")).length;
    replaceContent(document, page, insertAt(bytes, [...artifacts, ...insertions]));
  }
  return report;
}

/** Per page, the MCID that comes last in reading order (the structure tree's order). */
function lastMcidPerPage(document: PDFDocument): Map<PDFRef, number> {
  const last = new Map<PDFRef, number>();
  const tree = StructureTree.open(document);
  if (!tree) return last;
  for (const item of tree.allContent(tree.root)) if (item.kind === "mcid") last.set(item.page, item.mcid);
  return last;
}

/** Puts new content in the page's first content stream object and drops the others. */
function replaceContent(document: PDFDocument, page: PDFPage, bytes: Uint8Array): void {
  const context = document.context;
  const current = page.node.get(PDFName.of("Contents"));
  const refs: Ref[] = current instanceof PDFRef ? [current] : current instanceof PDFArray ? (current.asArray().filter((r) => r instanceof PDFRef) as Ref[]) : [];
  const stream = flateStream(context, bytes);
  if (refs.length === 0) {
    page.node.set(PDFName.of("Contents"), context.register(stream));
    return;
  }
  context.assign(refs[0]!, stream);
  for (const ref of refs.slice(1)) context.delete(ref);
  page.node.set(PDFName.of("Contents"), refs[0]!);
}
