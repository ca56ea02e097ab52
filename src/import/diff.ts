import { formatNumber } from "../format/dutch.ts";

/**
 * What an import changes in the dataset that is there now, row by row: rows are matched by what
 * identifies them (a time series by its x and series, a table by group and label, a key figure by
 * id), so the griffie reads `maand 4, jaar 2022: clienten 458 → 460` and not a text diff.
 */
export interface DatasetDiff {
  lines: string[];
  added: number;
  removed: number;
  /** Values of rows that were there before and now differ: a revision of figures already there. */
  changed: number;
  /** Other fields (title, unit, columns, …) that differ. */
  fields: number;
}

type Values = Record<string, unknown>;
type Dataset = Record<string, unknown>;
const FIGURES = new Set(["rijen", "groepen", "saldo", "cijfers", "herkomst"]);

export function diffDatasets(before: Dataset | undefined, after: Dataset): DatasetDiff {
  const diff: DatasetDiff = { lines: [], added: 0, removed: 0, changed: 0, fields: 0 };
  const old = before ? keyedRows(before) : new Map<string, Values>();
  const now = keyedRows(after);
  for (const [key, values] of now) {
    const was = old.get(key);
    if (!was) {
      diff.added++;
      diff.lines.push(`+ ${key}: ${Object.entries(values).map(([id, v]) => `${id} ${show(v)}`).join(", ")}`);
      continue;
    }
    const changes = [...new Set([...Object.keys(was), ...Object.keys(values)])].filter((id) => JSON.stringify(was[id]) !== JSON.stringify(values[id]));
    if (changes.length === 0) continue;
    diff.changed += changes.length;
    diff.lines.push(`~ ${key}: ${changes.map((id) => `${id} ${show(was[id])} → ${show(values[id])}`).join(", ")}`);
  }
  for (const key of old.keys()) {
    if (now.has(key)) continue;
    diff.removed++;
    diff.lines.push(`- ${key}`);
  }
  if (before) {
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (FIGURES.has(field) || JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
      diff.fields++;
      diff.lines.push(`~ veld '${field}': ${show(before[field])} → ${show(after[field])}`);
    }
  }
  return diff;
}

/** The rows of a dataset by what identifies them, each with its values. */
function keyedRows(dataset: Dataset): Map<string, Values> {
  const rows = new Map<string, Values>();
  const list = (value: unknown) => (Array.isArray(value) ? (value as Values[]) : []);
  if (dataset.type === "tijdreeks") {
    const keys = [dataset.x, dataset.reeks].filter((k): k is string => typeof k === "string");
    for (const row of list(dataset.rijen)) {
      const { ...values } = row;
      for (const k of keys) delete values[k];
      rows.set(keys.map((k) => `${k} ${String(row[k])}`).join(", "), values);
    }
  } else if (dataset.type === "tabel") {
    for (const group of list(dataset.groepen)) {
      const prefix = typeof group.label === "string" ? `${group.label} / ` : "";
      for (const row of [...list(group.rijen), ...(group.totaal ? [group.totaal as Values] : [])]) rows.set(`${prefix}${String(row.label)}`, (row.waarden ?? {}) as Values);
    }
    const saldo = dataset.saldo as Values | undefined;
    if (saldo) rows.set(String(saldo.label), (saldo.waarden ?? {}) as Values);
  } else {
    for (const figure of list(dataset.cijfers)) rows.set(String(figure.id), { waarde: figure.waarde });
  }
  return rows;
}

function show(value: unknown): string {
  if (value === undefined) return "(leeg)";
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return `'${value}'`;
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}
