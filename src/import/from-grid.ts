import { fieldPath, type Diagnostic } from "../errors.ts";
import { formatDate } from "../format/dutch.ts";
import { readDate, readNumber, showValue, TOTAL_LABEL } from "./cells.ts";
import { isEmpty, isEmptyRow, type Cell, type Grid, type Place, type Row } from "./grid.ts";
import type { GridMapping, KeyFiguresMapping, TableMapping, TimeSeriesMapping } from "./mapping.ts";

const ORIGIN = "nota:import";

/** What an import is for: the gemeente (its name and CBS code) and the quarter. */
export interface ImportTarget {
  gemeente: string;
  naam: string;
  cbsCode: string;
  quarter: string;
  /** The last day of the quarter: no figure may be about a later date. */
  quarterEnd: string;
}

/** A dataset made from a source, with the place in the source of each figure (by field path). */
export interface Made {
  /** The source as the user named it, where the places are. */
  file: string;
  content: Record<string, unknown>;
  origins: Map<string, Place>;
}

/** The dataset a mapping makes of a CSV or XLSX grid, or every problem with the source. */
export function fromGrid(grid: Grid, mapping: GridMapping, target: ImportTarget): Made | Diagnostic[] {
  const reader = new GridReader(grid, target);
  const made = mapping.dataset.type === "tijdreeks" ? timeSeries(reader, mapping as TimeSeriesMapping) : mapping.dataset.type === "tabel" ? table(reader, mapping as TableMapping) : keyFigures(reader, mapping as KeyFiguresMapping);
  return reader.problems.length > 0 ? reader.problems : made;
}

class GridReader {
  readonly problems: Diagnostic[] = [];
  readonly grid: Grid;
  readonly target: ImportTarget;
  constructor(grid: Grid, target: ImportTarget) {
    this.grid = grid;
    this.target = target;
  }

  problem(place: Place, message: string): undefined {
    this.problems.push({ file: this.grid.file, origin: ORIGIN, ...place, message });
    return undefined;
  }

  /** The index of a column by its header text (spacing and case aside), or a problem naming the headers there are. */
  column(kop: string): number {
    const wanted = normalise(kop);
    const index = this.grid.header.findIndex((h) => normalise(h) === wanted);
    if (index < 0) this.problem(this.grid.headerPlace, `kolom '${kop}' ontbreekt in de kopregel; gevonden: ${this.grid.header.filter(Boolean).map(showValue).join(", ") || "niets"}`);
    return index;
  }

  number(cell: Cell | undefined, kop: string, row: Row): number | undefined {
    if (!cell || isEmpty(cell)) return this.problem(cell?.place ?? row.place, `lege cel in getalkolom '${kop}'`);
    const value = readNumber(cell.value, this.grid.decimal);
    const example = this.grid.decimal === "," ? "1.234 of 1.234,5" : "1234 of 1234.5";
    return value ?? this.problem(cell.place, `${cell.value instanceof Date ? "datum" : "tekst"} ${showValue(cell.value)} in getalkolom '${kop}': verwacht een getal, zoals ${example}`);
  }

  date(cell: Cell | undefined, kop: string, row: Row): string | undefined {
    if (!cell || isEmpty(cell)) return this.problem(cell?.place ?? row.place, `lege cel in datumkolom '${kop}'`);
    const date = readDate(cell.value);
    if (!date) return this.problem(cell.place, `${showValue(cell.value)} in datumkolom '${kop}' is geen datum; verwacht zoals 1-4-2022 of 2022-04-01`);
    if (date > this.target.quarterEnd) return this.problem(cell.place, `datum ${formatDate(date)} valt na het kwartaal ${this.target.quarter} (dat eindigt op ${formatDate(this.target.quarterEnd)}): is dit de export van het goede kwartaal?`);
    return date;
  }

  gemeente(cell: Cell | undefined, kop: string, row: Row): void {
    const text = typeof cell?.value === "string" ? cell.value.trim() : "";
    const { naam, cbsCode, gemeente } = this.target;
    if (!cell || !text) this.problem(cell?.place ?? row.place, `lege cel in gemeentekolom '${kop}'`);
    else if (![naam, cbsCode, gemeente].some((v) => normalise(v) === normalise(text))) this.problem(cell.place, `gemeente ${showValue(cell.value)} hoort niet bij ${naam} (${cbsCode}): is dit de export van de goede gemeente?`);
  }

  text(cell: Cell | undefined): string {
    const value = cell?.value;
    return value instanceof Date ? value.toISOString().slice(0, 10) : value === null || value === undefined ? "" : String(value).trim();
  }

  /** Data rows must be contiguous and hold no totals: either would be counted as figures. */
  dataRow(row: Row): boolean {
    if (isEmptyRow(row)) return this.problem(row.place, "lege rij binnen de gegevens: haal haar weg, of laat het bereik in de mapping ervoor eindigen") ?? false;
    const total = row.cells.find((cell) => typeof cell.value === "string" && TOTAL_LABEL.test(cell.value));
    if (total) return this.problem(total.place, `subtotaal- of totaalrij ${showValue(total.value)} binnen de gegevens: nota telt zelf op; haal de rij weg of laat het bereik ervoor eindigen`) ?? false;
    return true;
  }
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase();

function timeSeries(reader: GridReader, mapping: TimeSeriesMapping): Made {
  const columns = mapping.kolommen.map((col) => ({ col, index: reader.column(col.kop) }));
  const kolommen: Record<string, string> = {};
  for (const { col } of columns) {
    if (col.soort === "gemeente") continue;
    if (col.soort === "datum" && (col.jaar || col.maand)) {
      if (col.maand) kolommen[col.maand] = "Maand";
      if (col.jaar) kolommen[col.jaar] = "Jaar";
    }
    if (col.id) kolommen[col.id] = col.label ?? col.kop;
  }
  if (columns.some((c) => c.index < 0)) return { file: reader.grid.file, content: {}, origins: new Map() };
  const origins = new Map<string, Place>();
  const dates: string[] = [];
  const rijen = reader.grid.rows.map((row, r) => {
    const record: Record<string, string | number> = {};
    if (!reader.dataRow(row)) return record;
    for (const { col, index } of columns) {
      const cell = row.cells[index];
      const put = (id: string | undefined, value: string | number | undefined) => {
        if (id === undefined || value === undefined) return;
        record[id] = value;
        origins.set(fieldPath(["rijen", r, id]), cell?.place ?? row.place);
      };
      if (col.soort === "getal") put(col.id, reader.number(cell, col.kop, row));
      else if (col.soort === "tekst") put(col.id, reader.text(cell));
      else if (col.soort === "gemeente") reader.gemeente(cell, col.kop, row);
      else {
        const date = reader.date(cell, col.kop, row);
        if (!date) continue;
        dates.push(date);
        put(col.id, date);
        put(col.maand, Number(date.slice(5, 7)));
        put(col.jaar, Number(date.slice(0, 4)));
      }
    }
    return record;
  });
  const { type, titel, eenheid, bron, voorbeelddata, x, y, reeks } = mapping.dataset;
  const peildatum = mapping.dataset.peildatum ?? dates.sort().at(-1);
  return { file: reader.grid.file, content: { type, titel, eenheid, bron, voorbeelddata, peildatum, kolommen, x, y, reeks, rijen }, origins };
}

function table(reader: GridReader, mapping: TableMapping): Made {
  const labelIndex = reader.column(mapping.labelkolom);
  const columns = mapping.kolommen.map((col) => ({ col, index: reader.column(col.kop) }));
  const origins = new Map<string, Place>();
  if (labelIndex < 0 || columns.some((c) => c.index < 0)) return { file: reader.grid.file, content: {}, origins };
  const values = (row: Row, path: (string | number)[]) => {
    const waarden: Record<string, number> = {};
    for (const { col, index } of columns) {
      const cell = row.cells[index];
      if (isEmpty(cell)) continue;
      const value = reader.number(cell, col.kop, row);
      if (value === undefined) continue;
      waarden[col.id] = value;
      origins.set(fieldPath([...path, "waarden", col.id]), cell!.place);
    }
    return waarden;
  };
  type Line = { label: string; waarden: Record<string, number> };
  const groups: { rijen: Line[]; totaal?: Line; found: boolean; closed: boolean }[] = mapping.groepen.map(() => ({ rijen: [], found: false, closed: false }));
  let saldo: Line | undefined;
  let current = -1;
  // An empty row is only a problem when more of the same group follows it.
  let emptyRow: Row | undefined;
  const inside = () => {
    if (emptyRow) reader.problem(emptyRow.place, `lege rij binnen groep ${groupName(mapping.groepen[current])}`);
    emptyRow = undefined;
  };
  // A group without a header row starts at the first row when it is the first group.
  if (!mapping.groepen[0]!.kop) {
    current = 0;
    groups[0]!.found = true;
  }
  for (const row of reader.grid.rows) {
    const label = reader.text(row.cells[labelIndex]);
    const group = groups[current];
    const spec = mapping.groepen[current];
    const next = mapping.groepen.findIndex((g, i) => i > current && g.kop !== undefined && normalise(g.kop) === normalise(label));
    if (isEmptyRow(row)) {
      if (group && !group.closed) emptyRow ??= row;
      continue;
    }
    if (next >= 0) {
      emptyRow = undefined;
      current = next;
      groups[next]!.found = true;
      continue;
    }
    if (group && spec?.totaal && !group.closed && normalise(label) === normalise(spec.totaal)) {
      inside();
      group.totaal = { label, waarden: values(row, ["groepen", current, "totaal"]) };
      group.closed = true;
      continue;
    }
    if (mapping.saldo && normalise(label) === normalise(mapping.saldo.label)) {
      emptyRow = undefined;
      saldo = { label, waarden: values(row, ["saldo"]) };
      current = groups.length;
      continue;
    }
    inside();
    if (!group || group.closed) {
      reader.problem(row.cells[labelIndex]?.place ?? row.place, `rij ${showValue(label)} hoort bij geen groep uit de mapping (verwacht ${expected(mapping, current)})`);
      continue;
    }
    if (!label) {
      reader.problem(row.cells[labelIndex]?.place ?? row.place, "rij zonder omschrijving in de labelkolom");
      continue;
    }
    if (TOTAL_LABEL.test(label)) {
      reader.problem(row.cells[labelIndex]!.place, `subtotaal- of totaalrij ${showValue(label)} binnen groep ${groupName(spec)} staat niet in de mapping: nota telt zelf op; haal de rij weg of noem haar als 'totaal' van de groep`);
      continue;
    }
    // A row with a label and no amounts is a heading inside the group: a table in nota has none.
    if (columns.every(({ index }) => isEmpty(row.cells[index]))) {
      reader.problem(row.cells[labelIndex]!.place, `rij ${showValue(label)} binnen groep ${groupName(spec)} heeft geen bedragen: een tussenkop kan nota niet plaatsen; haal haar weg of maak er in de mapping een groep van`);
      continue;
    }
    group.rijen.push({ label, waarden: values(row, ["groepen", current, "rijen", group.rijen.length]) });
  }
  mapping.groepen.forEach((spec, g) => {
    const group = groups[g]!;
    if (!group.found) reader.problem(reader.grid.headerPlace, `groep '${spec.kop}' niet gevonden: geen rij met die omschrijving in de labelkolom '${mapping.labelkolom}'`);
    else if (spec.totaal && !group.totaal) reader.problem(reader.grid.headerPlace, `totaalregel '${spec.totaal}' van groep ${groupName(spec)} niet gevonden`);
    else if (group.rijen.length === 0) reader.problem(reader.grid.headerPlace, `groep ${groupName(spec)} heeft geen rijen`);
  });
  if (mapping.saldo && !saldo) reader.problem(reader.grid.headerPlace, `saldoregel '${mapping.saldo.label}' niet gevonden`);
  const { type, titel, eenheid, bron, voorbeelddata, peildatum } = mapping.dataset;
  const kolommen = mapping.kolommen.map((c) => ({ id: c.id, label: c.label ?? c.kop, ...(c.verschil ? { verschil: c.verschil } : {}) }));
  const groepen = mapping.groepen.map((spec, g) => ({ ...(spec.kop ? { label: spec.kop } : {}), soort: spec.soort, rijen: groups[g]!.rijen, ...(groups[g]!.totaal ? { totaal: groups[g]!.totaal } : {}) }));
  const saldoLine = mapping.saldo && saldo ? { label: saldo.label, van: mapping.saldo.van, min: mapping.saldo.min, waarden: saldo.waarden } : undefined;
  return { file: reader.grid.file, content: { type, titel, eenheid, bron, voorbeelddata, peildatum, kolommen, groepen, saldo: saldoLine }, origins };
}

const groupName = (spec: TableMapping["groepen"][number] | undefined) => (spec?.kop ? `'${spec.kop}'` : "(de eerste, zonder kop)");

function expected(mapping: TableMapping, current: number): string {
  const options = [...mapping.groepen.slice(current + 1).map((g) => g.kop && `groep '${g.kop}'`), mapping.saldo && `saldo '${mapping.saldo.label}'`].filter(Boolean);
  return options.length > 0 ? options.join(" of ") : "niets meer";
}

function keyFigures(reader: GridReader, mapping: KeyFiguresMapping): Made {
  const labelIndex = reader.column(mapping.labelkolom);
  const origins = new Map<string, Place>();
  const cijfers = mapping.cijfers.map((spec, i) => {
    const index = reader.column(spec.kolom);
    if (labelIndex < 0 || index < 0) return undefined;
    const matches = reader.grid.rows.filter((row) => normalise(reader.text(row.cells[labelIndex])) === normalise(spec.rij));
    if (matches.length !== 1) return reader.problem(reader.grid.headerPlace, `${matches.length === 0 ? "geen rij" : `${matches.length} rijen`} met '${spec.rij}' in de labelkolom '${mapping.labelkolom}' (kerncijfer '${spec.id}')`);
    const row = matches[0]!;
    const waarde = reader.number(row.cells[index], spec.kolom, row);
    if (waarde === undefined) return undefined;
    origins.set(fieldPath(["cijfers", i, "waarde"]), row.cells[index]!.place);
    return { id: spec.id, label: spec.label ?? spec.rij, waarde, eenheid: spec.eenheid, peildatum: spec.peildatum };
  });
  const { type, titel, eenheid, bron, voorbeelddata, peildatum } = mapping.dataset;
  return { file: reader.grid.file, content: { type, titel, eenheid, bron, voorbeelddata, peildatum, cijfers }, origins };
}
