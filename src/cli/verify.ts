import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { formatDate } from "../format/dutch.ts";
import type { ProjectPaths } from "../paths.ts";
import { testPkiDir } from "../sign/stage.ts";
import { parsePemCertificates, verifyPdf } from "../sign/verify.ts";

/**
 * `nota verify <pdf|map>`: checks every signed PDF and prints signer, signing time and verdict.
 * Trusted roots: `--vertrouwd <pem>`, NOTA_TRUST_ROOTS, and the sample build's test CA.
 */
export async function verifyCommand(target: string, trustFiles: string[], paths: ProjectPaths, out: NodeJS.WritableStream): Promise<number> {
  const testCa = join(testPkiDir(paths), "test-ca.pem");
  const files = [...trustFiles, ...(process.env.NOTA_TRUST_ROOTS?.split(":").filter(Boolean) ?? []), ...(existsSync(testCa) ? [testCa] : [])];
  const roots = (await Promise.all(files.map((f) => readFile(f, "utf8")))).flatMap(parsePemCertificates);
  const pdfs = (await stat(target)).isDirectory()
    ? (await readdir(target, { recursive: true })).filter((f) => f.endsWith(".pdf")).sort().map((f) => join(target, f))
    : [target];
  let failed = 0;
  for (const file of pdfs) {
    const report = verifyPdf(await readFile(file), roots);
    const name = relative(process.cwd(), file) || file;
    const when = report.signingTime ? `${formatDate(report.signingTime)} ${report.signingTime.toISOString().slice(11, 16)} UTC` : "onbekend";
    const kind = [report.certification && "certificering", report.timestamp && "tijdstempel"].filter(Boolean).join(", ");
    out.write(`${report.valid ? "GELDIG  " : "ONGELDIG"} ${name}\n  ondertekenaar: ${report.signer ?? "onbekend"}\n  ondertekend: ${when}${kind ? ` (${kind})` : ""}\n`);
    for (const problem of report.problems) out.write(`  probleem: ${problem}\n`);
    if (!report.valid) failed++;
  }
  out.write(`${pdfs.length - failed} van ${pdfs.length} PDF's geldig ondertekend.\n`);
  return failed === 0 && pdfs.length > 0 ? 0 : 1;
}
