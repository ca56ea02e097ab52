import { execFileSync } from "node:child_process";
import { sign, verify } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NotaError } from "../src/errors.ts";
import { loadProfiles } from "../src/profiles/load.ts";
import type { Profile } from "../src/profiles/schema.ts";
import { openPkcs12 } from "../src/sign/keys.ts";
import { MINI } from "./support/run.ts";

const PASSPHRASE = "geheim wachtwoord €";
let dir: string;
let testdorp: Profile;

const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });

/** A throw-away CA and signer, exported by openssl with the given options (OpenSSL 3 default without any). */
function exportPkcs12(name: string, options: string[]): string {
  const out = join(dir, `${name}.p12`);
  openssl(["pkcs12", "-export", ...options, "-inkey", join(dir, "signer.key"), "-in", join(dir, "signer.pem"), "-certfile", join(dir, "ca.pem"), "-out", out, "-passout", `pass:${PASSPHRASE}`]);
  return out;
}

async function refusal(file: string, passphrase = PASSPHRASE): Promise<string> {
  const error = await openPkcs12(testdorp, file, passphrase).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotaError);
  const [diagnostic] = (error as NotaError).diagnostics;
  expect(diagnostic).toMatchObject({ file, origin: "nota:certificaat", field: "certificaat.pkcs12" });
  return diagnostic!.message;
}

beforeAll(async () => {
  testdorp = (await loadProfiles(join(MINI, "data"))).profiles.get("testdorp")!;
  dir = mkdtempSync(join(tmpdir(), "nota-p12-"));
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "ca.key"), "-out", join(dir, "ca.pem"), "-days", "2", "-subj", "/CN=p12 test-CA"]);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "signer.key"), "-out", join(dir, "signer.csr"), "-subj", "/O=Gemeente Testdorp/CN=p12 ondertekenaar"]);
  openssl(["x509", "-req", "-in", join(dir, "signer.csr"), "-CA", join(dir, "ca.pem"), "-CAkey", join(dir, "ca.key"), "-set_serial", "7", "-out", join(dir, "signer.pem"), "-days", "2"]);
});

describe("opening PKCS#12 files", () => {
  const exports: [name: string, label: string, options: string[]][] = [
    ["default", "OpenSSL 3 default (PBES2 AES-256-CBC, PBKDF2-HMAC-SHA256, MAC SHA-256)", []],
    ["aes128", "PBES2 AES-128-CBC with a SHA-1 MAC", ["-keypbe", "AES-128-CBC", "-certpbe", "AES-128-CBC", "-macalg", "sha1"]],
    ["3des", "legacy pbeWithSHAAnd3-KeyTripleDES-CBC (older Windows)", ["-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1"]],
  ];
  for (const [name, label, options] of exports) {
    it(`reads key and chain: ${label}`, async () => {
      const key = await openPkcs12(testdorp, exportPkcs12(name, options), PASSPHRASE);
      expect(key.certificate.subject).toBe("O=Gemeente Testdorp\nCN=p12 ondertekenaar");
      expect(key.chain.map((c) => c.subject)).toEqual(["O=Gemeente Testdorp\nCN=p12 ondertekenaar", "CN=p12 test-CA"]);
      const signature = sign("sha256", Buffer.from("raadsinformatie"), key.privateKey);
      expect(verify("sha256", Buffer.from("raadsinformatie"), key.certificate.publicKey, signature)).toBe(true);
    });
  }

  it("refuses a wrong passphrase with the same message as before", async () => {
    for (const [name, , options] of exports) {
      expect(await refusal(exportPkcs12(name, options), "niet-het-wachtwoord")).toBe("gemeente Testdorp: onjuist wachtwoord voor het PKCS#12-bestand");
    }
  });

  it("explains how to re-export an RC2 (openssl -legacy) file, and the advice works", async () => {
    const legacy = exportPkcs12("legacy", ["-legacy"]);
    const message = await refusal(legacy);
    expect(message).toBe(
      "gemeente Testdorp: het PKCS#12-bestand is versleuteld met RC2-40-CBC, een verouderde versleuteling die nota niet kan lezen; " +
        "exporteer het opnieuw met AES: openssl pkcs12 -legacy -in oud.p12 -out tijdelijk.pem && openssl pkcs12 -export -in tijdelijk.pem -out nieuw.p12 (en verwijder daarna tijdelijk.pem)",
    );
    const [pem, reexported] = [join(dir, "tijdelijk.pem"), join(dir, "nieuw.p12")];
    openssl(["pkcs12", "-legacy", "-in", legacy, "-out", pem, "-passin", `pass:${PASSPHRASE}`, "-passout", "pass:tijdelijk"]);
    openssl(["pkcs12", "-export", "-in", pem, "-out", reexported, "-passin", "pass:tijdelijk", "-passout", `pass:${PASSPHRASE}`]);
    expect((await openPkcs12(testdorp, reexported, PASSPHRASE)).certificate.subject).toContain("CN=p12 ondertekenaar");
  });

  it("refuses a file that is not PKCS#12", async () => {
    const file = join(dir, "geen.p12");
    writeFileSync(file, "-----BEGIN CERTIFICATE-----\n");
    expect(await refusal(file)).toBe("gemeente Testdorp: geen geldig PKCS#12-bestand");
  });
});
