import ExcelJS from "exceljs";
import type { Diagnostic } from "../errors.ts";
import { columnLetters, joinHeader, trimTrailing, type Cell, type CellValue, type Grid, type Row } from "./grid.ts";
import type { ReadOptions } from "./mapping.ts";
import { MAX_UNPACKED_BYTES, unpackedSize } from "./zip-size.ts";

const ORIGIN = "nota:import";
type XlsxOptions = Extract<ReadOptions, { soort: "xlsx" }>;

/**
 * A range of a worksheet as a grid. Only the values the workbook stores are read: a formula's
 * cached result (a formula is never evaluated), a merged cell's value from its top-left cell, a
 * date-formatted number as a date, a percentage as the number shown. Macros, links and external data are never touched.
 */
export async function readXlsx(bytes: Buffer, file: string, options: XlsxOptions): Promise<Grid | Diagnostic[]> {
  const unpacked = unpackedSize(bytes);
  if (unpacked === undefined) return [{ file, origin: ORIGIN, message: "geen leesbare Excel-werkmap (xlsx): de inhoudsopgave van het zip-bestand ontbreekt of is beschadigd" }];
  if (unpacked > MAX_UNPACKED_BYTES) return [{ file, origin: ORIGIN, message: `de werkmap pakt uit tot ${Math.round(unpacked / 1_000_000)} MB (ten hoogste ${MAX_UNPACKED_BYTES / 1_000_000} MB): sla alleen het nodige werkblad op` }];
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    return [{ file, origin: ORIGIN, message: `geen leesbare Excel-werkmap (xlsx): ${(error as Error).message.split("\n")[0]}` }];
  }
  const sheet = workbook.getWorksheet(options.blad);
  if (!sheet) {
    const names = workbook.worksheets.map((s) => `'${s.name}'`).join(", ");
    return [{ file, origin: ORIGIN, field: options.blad, message: `werkblad '${options.blad}' bestaat niet; de werkmap heeft ${names}` }];
  }
  const range = parseRange(options.bereik, sheet.actualColumnCount, sheet.rowCount);
  const address = (row: number, col: number) => `${sheet.name}!${columnLetters(col - 1)}${row}`;
  const problems: Diagnostic[] = [];
  const read = (row: number, col: number): Cell => {
    const at = address(row, col);
    const cell = sheet.getCell(row, col).master;
    const value = percent(cellValue(cell.value), cell.numFmt);
    if (typeof value === "object" && value !== null && !(value instanceof Date)) {
      problems.push({ file, origin: ORIGIN, field: at, message: value.problem });
      return { value: null, place: { field: at } };
    }
    return { value, place: { field: at } };
  };
  const columns = Array.from({ length: range.lastCol - range.firstCol + 1 }, (_, i) => range.firstCol + i);
  const headerText = (value: CellValue) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? ""));
  const headerRows = Array.from({ length: options.koprijen }, (_, i) => columns.map((col) => headerText(read(range.firstRow + i, col).value)));
  const rows: Row[] = [];
  for (let r = range.firstRow + options.koprijen; r <= range.lastRow; r++) {
    rows.push({ cells: columns.map((col) => read(r, col)), place: { field: `${sheet.name}!${columnLetters(range.firstCol - 1)}${r}:${columnLetters(range.lastCol - 1)}${r}` } });
  }
  if (problems.length > 0) return problems;
  const headerPlace = { field: `${sheet.name}!${columnLetters(range.firstCol - 1)}${range.firstRow}:${columnLetters(range.lastCol - 1)}${range.firstRow + options.koprijen - 1}` };
  return { file, header: joinHeader(headerRows), headerPlace, rows: trimTrailing(rows), decimal: "," };
}

/** A stored value, or why it cannot be used: an error value, or a formula without a cached result. */
function cellValue(value: ExcelJS.CellValue): CellValue | { problem: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || value instanceof Date) return value;
  if (typeof value === "boolean") return value ? "WAAR" : "ONWAAR";
  if ("error" in value) return { problem: `de cel bevat de foutwaarde ${value.error}` };
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : null;
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    if (result === undefined) return { problem: "formule zonder opgeslagen uitkomst: open de werkmap in Excel en sla haar op, nota rekent formules niet uit" };
    return cellValue(result as ExcelJS.CellValue);
  }
  return null;
}

/** A number shown as a percentage is stored as a fraction (0,125 for 12,5%); nota's percentages are the number shown. */
function percent(value: CellValue | { problem: string }, format: string | undefined): CellValue | { problem: string } {
  return typeof value === "number" && format?.includes("%") ? Math.round(value * 100 * 1e9) / 1e9 : value;
}

/** `A3:D20` or `A3:D` (to the last row) as 1-based bounds; no range means the used part of the sheet. */
function parseRange(range: string | undefined, columnCount: number, rowCount: number) {
  if (!range) return { firstRow: 1, firstCol: 1, lastRow: rowCount, lastCol: Math.max(1, columnCount) };
  const [, c1, r1, c2, r2] = /^([A-Z]+)(\d+):([A-Z]+)(\d*)$/.exec(range)!;
  const column = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  return { firstRow: Number(r1), firstCol: column(c1!), lastRow: r2 ? Number(r2) : rowCount, lastCol: column(c2!) };
}
