import { createHash, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import type { SigningKey } from "./keys.ts";
import { requestTimestamp } from "./tsa.ts";

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signatureTimeStampToken: "1.2.840.113549.1.9.16.2.14",
  sha256: "2.16.840.1.101.3.4.2.1",
};

/**
 * A detached CMS SignedData as PAdES baseline B-B asks (ETSI EN 319 142-1): SHA-256,
 * signed attributes content-type, message-digest and ESS signing-certificate-v2, no
 * signing-time (the time is the signature dictionary's /M), the chain in `certificates`.
 * With a timestamp-authority URL it becomes B-T: an RFC 3161 token over the signature value.
 */
export async function createPadesCms(signedBytes: Uint8Array, key: SigningKey, options: { timestampUrl?: string } = {}): Promise<Buffer> {
  const certificates = key.chain.map((c) => pkijs.Certificate.fromBER(c.raw));
  const signer = certificates[0]!;
  const digest = createHash("sha256").update(signedBytes).digest();
  const attribute = (type: string, value: asn1js.AsnType) => new pkijs.Attribute({ type, values: [value] });

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({
      type: 0,
      attributes: [
        attribute(OID.contentType, new asn1js.ObjectIdentifier({ value: OID.data })),
        attribute(OID.messageDigest, new asn1js.OctetString({ valueHex: digest })),
        attribute(OID.signingCertificateV2, signingCertificateV2(signer, key.chain[0]!.raw)),
      ],
    }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [signerInfo],
    certificates,
  });
  const cryptoKey = await webcrypto.subtle.importKey(
    "pkcs8",
    key.privateKey.export({ type: "pkcs8", format: "der" }),
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    false,
    ["sign"],
  );
  await signedData.sign(cryptoKey as CryptoKey, 0, "SHA-256");

  if (options.timestampUrl) {
    const token = await requestTimestamp(options.timestampUrl, signerInfo.signature.valueBlock.valueHexView);
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [attribute(OID.signatureTimeStampToken, token)] });
  }
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}

/**
 * ESS SigningCertificateV2 (RFC 5035): the SHA-256 hash of the signer's certificate and its
 * issuer and serial number. pkijs has no class for it, so it is composed from asn1js types.
 */
function signingCertificateV2(certificate: pkijs.Certificate, der: Uint8Array): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [certificate.issuer.toSchema()] })] }),
      certificate.serialNumber,
    ],
  });
  const essCertIdV2 = new asn1js.Sequence({
    // hashAlgorithm is left out: its DEFAULT is SHA-256.
    value: [new asn1js.OctetString({ valueHex: createHash("sha256").update(der).digest() }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

export { OID };
