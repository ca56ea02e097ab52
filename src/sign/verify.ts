import { createHash, verify as verifySignature, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { OID } from "./cms.ts";

/** What `nota verify` concludes about one signed PDF. */
export interface SignatureReport {
  valid: boolean;
  signer?: string;
  signingTime?: Date;
  certification: boolean;
  timestamp: boolean;
  problems: string[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/**
 * Checks a PDF's signature the way a reader would: the byte range covers the whole file but
 * the signature, the digest matches, the CMS signature verifies with the signer's key, and the
 * signer's chain ends at one of the trusted roots.
 */
export function verifyPdf(pdf: Buffer, trustRoots: X509Certificate[]): SignatureReport {
  const report: SignatureReport = { valid: false, certification: false, timestamp: false, problems: [] };
  const ranges = [...pdf.toString("latin1").matchAll(BYTE_RANGE)];
  if (ranges.length === 0) return { ...report, problems: ["geen handtekening gevonden"] };
  if (ranges.length > 1) report.problems.push(`${ranges.length} handtekeningen gevonden; nota zet er één`);
  const [start, firstLength, secondStart, secondLength] = ranges[0]!.slice(1).map(Number) as [number, number, number, number];

  if (start !== 0 || secondStart + secondLength !== pdf.length) report.problems.push("de handtekening dekt niet het hele bestand (er is iets toegevoegd of weggehaald)");
  if (pdf[firstLength] !== 0x3c || pdf[secondStart - 1] !== 0x3e) report.problems.push("het bereik buiten de handtekening klopt niet");
  const signed = Buffer.concat([pdf.subarray(0, firstLength), pdf.subarray(secondStart, secondStart + secondLength)]);
  const dictionary = pdf.toString("latin1", pdf.lastIndexOf("obj", firstLength), pdf.indexOf("endobj", secondStart));
  report.signingTime = parsePdfDate(/\/M\s*\((D:[^)]+)\)/.exec(dictionary)?.[1]);
  report.certification = /\/TransformMethod\s*\/DocMDP/.test(dictionary) && /\/Perms\s*<<\s*\/DocMDP/.test(pdf.toString("latin1"));

  let signedData: pkijs.SignedData;
  try {
    const der = Buffer.from(pdf.toString("latin1", firstLength + 1, secondStart - 1), "hex");
    const contentInfo = pkijs.ContentInfo.fromBER(der.subarray(0, berLength(der)));
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return { ...report, problems: [...report.problems, "de handtekening is geen leesbare CMS-structuur"] };
  }
  const signerInfo = signedData.signerInfos[0];
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
  const signerCert = signerInfo && certificates.find((c) => matchesSid(c, signerInfo));
  if (!signerInfo || !signerCert) return { ...report, problems: [...report.problems, "het certificaat van de ondertekenaar ontbreekt in de handtekening"] };
  report.signer = signerCert.subject.split("\n").find((l) => l.startsWith("CN="))?.slice(3);

  const attributes = signerInfo.signedAttrs?.attributes ?? [];
  const digestAttribute = attributes.find((a) => a.type === OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  const digest = createHash("sha256").update(signed).digest();
  if (!digestAttribute || !digest.equals(Buffer.from(digestAttribute.valueBlock.valueHexView))) report.problems.push("de inhoud is gewijzigd na ondertekening (digest klopt niet)");
  if (!attributes.some((a) => a.type === OID.signingCertificateV2)) report.problems.push("signing-certificate-v2 ontbreekt (geen PAdES)");
  if (attributes.some((a) => a.type === "1.2.840.113549.1.9.5")) report.problems.push("CMS signing-time aanwezig (PAdES baseline verbiedt dat)");

  const signedAttributes = Buffer.from(signerInfo.signedAttrs!.encodedValue);
  signedAttributes[0] = 0x31; // [0] IMPLICIT → SET OF, as it was signed
  if (!verifySignature("sha256", signedAttributes, signerCert.publicKey, Buffer.from(signerInfo.signature.valueBlock.valueHexView))) {
    report.problems.push("de cryptografische handtekening klopt niet");
  }
  report.problems.push(...chainProblems(signerCert, certificates, trustRoots, report.signingTime ?? new Date()));
  report.timestamp = (signerInfo.unsignedAttrs?.attributes ?? []).some((a) => a.type === OID.signatureTimeStampToken);
  report.valid = report.problems.length === 0;
  return report;
}

function chainProblems(signer: X509Certificate, pool: X509Certificate[], roots: X509Certificate[], at: Date): string[] {
  const problems: string[] = [];
  const candidates = [...pool, ...roots];
  let current = signer;
  for (let depth = 0; depth < 8; depth++) {
    if (new Date(current.validFrom) > at || new Date(current.validTo) < at) problems.push(`certificaat '${current.subject.split("\n").pop()}' was niet geldig op het moment van ondertekenen`);
    if (roots.some((root) => root.fingerprint256 === current.fingerprint256)) return problems;
    const issuer = candidates.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) break;
    current = issuer;
  }
  return [...problems, "de keten eindigt niet bij een vertrouwd basiscertificaat"];
}

function matchesSid(certificate: X509Certificate, signerInfo: pkijs.SignerInfo): boolean {
  const sid = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) return false;
  return certificate.serialNumber.toUpperCase() === Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString("hex").toUpperCase().replace(/^00/, "");
}

/** Length of the DER element at the start of a zero-padded /Contents value. */
function berLength(der: Buffer): number {
  const parsed = asn1js.fromBER(der);
  return parsed.offset > 0 ? parsed.offset : der.length;
}

function parsePdfDate(value: string | undefined): Date | undefined {
  const match = value && /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, zone] = match;
  const offset = !zone || zone === "Z" ? "Z" : `${zone.slice(0, 3)}:${zone.replace(/'/g, "").slice(3, 5)}`;
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
}

/** Certificates from a PEM file (one or more BEGIN CERTIFICATE blocks). */
export function parsePemCertificates(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((block) => new X509Certificate(block));
}
