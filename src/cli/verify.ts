import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { NotaError } from "../errors.ts";
import { formatDate } from "../format/dutch.ts";
import { checkConformance } from "../pdf/conformance.ts";
import type { ProjectPaths } from "../paths.ts";
import { testPkiDir } from "../sign/stage.ts";
import { parsePemCertificates, verifyPdf } from "../sign/verify.ts";

/**
 * `nota verify <pdf|map>`: checks every signed PDF and prints signer, signing time and verdict,
 * and whether the file meets PDF/A-2u and PDF/UA-1 as far as nota's checks go. Trusted roots:
 * the given PEM files (`--vertrouwd`, NOTA_TRUST_ROOTS) and the sample build's test CA.
 */
export async function verifyCommand(target: string, trustFiles: string[], paths: ProjectPaths, out: NodeJS.WritableStream): Promise<number> {
  const testCa = join(testPkiDir(paths), "test-ca.pem");
  const files = [...trustFiles, ...(existsSync(testCa) ? [testCa] : [])];
  const unreadable = (file: string) => () => {
    throw new NotaError([{ file, origin: "nota:gebruik", message: "bestand of map niet gevonden of niet leesbaar" }]);
  };
  const roots = (await Promise.all(files.map((f) => readFile(f, "utf8").catch(unreadable(f))))).flatMap(parsePemCertificates);
  const pdfs = (await stat(target).catch(unreadable(target))).isDirectory()
    ? (await readdir(target, { recursive: true })).filter((f) => f.endsWith(".pdf")).sort().map((f) => join(target, f))
    : [target];
  let failed = 0;
  let nonConforming = 0;
  for (const file of pdfs) {
    const bytes = await readFile(file);
    const report = verifyPdf(bytes, roots);
    const conformance = await checkConformance(bytes);
    const name = relative(process.cwd(), file) || file;
    const when = report.signingTime ? `${formatDate(report.signingTime)} ${report.signingTime.toISOString().slice(11, 16)} UTC` : "onbekend";
    const kind = [report.certification && "certificering", report.timestamp && "tijdstempel"].filter(Boolean).join(", ");
    out.write(`${report.valid ? "GELDIG  " : "ONGELDIG"} ${name}\n  ondertekenaar: ${report.signer ?? "onbekend"}\n  ondertekend: ${when}${kind ? ` (${kind})` : ""}\n`);
    for (const problem of report.problems) out.write(`  probleem: ${problem}\n`);
    const claims = conformance.claims.length > 0 ? conformance.claims.join(" en ") : "geen PDF/A of PDF/UA";
    out.write(`  archief en toegankelijkheid: ${conformance.problems.length === 0 ? "voldoet" : "VOLDOET NIET"} (claimt ${claims})\n`);
    for (const problem of conformance.problems) out.write(`  probleem: ${problem}\n`);
    if (!report.valid) failed++;
    if (conformance.problems.length > 0) nonConforming++;
  }
  out.write(`${pdfs.length - failed} van ${pdfs.length} PDF's geldig ondertekend.\n`);
  out.write(`${pdfs.length - nonConforming} van ${pdfs.length} PDF's voldoen aan de controles voor PDF/A-2u en PDF/UA-1.\n`);
  return failed === 0 && nonConforming === 0 && pdfs.length > 0 ? 0 : 1;
}
