/**
 * A CSV file or a range of a worksheet as the import sees it: header rows and data rows of cells,
 * each cell knowing where a user finds it, so every problem names `Blad1!C7` or a line and column.
 */

/** Where a value is: a line and column of a text file, or a cell of a sheet (`Blad1!C7`, in `field`). */
export interface Place {
  line?: number;
  column?: number;
  field?: string;
}

/** A cell's value: text as written (CSV, or a text cell), a number or a date as the workbook stores it. */
export type CellValue = string | number | Date | null;

export interface Cell {
  value: CellValue;
  place: Place;
}

export interface Row {
  cells: Cell[];
  /** Where the row is, for problems with the row as a whole (an empty row inside the data). */
  place: Place;
}

export interface Grid {
  /** The source as the user named it. */
  file: string;
  /** Header texts, one per column; with several header rows the parts joined by ` / `. */
  header: string[];
  /** Where the header is, for a missing column. */
  headerPlace: Place;
  rows: Row[];
  /** How numbers written as text are read: a CSV's decimal sign. */
  decimal: "," | ".";
}

export const isEmpty = (cell: Cell | undefined) => cell === undefined || cell.value === null || (typeof cell.value === "string" && cell.value.trim() === "");
export const isEmptyRow = (row: Row) => row.cells.every(isEmpty);

/** Header texts from one or more header rows: merged or repeated parts appear once. */
export function joinHeader(rows: string[][]): string[] {
  const width = Math.max(0, ...rows.map((row) => row.length));
  return Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const row of rows) {
      const part = (row[c] ?? "").replace(/\s+/g, " ").trim();
      if (part && parts.at(-1) !== part) parts.push(part);
    }
    return parts.join(" / ");
  });
}

/**
 * The data rows without what follows them: empty rows, and notes below the table ("Bron: …", one
 * text cell per row) set apart by an empty row, so that a range open at the bottom (`A3:D`) still
 * fits next quarter's longer export. Any other empty row is left for the mapping to report.
 */
export function trimTrailing(rows: Row[]): Row[] {
  let end = rows.length;
  const skipEmpty = () => {
    while (end > 0 && isEmptyRow(rows[end - 1]!)) end--;
  };
  skipEmpty();
  let notes = end;
  while (notes > 0 && isNote(rows[notes - 1]!)) notes--;
  if (notes < end && notes > 0 && isEmptyRow(rows[notes - 1]!)) {
    end = notes;
    skipEmpty();
  }
  return rows.slice(0, end);
}

function isNote(row: Row): boolean {
  const filled = row.cells.filter((cell) => !isEmpty(cell));
  return filled.length === 1 && typeof filled[0]!.value === "string" && !/^[-\d.,\s€%]+$/.test(filled[0]!.value);
}

/** The column letters of a 0-based index: 0 → A, 27 → AB. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
