import { createDecipheriv, createHash, createHmac, createPrivateKey, getCipherInfo, pbkdf2Sync, timingSafeEqual, X509Certificate, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";

/** A PKCS#12 file nota cannot open, with the reason in Dutch (no passphrase in it). */
export class Pkcs12Error extends Error {}

export interface Pkcs12Contents {
  keys: KeyObject[];
  certificates: X509Certificate[];
}

const OID = {
  data: "1.2.840.113549.1.7.1",
  encryptedData: "1.2.840.113549.1.7.6",
  shroudedKeyBag: "1.2.840.113549.1.12.10.1.2",
  certBag: "1.2.840.113549.1.12.10.1.3",
  x509Certificate: "1.2.840.113549.1.9.22.1",
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
};

const DIGESTS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.4": "sha224",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};
const HMACS: Record<string, string> = {
  "1.2.840.113549.2.7": "sha1",
  "1.2.840.113549.2.8": "sha224",
  "1.2.840.113549.2.9": "sha256",
  "1.2.840.113549.2.10": "sha384",
  "1.2.840.113549.2.11": "sha512",
};
/** PBES2 ciphers (RFC 8018): what OpenSSL 3 and current Windows export. */
const PBES2_CIPHERS: Record<string, string> = {
  "2.16.840.1.101.3.4.1.2": "aes-128-cbc",
  "2.16.840.1.101.3.4.1.22": "aes-192-cbc",
  "2.16.840.1.101.3.4.1.42": "aes-256-cbc",
  "1.2.840.113549.3.7": "des-ede3-cbc",
};
/** PKCS#12 password-based encryption with SHA-1 (RFC 7292 appendix C): `openssl -legacy` and older Windows exports. */
const PKCS12_PBE: Record<string, string> = {
  "1.2.840.113549.1.12.1.3": "des-ede3-cbc",
  "1.2.840.113549.1.12.1.4": "des-ede-cbc",
  "1.2.840.113549.1.12.1.5": "rc2-cbc",
  "1.2.840.113549.1.12.1.6": "rc2-40-cbc",
};

/**
 * Reads the private keys and certificates from a PKCS#12 file (RFC 7292) with its passphrase:
 * pkijs reads the ASN.1, Node's crypto checks the MAC and decrypts.
 */
export function readPkcs12(der: Uint8Array, passphrase: string): Pkcs12Contents {
  let pfx: pkijs.PFX;
  let authenticatedSafe: ArrayBuffer;
  let safes: pkijs.ContentInfo[];
  try {
    pfx = pkijs.PFX.fromBER(new Uint8Array(der));
    if (pfx.authSafe.contentType !== OID.data) throw new Error("PKCS#12 with public-key integrity");
    authenticatedSafe = (pfx.authSafe.content as asn1js.OctetString).getValue();
    safes = pkijs.AuthenticatedSafe.fromBER(authenticatedSafe).safeContents;
  } catch {
    throw new Pkcs12Error("geen geldig PKCS#12-bestand");
  }
  if (pfx.macData && !macMatches(pfx.macData, authenticatedSafe, passphrase)) throw new Pkcs12Error("onjuist wachtwoord voor het PKCS#12-bestand");

  const contents: Pkcs12Contents = { keys: [], certificates: [] };
  for (const bag of safes.flatMap((safe) => safeBags(safe, passphrase))) {
    if (bag.bagId === OID.shroudedKeyBag) {
      const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
      const pkcs8 = decrypt(shrouded.encryptionAlgorithm, shrouded.encryptedData.getValue(), passphrase);
      contents.keys.push(createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }));
    } else if (bag.bagId === OID.certBag) {
      const certBag = bag.bagValue as pkijs.CertBag;
      if (certBag.certId === OID.x509Certificate) contents.certificates.push(new X509Certificate(Buffer.from((certBag.certValue as asn1js.OctetString).getValue())));
    }
  }
  return contents;
}

/** The bags of one safe: plain (Data) or encrypted with the passphrase (EncryptedData). */
function safeBags(safe: pkijs.ContentInfo, passphrase: string): pkijs.SafeBag[] {
  if (safe.contentType === OID.data) return pkijs.SafeContents.fromBER((safe.content as asn1js.OctetString).getValue()).safeBags;
  if (safe.contentType === OID.encryptedData) {
    const info = new pkijs.EncryptedData({ schema: safe.content }).encryptedContentInfo;
    return pkijs.SafeContents.fromBER(new Uint8Array(decrypt(info.contentEncryptionAlgorithm, info.getEncryptedContent(), passphrase))).safeBags;
  }
  // A safe encrypted to a public key (EnvelopedData) needs a key nota does not have.
  return [];
}

/** The MAC over the authenticated safe, keyed with the PKCS#12 KDF: a wrong passphrase fails here. */
function macMatches(macData: pkijs.MacData, content: ArrayBuffer, passphrase: string): boolean {
  const hash = DIGESTS[macData.mac.digestAlgorithm.algorithmId];
  if (!hash) throw new Pkcs12Error(`het PKCS#12-bestand gebruikt een onbekende MAC (${macData.mac.digestAlgorithm.algorithmId})`);
  const expected = Buffer.from(macData.mac.digest.valueBlock.valueHexView);
  const key = pkcs12Kdf(hash, passphrase, macData.macSalt.valueBlock.valueHexView, macData.iterations ?? 1, 3, createHash(hash).digest().length);
  const actual = createHmac(hash, key).update(new Uint8Array(content)).digest();
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Decrypts a key bag or safe with PBES2 or a PKCS#12 PBE scheme. */
function decrypt(algorithm: pkijs.AlgorithmIdentifier, data: ArrayBuffer, passphrase: string): Buffer {
  let cipher: string;
  let key: Buffer;
  let iv: Buffer;
  if (algorithm.algorithmId === OID.pbes2) {
    const scheme = new pkijs.PBES2Params({ schema: algorithm.algorithmParams });
    cipher = PBES2_CIPHERS[scheme.encryptionScheme.algorithmId] ?? unsupported(scheme.encryptionScheme.algorithmId);
    if (scheme.keyDerivationFunc.algorithmId !== OID.pbkdf2) unsupported(scheme.keyDerivationFunc.algorithmId);
    const kdf = new pkijs.PBKDF2Params({ schema: scheme.keyDerivationFunc.algorithmParams });
    const prf = kdf.prf ? (HMACS[kdf.prf.algorithmId] ?? unsupported(kdf.prf.algorithmId)) : "sha1";
    const salt = (kdf.salt as asn1js.OctetString).valueBlock.valueHexView;
    key = pbkdf2Sync(Buffer.from(passphrase, "utf8"), salt, kdf.iterationCount, kdf.keyLength ?? cipherInfo(cipher).keyLength, prf);
    iv = Buffer.from((scheme.encryptionScheme.algorithmParams as asn1js.OctetString).valueBlock.valueHexView);
  } else {
    cipher = PKCS12_PBE[algorithm.algorithmId] ?? unsupported(algorithm.algorithmId);
    const [salt, iterations] = (algorithm.algorithmParams as asn1js.Sequence).valueBlock.value as [asn1js.OctetString, asn1js.Integer];
    const { keyLength, ivLength } = cipherInfo(cipher);
    key = pkcs12Kdf("sha1", passphrase, salt.valueBlock.valueHexView, iterations.valueBlock.valueDec, 1, keyLength);
    iv = pkcs12Kdf("sha1", passphrase, salt.valueBlock.valueHexView, iterations.valueBlock.valueDec, 2, ivLength);
  }
  let decipher;
  try {
    decipher = createDecipheriv(cipher, key, iv);
  } catch {
    return unsupported(cipher);
  }
  try {
    return Buffer.concat([decipher.update(new Uint8Array(data)), decipher.final()]);
  } catch {
    throw new Pkcs12Error("onjuist wachtwoord voor het PKCS#12-bestand");
  }
}

function cipherInfo(cipher: string): { keyLength: number; ivLength: number } {
  const info = getCipherInfo(cipher);
  return info ? { keyLength: info.keyLength, ivLength: info.ivLength ?? 0 } : unsupported(cipher);
}

/** RC2 and other legacy ciphers are gone from OpenSSL 3's default provider, which Node uses. */
function unsupported(algorithm: string): never {
  throw new Pkcs12Error(
    `het PKCS#12-bestand is versleuteld met ${algorithm.toUpperCase()}, een verouderde versleuteling die nota niet kan lezen; ` +
      "exporteer het opnieuw met AES: openssl pkcs12 -legacy -in oud.p12 -out tijdelijk.pem && openssl pkcs12 -export -in tijdelijk.pem -out nieuw.p12 (en verwijder daarna tijdelijk.pem)",
  );
}

/**
 * The PKCS#12 key derivation (RFC 7292 appendix B.2) over the passphrase as a BMPString:
 * purpose 1 derives a cipher key, 2 an IV, 3 a MAC key.
 */
function pkcs12Kdf(hash: string, passphrase: string, salt: Uint8Array, iterations: number, purpose: 1 | 2 | 3, length: number): Buffer {
  const u = createHash(hash).digest().length;
  const v = u > 32 ? 128 : 64;
  const fill = (bytes: Uint8Array): Buffer => {
    const out = Buffer.alloc(v * Math.ceil(bytes.length / v));
    for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length]!;
    return out;
  };
  const password = Buffer.from(`${passphrase}\0`, "utf16le").swap16();
  const input = Buffer.concat([fill(salt), fill(password)]);
  const diversifier = Buffer.alloc(v, purpose);
  const blocks: Buffer[] = [];
  for (let produced = 0; produced < length; produced += u) {
    let a = createHash(hash).update(diversifier).update(input).digest();
    for (let round = 1; round < iterations; round++) a = createHash(hash).update(a).digest();
    blocks.push(a);
    const b = fill(a);
    for (let j = 0; j < input.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[j + k]! + b[k]! + carry;
        input[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}
