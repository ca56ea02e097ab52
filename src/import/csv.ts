import type { Diagnostic } from "../errors.ts";
import { isEmpty, joinHeader, trimTrailing, type Grid, type Row } from "./grid.ts";
import type { ReadOptions } from "./mapping.ts";

const ORIGIN = "nota:import";
type CsvOptions = Extract<ReadOptions, { soort: "csv" }>;

/**
 * Text from a CSV file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
 * text"), or else Windows-1252, which is what Dutch Excel writes as "CSV (gescheiden door lijstscheidingsteken)".
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

interface Record {
  line: number;
  fields: string[];
}

/** RFC 4180 records: quoted fields may hold the separator, quotes (doubled) and line breaks. */
function parseRecords(text: string, separator: string): Record[] | { line: number; message: string } {
  const records: Record[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (c === separator) {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = "";
      start = ++line;
    } else field += c;
  }
  if (quoted) return { line: quoteLine, message: "een aanhalingsteken (\") wordt niet gesloten" };
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ line: start, fields });
  }
  return records;
}

const SEPARATORS = [";", ",", "\t", "|"];
const separatorName = (s: string) => (s === "\t" ? "tab" : `'${s}'`);

/** A CSV source as a grid; a wrong separator or a broken quote is a problem at its line. */
export function readCsv(bytes: Buffer, file: string, options: CsvOptions): Grid | Diagnostic[] {
  const text = decodeText(bytes);
  const separator = options.scheidingsteken;
  const records = parseRecords(text, separator);
  if (!Array.isArray(records)) return [{ file, origin: ORIGIN, line: records.line, message: records.message }];
  const headerRecords = records.slice(options.kopregel - 1, options.kopregel - 1 + options.koprijen);
  const headerLine = headerRecords[0]?.line ?? options.kopregel;
  if (headerRecords.length < options.koprijen) return [{ file, origin: ORIGIN, line: headerLine, message: `geen kopregel op regel ${options.kopregel}: het bestand is leeg of korter` }];
  const first = headerRecords[0]!;
  const other = SEPARATORS.find((s) => s !== separator && first.fields.length === 1 && first.fields[0]!.includes(s));
  if (other) {
    return [{ file, origin: ORIGIN, line: headerLine, message: `verkeerd scheidingsteken: de kopregel bevat geen ${separatorName(separator)} maar wel ${separatorName(other)}; zet in de mapping onder 'lezen' scheidingsteken: "${other === "\t" ? "\\t" : other}", of exporteer opnieuw met ${separatorName(separator)}` }];
  }
  const header = joinHeader(headerRecords.map((r) => r.fields));
  const problems: Diagnostic[] = [];
  const rows: Row[] = [];
  for (const record of records.slice(options.kopregel - 1 + options.koprijen)) {
    const cells = record.fields.map((value, c) => ({ value, place: { line: record.line, field: `kolom ${c + 1}${header[c] ? ` '${header[c]}'` : ""}` } }));
    if (record.fields.length > header.length && cells.slice(header.length).some((cell) => !isEmpty(cell))) {
      problems.push({ file, origin: ORIGIN, line: record.line, message: `${record.fields.length} velden, de kopregel heeft er ${header.length}: klopt het scheidingsteken (${separatorName(separator)}), of staat er een decimaalteken of aanhalingsteken verkeerd?` });
    }
    rows.push({ cells, place: { line: record.line } });
  }
  if (problems.length > 0) return problems;
  return { file, header, headerPlace: { line: headerLine }, rows: trimTrailing(rows), decimal: options.decimaalteken ?? (separator === ";" ? "," : ".") };
}
