import type { KeyObject, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { NotaError, type Diagnostic } from "../errors.ts";
import type { Profile } from "../profiles/schema.ts";
import { Pkcs12Error, readPkcs12, type Pkcs12Contents } from "./pkcs12.ts";
import { TEST_MARK } from "./test-pki.ts";

/** A gemeente's signing key with its certificate chain, signer first. */
export interface SigningKey {
  gemeente: string;
  file: string;
  privateKey: KeyObject;
  certificate: X509Certificate;
  chain: X509Certificate[];
}

/**
 * Opens a PKCS#12 file with its passphrase (src/sign/pkcs12.ts). Errors name the gemeente and
 * the file, never the passphrase.
 */
export async function openPkcs12(profile: Profile, file: string, passphrase: string): Promise<SigningKey> {
  const fail = (message: string): never => {
    throw new NotaError([{ file, origin: "nota:certificaat", field: "certificaat.pkcs12", message: `gemeente ${profile.naam}: ${message}` }]);
  };
  const der = await readFile(file).catch(() => fail("PKCS#12-bestand niet gevonden of niet leesbaar"));
  let contents: Pkcs12Contents;
  try {
    contents = readPkcs12(der, passphrase);
  } catch (error) {
    return fail(error instanceof Pkcs12Error ? error.message : "geen geldig PKCS#12-bestand");
  }
  const privateKey = contents.keys[0];
  if (!privateKey) return fail("het PKCS#12-bestand bevat geen privésleutel");
  const certificate = contents.certificates.find((c) => c.checkPrivateKey(privateKey));
  if (!certificate) return fail("geen certificaat bij de privésleutel in het PKCS#12-bestand");
  const chain = [certificate, ...contents.certificates.filter((c) => c !== certificate)];
  return { gemeente: profile.slug, file, privateKey, certificate, chain };
}

/** Everything that makes a certificate unfit to sign for a gemeente; in release mode test certificates too. */
export function certificateProblems(key: SigningKey, profile: Profile, options: { release: boolean; now?: Date }): Diagnostic[] {
  const now = options.now ?? new Date();
  const problem = (message: string): Diagnostic => ({ file: key.file, origin: "nota:certificaat", message: `gemeente ${profile.naam}: ${message}` });
  const problems: Diagnostic[] = [];
  const organisation = subjectField(key.certificate, "O");
  if (organisation !== `Gemeente ${profile.naam}`) problems.push(problem(`het certificaat is van '${organisation ?? key.certificate.subject}', niet van Gemeente ${profile.naam}`));
  if (options.release) {
    if (key.certificate.subject.includes(TEST_MARK) || key.certificate.subject.includes("TESTCERTIFICAAT")) problems.push(problem("een testcertificaat is niet toegestaan bij --release"));
    if (new Date(key.certificate.validTo) < now || new Date(key.certificate.validFrom) > now) problems.push(problem(`het certificaat is niet geldig op ${now.toISOString().slice(0, 10)} (geldig ${key.certificate.validFrom} – ${key.certificate.validTo})`));
    if (!hasDigitalSignatureUsage(key.certificate)) problems.push(problem("het certificaat mist het sleutelgebruik digitalSignature"));
  }
  return problems;
}

function subjectField(certificate: X509Certificate, name: string): string | undefined {
  return certificate.subject.split("\n").find((line) => line.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** keyUsage bit 0 (digitalSignature) or bit 1 (nonRepudiation), read with pkijs. */
export function hasDigitalSignatureUsage(certificate: X509Certificate): boolean {
  const parsed = pkijs.Certificate.fromBER(certificate.raw);
  const extension = parsed.extensions?.find((e) => e.extnID === "2.5.29.15");
  if (!extension) return true;
  const bits = asn1js.fromBER(extension.extnValue.getValue()).result as asn1js.BitString;
  const first = new Uint8Array(bits.valueBlock.valueHexView)[0] ?? 0;
  return (first & 0x80) !== 0;
}
