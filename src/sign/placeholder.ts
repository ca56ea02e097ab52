import { PDFArray, PDFHexString, PDFName, PDFNumber, PDFString, type PDFDict, type PDFDocument, type PDFRef } from "pdf-lib";
import { loadPdf, savePdf } from "../pdf/document.ts";
import { StructureTree, textString } from "../pdf/structure-tree.ts";

/** Room for the CMS: a chain of certificates, the signature and a timestamp token. */
export const SIGNATURE_BYTES = 16_384;
const BYTE_RANGE_NAME = "**********";

/** The placeholders as pdf-lib writes them: sign-pdf.ts finds them and overwrites them in place. */
export const BYTE_RANGE_PLACEHOLDER = new RegExp(String.raw`\[\s*0(?:\s+/${BYTE_RANGE_NAME.replace(/\*/g, "\\*")}){3}\s*\]`, "g");
export const CONTENTS_PLACEHOLDER = new RegExp(`<0{${SIGNATURE_BYTES * 2}}>`, "g");

export interface SignatureFields {
  reason: string;
  location: string;
  name: string;
  contactInfo?: string;
  signingTime: Date;
}

/**
 * Adds an empty certification signature to a PDF: the signature dictionary (ETSI.CAdES.detached,
 * /M, a DocMDP reference that allows no changes), an invisible signature field on page 1 and
 * the catalog's /Perms. /ByteRange and /Contents are placeholders that sign-pdf.ts fills in.
 * PDF/UA wants every form field reachable from the structure tree: the field gets a Form element.
 */
export async function addSignaturePlaceholder(pdf: Uint8Array, fields: SignatureFields): Promise<Buffer> {
  const document = await loadPdf(pdf);
  const context = document.context;
  // Every text from a profile or note as a UTF-16 hex string: pdf-lib's literal strings do not
  // escape parentheses and backslashes, so a value could end its string and add keys of its own.
  const text = (value: string) => PDFHexString.fromText(value);

  const transformParams = context.obj({ Type: "TransformParams", P: 1, V: PDFName.of("1.2") });
  const reference = context.obj({ Type: "SigRef", TransformMethod: "DocMDP", TransformParams: transformParams });
  const signature = context.obj({
    Type: "Sig",
    Filter: "Adobe.PPKLite",
    SubFilter: "ETSI.CAdES.detached",
    ByteRange: PDFArray.withContext(context),
    Contents: PDFHexString.of("0".repeat(SIGNATURE_BYTES * 2)),
    Reason: text(fields.reason),
    Location: text(fields.location),
    Name: text(fields.name),
    ...(fields.contactInfo ? { ContactInfo: text(fields.contactInfo) } : {}),
    M: PDFString.fromDate(fields.signingTime),
    Reference: context.obj([reference]),
  });
  const byteRange = signature.get(PDFName.of("ByteRange")) as PDFArray;
  byteRange.push(PDFNumber.of(0));
  for (let i = 0; i < 3; i++) byteRange.push(PDFName.of(BYTE_RANGE_NAME));
  const signatureRef = context.register(signature);

  const page = document.getPage(0);
  const widget = context.obj({
    Type: "Annot",
    Subtype: "Widget",
    FT: "Sig",
    Rect: [0, 0, 0, 0],
    V: signatureRef,
    T: PDFString.of("Handtekening"),
    TU: text(`Digitale handtekening van ${fields.name}`),
    F: 132,
    P: page.ref,
  });
  const widgetRef = context.register(widget);
  const annots = page.node.lookup(PDFName.of("Annots"));
  if (annots instanceof PDFArray) annots.push(widgetRef);
  else page.node.set(PDFName.of("Annots"), context.obj([widgetRef]));

  tagSignatureField(document, widgetRef, page.ref, `Digitale handtekening van ${fields.name}`);

  document.catalog.set(PDFName.of("AcroForm"), context.obj({ Fields: [widgetRef], SigFlags: 3 }));
  document.catalog.set(PDFName.of("Perms"), context.obj({ DocMDP: signatureRef }));
  return Buffer.from(await savePdf(document));
}


/** A Form element at the end of the document's structure, with an OBJR to the signature widget. */
function tagSignatureField(document: PDFDocument, widget: PDFRef, page: PDFRef, description: string): void {
  const tree = StructureTree.open(document);
  if (!tree) return;
  const first = tree.kids(tree.root).find((kid) => tree.isElement(kid)) as PDFRef | undefined;
  if (!first) return;
  const top = { ref: first, dict: tree.lookup(first) as PDFDict };
  const form = tree.addElement(top, "Form", { Alt: textString(description) });
  tree.attachAnnotation(form, widget, page);
  tree.save();
}
