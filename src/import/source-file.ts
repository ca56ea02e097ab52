import { extname } from "node:path";
import type { Diagnostic } from "../errors.ts";
import { readSourceBytes } from "../files.ts";

const ORIGIN = "nota:import";

/** An export or saved response: large enough for years of monthly figures, small enough to read whole. */
export const MAX_IMPORT_BYTES = 20_000_000;

export type SourceKind = "csv" | "xlsx" | "cbs";

const NAMES: Record<string, string> = {
  zip: "een zip-bestand, zoals een Excel-werkmap (xlsx)",
  xls: "een oud Excel-bestand (.xls, Excel 97–2003); sla het in Excel op als .xlsx of CSV",
  pdf: "een PDF",
  binary: "geen tekst (binaire gegevens)",
  json: "JSON",
  text: "tekst (zoals CSV)",
};

/** What a file is by its first bytes, whatever its name says. */
function sniff(bytes: Buffer): keyof typeof NAMES {
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return "zip";
  if (bytes.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return "xls";
  if (bytes.subarray(0, 4).toString("latin1") === "%PDF") return "pdf";
  const head = bytes.subarray(0, 8192);
  // UTF-16 text (Excel's "Unicode text") has NUL bytes but starts with its byte order mark.
  if (head.includes(0) && !(head[0] === 0xff && head[1] === 0xfe)) return "binary";
  const start = head.toString("utf8").replace(/^\uFEFF/, "").trimStart();
  return start.startsWith("{") ? "json" : "text";
}

const EXPECTED: Record<SourceKind, { content: string; extensions: string[]; name: string }> = {
  csv: { content: "text", extensions: [".csv", ".txt", ".tsv"], name: "een CSV-bestand" },
  xlsx: { content: "zip", extensions: [".xlsx"], name: "een Excel-werkmap (.xlsx)" },
  cbs: { content: "json", extensions: [".json"], name: "een opgeslagen CBS-antwoord (.json)" },
};

/**
 * Reads a source the mapping names as `soort`, refusing one whose name or content says it is
 * something else (a workbook renamed to .csv, a CSV named .xlsx, a macro workbook).
 */
export async function readImportSource(file: string, kind: SourceKind): Promise<{ bytes: Buffer } | Diagnostic> {
  const expected = EXPECTED[kind];
  const extension = extname(file).toLowerCase();
  if (extension === ".xlsm" || extension === ".xlsb") return { file, origin: ORIGIN, message: `een werkmap met macro's of in binaire vorm (${extension}) leest nota niet; sla haar in Excel op als .xlsx (zonder macro's)` };
  if (!expected.extensions.includes(extension)) return { file, origin: ORIGIN, message: `de mapping verwacht ${expected.name} (lezen.soort: ${kind}), dit bestand heet ${extension || "zonder extensie"}` };
  const read = await readSourceBytes(file, MAX_IMPORT_BYTES);
  if ("problem" in read) return { file, origin: ORIGIN, message: read.problem };
  const found = sniff(read.bytes);
  if (found !== expected.content && !(kind === "csv" && found === "json")) {
    return { file, origin: ORIGIN, message: `het bestand is geen ${expected.name.replace(/^een /, "")} maar ${NAMES[found]}: de extensie ${extension} klopt niet met de inhoud` };
  }
  return read;
}
