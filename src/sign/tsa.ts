import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/**
 * Asks an RFC 3161 timestamp authority for a token over `data` (the signature value, for
 * PAdES B-T) and returns the token (a CMS ContentInfo) to add as an unsigned attribute.
 */
export async function requestTimestamp(url: string, data: Uint8Array): Promise<asn1js.Sequence> {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: "2.16.840.1.101.3.4.2.1" }),
      hashedMessage: new asn1js.OctetString({ valueHex: createHash("sha256").update(data).digest() }),
    }),
    nonce: new asn1js.Integer({ valueHex: randomBytes(8) }),
    certReq: true,
  });
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/timestamp-query" }, body: Buffer.from(request.toSchema().toBER()) });
  } catch (error) {
    throw new Error(`tijdstempeldienst ${url} niet bereikbaar: ${(error as Error).message}`);
  }
  if (!response.ok) throw new Error(`tijdstempeldienst ${url} antwoordde ${response.status}`);
  const parsed = pkijs.TimeStampResp.fromBER(new Uint8Array(await response.arrayBuffer()));
  if (!parsed.timeStampToken || parsed.status.status > 1) throw new Error(`tijdstempeldienst ${url} weigerde het verzoek (status ${parsed.status.status})`);
  return parsed.timeStampToken.toSchema() as asn1js.Sequence;
}
