import { SignPdf } from "@signpdf/signpdf";
import { Signer } from "@signpdf/utils";
import { createPadesCms } from "./cms.ts";
import type { SigningKey } from "./keys.ts";
import { addSignaturePlaceholder, type SignatureFields } from "./placeholder.ts";

/** @signpdf computes the byte range and embeds the CMS; this signer makes the CMS PAdES-conform. */
class PadesSigner extends Signer {
  private readonly key: SigningKey;
  private readonly timestampUrl?: string;

  constructor(key: SigningKey, timestampUrl?: string) {
    super();
    this.key = key;
    this.timestampUrl = timestampUrl;
  }

  override async sign(signedBytes: Buffer): Promise<Buffer> {
    return createPadesCms(signedBytes, this.key, { timestampUrl: this.timestampUrl });
  }
}

/** Signs a PDF as a PAdES certification signature with the gemeente's key. */
export async function signPdf(pdf: Uint8Array, key: SigningKey, fields: SignatureFields, options: { timestampUrl?: string } = {}): Promise<Buffer> {
  const prepared = await addSignaturePlaceholder(pdf, fields);
  return new SignPdf().sign(prepared, new PadesSigner(key, options.timestampUrl));
}
