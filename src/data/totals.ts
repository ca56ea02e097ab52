import { fieldPath, type Diagnostic } from "../errors.ts";
import { formatNumber } from "../format/dutch.ts";
import { findNodeAtLocation, parseTree } from "jsonc-parser";
import { lineColumn, type JsonSource } from "../json.ts";
import type { Table } from "./schema.ts";

const ORIGIN = "nota:totalen";
const sameAmount = (a: number, b: number) => Math.abs(a - b) < 0.005;

/**
 * Checks every total a table states: group totals against the sum of their rows, difference
 * columns against their operands, and the closing balance against the group totals.
 */
export function checkTotals(table: Table, source: JsonSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const tree = parseTree(source.text);
  const report = (path: (string | number)[], where: string, column: string, stated: number, computed: number, how: string) => {
    const node = tree && findNodeAtLocation(tree, path);
    diagnostics.push({
      file: source.file,
      origin: ORIGIN,
      field: fieldPath(path),
      ...(node ? lineColumn(source.text, node.offset) : {}),
      message: `tabel '${table.titel}', ${where}, kolom '${columnLabel(table, column)}': vermeld ${formatNumber(stated)}, ${how} is ${formatNumber(computed)}`,
    });
  };

  table.groepen.forEach((group, g) => {
    const rows = group.rijen.map((row, r) => ({ row, path: ["groepen", g, "rijen", r] as (string | number)[] }));
    if (group.totaal) rows.push({ row: group.totaal, path: ["groepen", g, "totaal"] });
    for (const { row, path } of rows) {
      for (const col of table.kolommen) {
        if (!col.verschil) continue;
        const stated = row.waarden[col.id];
        const computed = difference(col.verschil, row.waarden, group.soort === "baten");
        if (stated !== undefined && !sameAmount(stated, computed)) {
          report([...path, "waarden", col.id], `rij '${row.label}'`, col.id, stated, computed, "het verschil");
        }
      }
    }
    if (!group.totaal) return;
    for (const col of table.kolommen) {
      const stated = group.totaal.waarden[col.id];
      if (stated === undefined) continue;
      const computed = group.rijen.reduce((sum, row) => sum + (row.waarden[col.id] ?? 0), 0);
      if (!sameAmount(stated, computed)) {
        report(["groepen", g, "totaal", "waarden", col.id], `rij '${group.totaal.label}'`, col.id, stated, computed, "de som van de rijen");
      }
    }
  });

  if (table.saldo) {
    const totalOf = (label: string) => table.groepen.find((group) => group.label === label)?.totaal;
    const plus = totalOf(table.saldo.van);
    const minus = totalOf(table.saldo.min);
    if (!plus || !minus) {
      const missing = plus ? table.saldo.min : table.saldo.van;
      diagnostics.push({ file: source.file, origin: ORIGIN, field: "saldo", message: `tabel '${table.titel}': saldo verwijst naar groep '${missing}' zonder totaal` });
      return diagnostics;
    }
    for (const col of table.kolommen) {
      const stated = table.saldo.waarden[col.id];
      if (stated === undefined) continue;
      const computed = col.verschil ? difference(col.verschil, table.saldo.waarden, true) : (plus.waarden[col.id] ?? 0) - (minus.waarden[col.id] ?? 0);
      if (!sameAmount(stated, computed)) {
        report(["saldo", "waarden", col.id], `rij '${table.saldo.label}'`, col.id, stated, computed, col.verschil ? "het verschil" : `${table.saldo.van} min ${table.saldo.min}`);
      }
    }
  }
  return diagnostics;
}

/** Voordeel (+) or nadeel (−): for lasten less spent is a gain, for baten and the saldo more received is. */
function difference([planned, expected]: readonly [string, string], values: Record<string, number>, income: boolean): number {
  const delta = (values[planned] ?? 0) - (values[expected] ?? 0);
  return income ? -delta : delta;
}

function columnLabel(table: Table, id: string): string {
  return table.kolommen.find((c) => c.id === id)?.label ?? id;
}
