import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { allowRequestsTo } from "../network.ts";

/** How long the time-stamp service may take, and how large its answer may be. */
export const TSA_LIMITS = { seconds: 30, bytes: 1_000_000 };

/** The time-stamp service failed: the message says how, for the gemeente whose signature waits for it. */
export class TimestampError extends Error {}

/**
 * Asks an RFC 3161 timestamp authority for a token over `data` (the signature value, for
 * PAdES B-T) and returns the token (a CMS ContentInfo) to add as an unsigned attribute. This
 * is the only request nota makes: it has a time limit and a size limit.
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
  allowRequestsTo(url);
  let body: Uint8Array<ArrayBuffer>;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/timestamp-query" },
      body: Buffer.from(request.toSchema().toBER()),
      redirect: "error",
      signal: AbortSignal.timeout(TSA_LIMITS.seconds * 1000),
    });
    if (!response.ok) throw new TimestampError(`tijdstempeldienst ${url} antwoordde met HTTP-status ${response.status} ${response.statusText}`.trim());
    if (Number(response.headers.get("content-length") ?? 0) > TSA_LIMITS.bytes) throw new TimestampError(`tijdstempeldienst ${url} stuurde een te groot antwoord`);
    body = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    const { name, cause } = error as { name?: string; cause?: { code?: string; message?: string } };
    if (name === "TimeoutError") throw new TimestampError(`tijdstempeldienst ${url} gaf binnen ${TSA_LIMITS.seconds} seconden geen antwoord`);
    throw new TimestampError(`tijdstempeldienst ${url} niet bereikbaar (${cause?.code ?? cause?.message ?? (error as Error).message})`);
  }
  if (body.length > TSA_LIMITS.bytes) throw new TimestampError(`tijdstempeldienst ${url} stuurde een te groot antwoord`);
  let parsed: pkijs.TimeStampResp;
  try {
    parsed = pkijs.TimeStampResp.fromBER(body);
  } catch {
    throw new TimestampError(`tijdstempeldienst ${url} stuurde geen geldig RFC 3161-antwoord`);
  }
  if (!parsed.timeStampToken || parsed.status.status > 1) throw new TimestampError(`tijdstempeldienst ${url} weigerde het verzoek (status ${parsed.status.status})`);
  return parsed.timeStampToken.toSchema() as asn1js.Sequence;
}
