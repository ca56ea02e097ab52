import { existsSync } from "node:fs";
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { NotaError, type Diagnostic, type ErrorCode } from "./errors.ts";

// Every source nota reads is a regular file inside the archive's folders: no link that could
// lead elsewhere, nothing so large that reading it is the attack.

/** The largest note, profile or chart spec nota reads; datasets have their own, larger bound. */
export const MAX_SOURCE_BYTES = 1_000_000;
export const MAX_DATASET_BYTES = 5_000_000;

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toLocaleString("nl-NL", { maximumFractionDigits: 1 })} MB`;

/** Reads a source file as text, or says why it may not be read. */
export async function readSourceText(file: string, limit = MAX_SOURCE_BYTES): Promise<{ text: string } | { problem: string }> {
  const read = await readSourceBytes(file, limit);
  return "bytes" in read ? { text: read.bytes.toString("utf8") } : read;
}

/** The same as bytes, for sources that are not UTF-8 text (an Excel workbook, a Windows-1252 CSV). */
export async function readSourceBytes(file: string, limit = MAX_SOURCE_BYTES): Promise<{ bytes: Buffer } | { problem: string }> {
  const stats = await lstat(file).catch(() => undefined);
  if (!stats) return { problem: "bestand niet gevonden of niet leesbaar" };
  if (stats.isSymbolicLink()) return { problem: "een symbolische koppeling (symlink) is niet toegestaan: zet het bestand zelf in het archief" };
  if (!stats.isFile()) return { problem: "geen gewoon bestand" };
  if (stats.size > limit) return { problem: `bestand te groot (${megabytes(stats.size)}; ten hoogste ${megabytes(limit)})` };
  return { bytes: await readFile(file) };
}

/** The same, reporting a refusal as a diagnostic. */
export async function readSource(file: string, root: string, diagnostics: Diagnostic[], origin: ErrorCode, limit?: number): Promise<string | undefined> {
  const result = await readSourceText(file, limit);
  if ("text" in result) return result.text;
  diagnostics.push({ file: relative(root, file), origin, message: result.problem });
  return undefined;
}

/** Links anywhere in the archive's source folders: each one is refused, wherever it points. */
export async function symlinkProblems(root: string, folders: string[]): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const folder of folders) {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isSymbolicLink()) {
        diagnostics.push({ file: relative(root, join(entry.parentPath, entry.name)), origin: "nota:pad", message: "een symbolische koppeling (symlink) is niet toegestaan in het archief: zet het bestand of de map zelf in het archief" });
      }
    }
  }
  return diagnostics;
}

/**
 * A file nota needs from the system (a browser, a colour profile): the one a setting names, or
 * the first of the usual places; otherwise a Dutch message that says how to install or name it.
 */
export function findSystemFile(need: { setting: string; configured?: string; candidates: string[]; origin: ErrorCode; missing: string }): string {
  if (need.configured) {
    if (existsSync(need.configured)) return need.configured;
    throw new NotaError([{ file: need.configured, origin: need.origin, message: `het bestand uit ${need.setting} bestaat niet` }]);
  }
  const found = need.candidates.find((path) => existsSync(path));
  if (found) return found;
  throw new NotaError([{ origin: need.origin, message: `${need.missing}, of wijs er een aan met ${need.setting}=/pad/naar/bestand` }]);
}
