import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { NotaError } from "../errors.ts";
import type { Profile } from "../profiles/schema.ts";

const run = promisify(execFile);

/** Marks every certificate nota makes itself: never valid for production. */
export const TEST_MARK = "TESTCERTIFICAAT — niet voor productie";

export interface TestPki {
  dir: string;
  caFile: string;
  passphraseFile: string;
  pkcs12For(gemeente: string): string;
}

/**
 * A throw-away test CA and one test certificate per gemeente, made with openssl in a
 * git-ignored folder, for builds that have no real certificate configured.
 */
export async function ensureTestPki(dir: string, profiles: Iterable<Profile>, options: { days?: number } = {}): Promise<{ pki: TestPki; created: string[] }> {
  const pki: TestPki = { dir, caFile: join(dir, "test-ca.pem"), passphraseFile: join(dir, "wachtwoord.txt"), pkcs12For: (g) => join(dir, `${g}.p12`) };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const created: string[] = [];
  const caKey = join(dir, "test-ca.key");
  if (!existsSync(pki.caFile) || !existsSync(caKey) || !existsSync(pki.passphraseFile)) {
    await writeFile(pki.passphraseFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
    await openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey, "-out", pki.caFile, "-days", "3650", "-utf8",
      "-subj", `/C=NL/O=nota/CN=nota test-CA (${TEST_MARK})`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    created.push(pki.caFile);
  }
  for (const profile of profiles) {
    const p12 = pki.pkcs12For(profile.slug);
    if (existsSync(p12)) continue;
    await issueTestCertificate(pki, caKey, profile, { days: options.days ?? 825 });
    created.push(p12);
  }
  return { pki, created };
}

/** Issues a gemeente's test certificate (O = Gemeente <naam>, serialNumber = CBS code) as PKCS#12. */
export async function issueTestCertificate(pki: TestPki, caKey: string, profile: Profile, options: { days: number; keyUsage?: string; out?: string }): Promise<string> {
  const base = join(pki.dir, `${profile.slug}-${randomBytes(4).toString("hex")}`);
  const extensions = `${base}.ext`;
  await writeFile(extensions, `basicConstraints=CA:FALSE\nkeyUsage=critical,${options.keyUsage ?? "digitalSignature,nonRepudiation"}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`);
  try {
    await openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", `${base}.key`, "-out", `${base}.csr`, "-utf8",
      "-subj", `/C=NL/O=Gemeente ${profile.naam}/serialNumber=${profile.cbsCode}/CN=Gemeente ${profile.naam} (${TEST_MARK})`]);
    if (options.days > 0) {
      await openssl(["x509", "-req", "-in", `${base}.csr`, "-CA", pki.caFile, "-CAkey", caKey, "-set_serial", `0x${randomBytes(8).toString("hex")}`, "-out", `${base}.pem`, "-days", String(options.days), "-extfile", extensions]);
    } else {
      await issueExpired(pki, caKey, base, extensions);
    }
    const out = options.out ?? pki.pkcs12For(profile.slug);
    await openssl(["pkcs12", "-export", "-inkey", `${base}.key`, "-in", `${base}.pem`, "-certfile", pki.caFile, "-out", out, "-passout", `file:${pki.passphraseFile}`, "-name", `Gemeente ${profile.naam}`]);
    return out;
  } finally {
    await Promise.all([".key", ".csr", ".pem", ".ext"].map((ext) => rm(`${base}${ext}`, { force: true })));
  }
}

/** A certificate that expired in 2021, for the release-mode check; `openssl ca` can set past dates. */
async function issueExpired(pki: TestPki, caKey: string, base: string, extensions: string): Promise<void> {
  const db = `${base}.db`;
  await writeFile(db, "");
  await mkdir(`${base}-issued`);
  await writeFile(`${base}.cnf`, `[ca]\ndefault_ca=test\n[test]\ndatabase=${db}\nnew_certs_dir=${base}-issued\nserial=${base}.srl\ndefault_md=sha256\npolicy=any\nunique_subject=no\ncopy_extensions=none\n[any]\ncountryName=optional\norganizationName=optional\nserialNumber=optional\ncommonName=supplied\n`);
  await writeFile(`${base}.srl`, `${randomBytes(8).toString("hex")}\n`);
  try {
    await openssl(["ca", "-batch", "-utf8", "-notext", "-config", `${base}.cnf`, "-cert", pki.caFile, "-keyfile", caKey, "-in", `${base}.csr`, "-out", `${base}.pem`,
      "-startdate", "20200101000000Z", "-enddate", "20210101000000Z", "-extfile", extensions]);
  } finally {
    await Promise.all([".db", ".db.attr", ".db.old", ".cnf", ".srl", ".srl.old", "-issued"].map((ext) => rm(`${base}${ext}`, { recursive: true, force: true })));
  }
}

export async function readPassphraseFile(file: string): Promise<string> {
  return (await readFile(file, "utf8")).trim();
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run("openssl", args);
  } catch (error) {
    const { stderr, code } = error as { stderr?: string; code?: string };
    throw new NotaError([{ origin: "nota:openssl", message: code === "ENOENT" ? "openssl niet gevonden; nota maakt er de testcertificaten mee" : `openssl ${args[0]} mislukte: ${stderr ?? error}` }]);
  }
}
