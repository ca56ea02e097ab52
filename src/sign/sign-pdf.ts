import { createPadesCms } from "./cms.ts";
import type { SigningKey } from "./keys.ts";
import { addSignaturePlaceholder, BYTE_RANGE_PLACEHOLDER, CONTENTS_PLACEHOLDER, SIGNATURE_BYTES, type SignatureFields } from "./placeholder.ts";

/**
 * Signs a PDF as a PAdES certification signature with the gemeente's key: the placeholder's
 * /ByteRange gets the two ranges around /Contents, and /Contents the CMS over those bytes.
 * Both are overwritten in place with values of the same length, so no offset moves.
 */
export async function signPdf(pdf: Uint8Array, key: SigningKey, fields: SignatureFields, options: { timestampUrl?: string } = {}): Promise<Buffer> {
  const prepared = await addSignaturePlaceholder(pdf, fields);
  const text = prepared.toString("latin1");
  const byteRange = only(text, BYTE_RANGE_PLACEHOLDER, "/ByteRange");
  const contents = only(text, CONTENTS_PLACEHOLDER, "/Contents");
  const after = contents.index + contents.length;
  const range = `[0 ${contents.index} ${after} ${prepared.length - after}]`.padEnd(byteRange.length, " ");
  if (range.length > byteRange.length) throw new Error("nota: de /ByteRange past niet in de ruimte die ervoor is vrijgehouden");
  prepared.write(range, byteRange.index, "latin1");

  const cms = await createPadesCms(Buffer.concat([prepared.subarray(0, contents.index), prepared.subarray(after)]), key, options);
  if (cms.length > SIGNATURE_BYTES) throw new Error(`nota: de handtekening (${cms.length} bytes) past niet in de ${SIGNATURE_BYTES} bytes die ervoor zijn vrijgehouden`);
  prepared.write(cms.toString("hex"), contents.index + 1, "latin1");
  return prepared;
}

/** Where the one occurrence of a placeholder is; a second one would make the signature ambiguous. */
function only(text: string, placeholder: RegExp, name: string): { index: number; length: number } {
  const matches = [...text.matchAll(placeholder)];
  if (matches.length !== 1) throw new Error(`nota: ${matches.length} plaatshouders voor ${name} in de PDF, verwacht één`);
  return { index: matches[0]!.index, length: matches[0]![0].length };
}
