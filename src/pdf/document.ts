import { PDFDocument, ParseSpeeds } from "pdf-lib";

// pdf-lib yields to the event loop every 50–100 objects by default; a tagged note has
// thousands of structure objects, so that waiting took longer than the work itself.

/** Opens a PDF with pdf-lib in one go, keeping its own metadata as it is. */
export function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Writes a PDF with a classic cross-reference table, which signing and `pdfsig` expect. */
export function savePdf(document: PDFDocument): Promise<Uint8Array> {
  return document.save({ useObjectStreams: false, objectsPerTick: Infinity });
}
