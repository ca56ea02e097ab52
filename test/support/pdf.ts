import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every PDF under a built site, relative paths. */
export async function pdfsIn(site: string): Promise<string[]> {
  return (await readdir(site, { recursive: true })).filter((f) => f.endsWith(".pdf")).sort();
}

export function pdfText(file: string, ...args: string[]): string {
  return execFileSync("pdftotext", [...args, file, "-"], { encoding: "utf8" });
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Object.fromEntries(out.split("\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]));
}

/** poppler's independent verdict; pdfsig exits 0 whatever it finds, so its output is what counts. */
export function pdfsig(file: string, nssDir?: string): string {
  const result = spawnSync("pdfsig", [...(nssDir ? ["-nssdir", nssDir] : []), file], { encoding: "utf8" });
  return `${result.stdout}${result.stderr}`;
}

/** An NSS database in which the given CAs are trusted, for pdfsig -nssdir. */
export function nssTrusting(...caFiles: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "nota-nss-"));
  execFileSync("certutil", ["-N", "-d", `sql:${dir}`, "--empty-password"]);
  caFiles.forEach((caFile, i) => execFileSync("certutil", ["-A", "-d", `sql:${dir}`, "-n", `nota-test-ca-${i}`, "-t", "CT,C,C", "-i", caFile]));
  return `sql:${dir}`;
}

/**
 * The test CAs behind the sample archive's signatures: the one that signed the versions in its
 * publication register (its certificate is kept in test/fixtures; its key was thrown away), and
 * this machine's, if a build here signed anything. One PEM file, for `--vertrouwd` and openssl.
 */
export function sampleTestCas(repo: string): { files: string[]; bundle: string } {
  const files = [join(repo, "test/fixtures/voorbeeldarchief-test-ca.pem"), join(repo, ".nota/test-pki/test-ca.pem")].filter((file) => existsSync(file));
  const bundle = join(mkdtempSync(join(tmpdir(), "nota-ca-")), "cas.pem");
  writeFileSync(bundle, files.map((file) => readFileSync(file, "utf8")).join("\n"));
  return { files, bundle };
}
