import { PDFDocument, PDFName, PDFRawStream, type PDFRef } from "pdf-lib";

/** A ToUnicode CMap that reads codes 0x20–0x7e as ASCII, for a simple font. */
const ASCII_TO_UNICODE = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /nota-ascii def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <0020> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`;

/**
 * A one-page tagged PDF with the given content stream, made without Chromium: font /F1
 * (Helvetica with a ToUnicode map), and a structure tree Document → P per listed MCID.
 */
export async function smallTaggedPdf(content: string, mcids: number[] = [0]): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const context = document.context;
  const page = document.addPage([595, 842]);
  const toUnicode = context.register(PDFRawStream.of(context.obj({ Length: ASCII_TO_UNICODE.length }), Buffer.from(ASCII_TO_UNICODE, "latin1")));
  const font = context.register(context.obj({ Type: "Font", Subtype: "Type1", BaseFont: "Helvetica", Encoding: "WinAnsiEncoding", ToUnicode: toUnicode }));
  page.node.set(PDFName.of("Resources"), context.obj({ Font: { F1: font } }));
  page.node.set(PDFName.of("Contents"), context.register(PDFRawStream.of(context.obj({ Length: content.length }), Buffer.from(content, "latin1"))));
  page.node.set(PDFName.of("StructParents"), context.obj(0));

  const root = context.obj({ Type: "StructTreeRoot" });
  const rootRef = context.register(root);
  const documentElement = context.obj({ Type: "StructElem", S: "Document", P: rootRef });
  const documentRef = context.register(documentElement);
  const paragraphs: PDFRef[] = mcids.map((mcid) => context.register(context.obj({ Type: "StructElem", S: "P", P: documentRef, Pg: page.ref, K: mcid })));
  documentElement.set(PDFName.of("K"), context.obj(paragraphs));
  root.set(PDFName.of("K"), documentRef);
  root.set(PDFName.of("ParentTree"), context.obj({ Nums: [0, paragraphs] }));
  root.set(PDFName.of("ParentTreeNextKey"), context.obj(1));
  document.catalog.set(PDFName.of("StructTreeRoot"), rootRef);
  document.catalog.set(PDFName.of("MarkInfo"), context.obj({ Marked: true }));
  return document.save({ useObjectStreams: false });
}
