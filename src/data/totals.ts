import { fieldPath, type Diagnostic, type ErrorCode } from "../errors.ts";
import { formatNumber } from "../format/dutch.ts";
import { locate, type JsonSource } from "../json.ts";
import type { Table } from "./schema.ts";

const ORIGIN: ErrorCode = "nota:totalen";
const sameAmount = (a: number, b: number) => Math.abs(a - b) < 0.005;
type Values = Record<string, number>;

/**
 * Checks every total a table states: difference columns against their operands, group totals
 * against the sum of their rows, and the closing balance against the group totals. Each stated
 * value is compared with what the values it depends on should be, so one wrong figure is
 * reported once, not again in every total built on it.
 */
export function checkTotals(table: Table, source: JsonSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const compare = (path: (string | number)[], label: string, stated: Values, expected: Values, how: (column: Table["kolommen"][number]) => string) => {
    for (const col of table.kolommen) {
      const value = stated[col.id];
      const computed = expected[col.id];
      if (value === undefined || computed === undefined || sameAmount(value, computed)) continue;
      const field = [...path, "waarden", col.id];
      diagnostics.push({
        file: source.file,
        origin: ORIGIN,
        field: fieldPath(field),
        ...locate(source, field),
        message: `tabel '${table.titel}', rij '${label}', kolom '${col.label}': vermeld ${formatNumber(value)}, ${how(col)} is ${formatNumber(computed)}`,
      });
    }
  };
  const sums = table.groepen.map((group, g) => {
    group.rijen.forEach((row, r) => compare(["groepen", g, "rijen", r], row.label, row.waarden, differences(table, row.waarden, group.soort === "baten"), () => "het verschil"));
    const sum = sumRows(table, group.rijen);
    Object.assign(sum, differences(table, sum, group.soort === "baten"));
    if (group.totaal) compare(["groepen", g, "totaal"], group.totaal.label, group.totaal.waarden, sum, (col) => (col.verschil ? "het verschil" : "de som van de rijen"));
    return sum;
  });

  const { saldo } = table;
  if (saldo) {
    const totalOf = (label: string) => table.groepen.findIndex((group) => group.label === label && group.totaal);
    const [plus, minus] = [totalOf(saldo.van), totalOf(saldo.min)];
    if (plus < 0 || minus < 0) {
      diagnostics.push({ file: source.file, origin: ORIGIN, field: "saldo", ...locate(source, ["saldo"]), message: `tabel '${table.titel}': saldo verwijst naar groep '${plus < 0 ? saldo.van : saldo.min}' zonder totaal` });
      return diagnostics;
    }
    const balance: Values = {};
    for (const col of table.kolommen) if (!col.verschil) balance[col.id] = (sums[plus]![col.id] ?? 0) - (sums[minus]![col.id] ?? 0);
    compare(["saldo"], saldo.label, saldo.waarden, { ...balance, ...differences(table, balance, true) }, (col) => (col.verschil ? "het verschil" : `${saldo.van} min ${saldo.min}`));
  }
  return diagnostics;
}

function sumRows(table: Table, rows: Table["groepen"][number]["rijen"]): Values {
  const sums: Values = {};
  for (const col of table.kolommen) if (!col.verschil) sums[col.id] = rows.reduce((sum, row) => sum + (row.waarden[col.id] ?? 0), 0);
  return sums;
}

/** The difference columns computed from their operands: voordeel (+) or nadeel (−); for lasten less spent is a gain, for baten and the saldo more received is. */
function differences(table: Table, operands: Values, income: boolean): Values {
  const result: Values = {};
  for (const col of table.kolommen) {
    if (!col.verschil) continue;
    const [planned, expected] = col.verschil;
    const delta = (operands[planned] ?? 0) - (operands[expected] ?? 0);
    result[col.id] = income ? -delta : delta;
  }
  return result;
}
