import type { CellValue } from "./grid.ts";

/**
 * Reading one cell as a number or a date, as a griffie's exports write them: `1.234,5` or `12,5%`
 * from Dutch Excel, `1234.5` or `1,234.5` from other tools, `1-4-2022` or `2022-04-01`, or a workbook's own
 * numbers and dates (an Excel serial when the cell has no date format). A cell that starts with
 * `=`, `+`, `-` or `@` is text like any other: nothing in a source is evaluated.
 */

const DUTCH_NUMBER = /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;
const POINT_NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

export function readNumber(value: CellValue, decimal: "," | "."): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  // Amounts come with a euro sign, spaces (also non-breaking) or a typographic minus.
  const text = value.replace(/[€\s\u00a0\u202f]/g, "").replace(/^\u2212/, "-").replace(/%$/, "");
  if (decimal === ",") return DUTCH_NUMBER.test(text) ? Number(text.replaceAll(".", "").replace(",", ".")) : undefined;
  return POINT_NUMBER.test(text) ? Number(text.replaceAll(",", "")) : undefined;
}

/** Excel's day 0 is 30 December 1899 (in the 1900 date system, after its 1900 leap-year bug). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/** A date as `YYYY-MM-DD`, or undefined when the cell is not one. */
export function readDate(value: CellValue): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  if (typeof value === "number") return Number.isInteger(value) && value > 0 && value < 2_958_466 ? new Date(EXCEL_EPOCH + value * DAY).toISOString().slice(0, 10) : undefined;
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  // Excel writes a date cell with a time format as `1-4-2022 00:00`; the time is left out.
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})( \d{1,2}:\d{2}(:\d{2})?)?$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(T00:00(:00)?)?$/.exec(text);
  const [y, m, d] = dutch ? [dutch[3], dutch[2], dutch[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCDate() === Number(d) && date.getUTCMonth() === Number(m) - 1 ? date.toISOString().slice(0, 10) : undefined;
}

/** How a cell is quoted in a message: text as written, a number or date as the workbook holds it. */
export function showValue(value: CellValue): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === "string" ? `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'` : String(value);
}

/** A row label that is a total: such a row inside the data would be counted twice. */
export const TOTAL_LABEL = /^\s*(sub)?tota(al|le)n?\b/i;
