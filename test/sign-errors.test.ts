import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { loadProfiles } from "../src/profiles/load.ts";
import type { Profile } from "../src/profiles/schema.ts";
import { ensureTestPki, issueTestCertificate, type TestPki } from "../src/sign/test-pki.ts";
import { pdfsig } from "./support/pdf.ts";
import { readWithPdfBox } from "./support/pdfbox.ts";
import { openPdf, untaggedDrawingOperators } from "./support/pdfjs.ts";
import { copyFixture, MINI, nota, notaAsync } from "./support/run.ts";

const run = promisify(execFile);
let pki: TestPki;
let testdorp: Profile;

beforeAll(async () => {
  testdorp = (await loadProfiles(join(MINI, "data"))).profiles.get("testdorp")!;
  pki = (await ensureTestPki(mkdtempSync(join(tmpdir(), "nota-pki-")), [testdorp])).pki;
});

/** A copy of the mini archive whose profile uses the given certificate settings, with a previous build in dist/. */
async function archiveWith(certificaat: Record<string, string>) {
  const root = await copyFixture();
  const profileFile = join(root, "data/testdorp/profiel.json");
  writeFileSync(profileFile, JSON.stringify({ ...JSON.parse(readFileSync(profileFile, "utf8")), certificaat }, null, 2));
  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist/index.html"), "vorige publicatie");
  return root;
}

function expectRefused(root: string, args: string[], ...fragments: string[]) {
  const result = nota(["build", "--root", root, ...args]);
  expect(result.code).not.toBe(0);
  expect(result.stderr).not.toMatch(/onverwachte fout|\n\s+at /);
  expect(result.stderr).toContain("gemeente Testdorp");
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
  // The previous output is untouched and no unsigned PDF was left anywhere.
  expect(readdirSync(join(root, "dist"))).toEqual(["index.html"]);
  expect(readFileSync(join(root, "dist/index.html"), "utf8")).toBe("vorige publicatie");
  expect(readdirSync(root).filter((f) => f.includes("staging"))).toEqual([]);
}

describe("signing errors", () => {
  it("a wrong passphrase names the gemeente and the PKCS#12 file", async () => {
    const wrong = join(mkdtempSync(join(tmpdir(), "nota-pass-")), "wachtwoord");
    writeFileSync(wrong, "niet-het-wachtwoord");
    const root = await archiveWith({ pkcs12: pki.pkcs12For("testdorp"), wachtwoordBestand: wrong });
    expectRefused(root, [], "onjuist wachtwoord", pki.pkcs12For("testdorp"));
  });

  it("a missing PKCS#12 file is named", async () => {
    const root = await archiveWith({ pkcs12: "geheimen/bestaat-niet.p12", wachtwoordBestand: pki.passphraseFile });
    expectRefused(root, [], "niet gevonden", "bestaat-niet.p12");
  });

  it("a passphrase variable that is not set is named", async () => {
    const root = await archiveWith({ pkcs12: pki.pkcs12For("testdorp"), wachtwoordEnv: "NOTA_TEST_ONBEKEND" });
    expectRefused(root, [], "NOTA_TEST_ONBEKEND");
  });

  it("release mode refuses an expired certificate", async () => {
    const caKey = join(pki.dir, "test-ca.key");
    const expired = await issueTestCertificate(pki, caKey, testdorp, { days: 0, out: join(pki.dir, "verlopen.p12") });
    const root = await archiveWith({ pkcs12: expired, wachtwoordBestand: pki.passphraseFile });
    expectRefused(root, ["--release"], "niet geldig op", "verlopen.p12");
  });

  it("release mode refuses test certificates and certificates without digitalSignature", async () => {
    const caKey = join(pki.dir, "test-ca.key");
    const encipherOnly = await issueTestCertificate(pki, caKey, testdorp, { days: 30, keyUsage: "keyEncipherment", out: join(pki.dir, "geen-ondertekening.p12") });
    const root = await archiveWith({ pkcs12: encipherOnly, wachtwoordBestand: pki.passphraseFile });
    expectRefused(root, ["--release"], "testcertificaat is niet toegestaan", "digitalSignature");
  });

  it("a certificate of another gemeente is refused", async () => {
    const other = await issueTestCertificate(pki, join(pki.dir, "test-ca.key"), { ...testdorp, slug: "anderdorp", naam: "Anderdorp", cbsCode: "GM9998" }, { days: 30, out: join(pki.dir, "anderdorp.p12") });
    const root = await archiveWith({ pkcs12: other, wachtwoordBestand: pki.passphraseFile });
    expectRefused(root, [], "Gemeente Anderdorp", "niet van Gemeente Testdorp");
  });
});

describe("PAdES B-T", () => {
  it("adds an RFC 3161 timestamp from a configured TSA (openssl ts on loopback)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nota-tsa-"));
    const caKey = join(pki.dir, "test-ca.key");
    writeFileSync(join(dir, "ext"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
    await run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "tsa.key"), "-out", join(dir, "tsa.csr"), "-subj", "/O=nota/CN=nota test-TSA (TESTCERTIFICAAT)"]);
    await run("openssl", ["x509", "-req", "-in", join(dir, "tsa.csr"), "-CA", pki.caFile, "-CAkey", caKey, "-CAcreateserial", "-out", join(dir, "tsa.pem"), "-days", "30", "-extfile", join(dir, "ext")]);
    writeFileSync(join(dir, "serial"), "01\n");
    writeFileSync(join(dir, "tsa.cnf"), `[tsa]\ndefault_tsa=t\n[t]\nserial=${dir}/serial\nsigner_cert=${dir}/tsa.pem\ncerts=${pki.caFile}\nsigner_key=${dir}/tsa.key\nsigner_digest=sha256\ndefault_policy=1.2.3.4.1\ndigests=sha256\naccuracy=secs:1\ness_cert_id_alg=sha256\ncrypto_device=builtin\n`);
    let requests = 0;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", async () => {
        requests++;
        const query = join(dir, `q${requests}.tsq`);
        writeFileSync(query, Buffer.concat(chunks));
        await run("openssl", ["ts", "-reply", "-config", join(dir, "tsa.cnf"), "-queryfile", query, "-out", `${query}.tsr`]);
        response.writeHead(200, { "Content-Type": "application/timestamp-reply" }).end(readFileSync(`${query}.tsr`));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    try {
      const root = await copyFixture();
      const out = join(root, "dist");
      const result = await notaAsync(["build", "--root", root, "--out", out], { NOTA_TSA_URL: `http://127.0.0.1:${port}/` });
      expect(result.code, result.stderr).toBe(0);
      expect(requests).toBe(1);
      const pdf = join(out, "testdorp/2022/memo-q2.pdf");
      expect(pdfsig(pdf)).toContain("Signature Validation: Signature is Valid.");
      const verify = nota(["verify", pdf, "--root", root]);
      expect(verify.code, verify.stdout).toBe(0);
      expect(verify.stdout).toContain("tijdstempel");
      // The timestamped file keeps what the PDF stage made: PDF/A-2u and PDF/UA-1, read by PDFBox too.
      expect(verify.stdout).toContain("archief en toegankelijkheid: voldoet (claimt PDF/A-2u en PDF/UA-1)");
      expect(readWithPdfBox([pdf])[0]).toMatchObject({ pdfaPart: "2", pdfaConformance: "U", pdfuaPart: "1", metadataErrors: "", fontProblems: "", fileId: "id" });
      const untagged = await untaggedDrawingOperators(await openPdf(pdf));
      expect(untagged).toEqual(untagged.map(() => 0));
      const bytes = readFileSync(pdf).toString("latin1");
      const [, , b, c] = /\/ByteRange \[(\d+) (\d+) (\d+)/.exec(bytes)!.map(Number) as [number, number, number, number];
      writeFileSync(join(dir, "sig.der"), Buffer.from(bytes.slice(b + 1, c - 1), "hex"));
      const { stdout } = await run("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", join(dir, "sig.der")], { maxBuffer: 1 << 24 });
      expect(stdout).toContain("id-smime-aa-timeStampToken");
    } finally {
      server.close();
    }
  });
});
