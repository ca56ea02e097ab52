import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, inject, it } from "vitest";
import { nota, REPO } from "./support/run.ts";
import { nssTrusting, pdfsig, pdfsIn, sampleTestCas } from "./support/pdf.ts";

const site = inject("sampleSite");
const cas = sampleTestCas(REPO);
const testCa = cas.bundle;
const NAMES: Record<string, string> = { raalte: "Raalte", zwolle: "Zwolle", steenwijkerland: "Steenwijkerland", diemen: "Diemen" };

/** The CMS of the (single) signature and the bytes it signs. */
function extractSignature(pdf: Buffer) {
  const match = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/.exec(pdf.toString("latin1"))!;
  const [a, b, c, d] = match.slice(1).map(Number) as [number, number, number, number];
  const hex = pdf.toString("latin1", b + 1, c - 1);
  return { cms: Buffer.from(hex, "hex"), signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), contents: [b, c] as const };
}

describe("signed PDFs (PAdES B-B)", () => {
  it("are valid for pdfsig, signed with their gemeente's certificate, and trusted once the test CA is", async () => {
    const nss = nssTrusting(...cas.files);
    const pdfs = await pdfsIn(site);
    expect(pdfs.length).toBeGreaterThanOrEqual(10);
    for (const pdf of pdfs) {
      const gemeente = NAMES[pdf.split("/")[0]!]!;
      const untrusted = pdfsig(join(site, pdf));
      expect(untrusted, pdf).toContain("Signature Validation: Signature is Valid.");
      expect(untrusted, pdf).toContain("Total document signed");
      expect(untrusted, pdf).toContain(`Signer Certificate Common Name: Gemeente ${gemeente} (TESTCERTIFICAAT — niet voor productie)`);
      expect(untrusted, pdf).toContain("Signature Type: ETSI.CAdES.detached");
      const trusted = pdfsig(join(site, pdf), nss);
      expect(trusted, pdf).toContain("Certificate Validation: Certificate is Trusted.");
    }
  });

  it("carry a CMS with signing-certificate-v2, SHA-256 and no signing-time, that openssl verifies", async () => {
    const [first] = await pdfsIn(site);
    const { cms, signed } = extractSignature(await readFile(join(site, first!)));
    const dir = mkdtempSync(join(tmpdir(), "nota-cms-"));
    await writeFile(join(dir, "sig.der"), cms);
    await writeFile(join(dir, "content.bin"), signed);
    const printed = execFileSync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", join(dir, "sig.der")], { encoding: "utf8" });
    expect(printed).toContain("id-smime-aa-signingCertificateV2");
    expect(printed).toContain("messageDigest");
    expect(printed).toMatch(/digestAlgorithm:\s*\n\s*algorithm: sha256/);
    expect(printed).not.toContain("signingTime");
    const verified = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", join(dir, "sig.der"), "-content", join(dir, "content.bin"), "-CAfile", testCa, "-purpose", "any", "-out", "/dev/null"], { encoding: "utf8" });
    expect(verified.stderr).toContain("CMS Verification successful");
    expect(verified.status).toBe(0);
  });

  it("are certification signatures that allow no changes (DocMDP P=1)", async () => {
    const [first] = await pdfsIn(site);
    const text = (await readFile(join(site, first!))).toString("latin1");
    expect(text).toMatch(/\/TransformMethod \/DocMDP/);
    expect(text).toMatch(/\/P 1/);
    expect(text).toMatch(/\/Perms <<\n?\s*\/DocMDP \d+ 0 R/);
    expect(text).toMatch(/\/M \(D:\d{14}Z\)/);
  });

  it("pass `nota verify` on the whole sample", () => {
    const result = nota(["verify", site, "--vertrouwd", testCa]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/(\d+) van \1 PDF's geldig ondertekend/);
    expect(result.stdout).toContain("ondertekenaar: Gemeente Raalte (TESTCERTIFICAAT — niet voor productie)");
  });
});

describe("tampering", () => {
  async function tampered(change: (pdf: Buffer, original: Buffer) => Promise<Buffer> | Buffer): Promise<string> {
    const pdfs = await pdfsIn(site);
    const original = await readFile(join(site, pdfs[0]!));
    const file = join(mkdtempSync(join(tmpdir(), "nota-tamper-")), "vervalst.pdf");
    await writeFile(file, await change(Buffer.from(original), original));
    return file;
  }

  const expectRejected = (file: string) => {
    const verdict = nota(["verify", file, "--vertrouwd", testCa]);
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toContain("ONGELDIG");
    const poppler = pdfsig(file);
    const acceptedWhole = poppler.includes("Signature is Valid.") && poppler.includes("Total document signed");
    expect(acceptedWhole, poppler).toBe(false);
    return verdict.stdout;
  };

  it("flipping one byte inside the signed range is caught", async () => {
    const file = await tampered((pdf) => {
      const at = pdf.indexOf("/Title");
      pdf[at + 8] = pdf[at + 8]! ^ 0x01;
      return pdf;
    });
    expect(expectRejected(file)).toContain("digest klopt niet");
  });

  it("an appended incremental update that changes the text is caught", async () => {
    const file = await tampered(async (pdf) => {
      const document = await PDFDocument.load(pdf);
      const contents = document.getPage(0).node.get(document.context.obj("Contents") as never);
      const ref = String(contents).match(/(\d+) 0 R/)?.[1] ?? String(document.context.largestObjectNumber);
      const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.toString("latin1"))![1]);
      const stream = "BT /F1 24 Tf 72 700 Td (Vervalste tekst) Tj ET";
      const object = `\n${ref} 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`;
      const objectOffset = pdf.length + 1;
      const xrefOffset = pdf.length + object.length;
      const size = document.context.largestObjectNumber + 1;
      const update = `${object}xref\n${ref} 1\n${String(objectOffset).padStart(10, "0")} 00000 n \ntrailer\n<< /Size ${size} /Root ${document.context.trailerInfo.Root} /Prev ${startxref} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
      return Buffer.concat([pdf, Buffer.from(update, "latin1")]);
    });
    expect(expectRejected(file)).toContain("dekt niet het hele bestand");
  });

  it("replacing the signature contents by another note's signature is caught", async () => {
    const pdfs = await pdfsIn(site);
    const other = extractSignature(await readFile(join(site, pdfs[1]!))).cms;
    const file = await tampered((pdf) => {
      const { contents } = extractSignature(pdf);
      const hex = other.toString("hex").padEnd(contents[1] - contents[0] - 2, "0");
      pdf.write(hex, contents[0] + 1, "latin1");
      return pdf;
    });
    expectRejected(file);
  });
});
