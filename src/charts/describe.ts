import type { FlatRows } from "../data/rows.ts";
import type { Dataset } from "../data/schema.ts";
import { formatMonth, formatValue } from "../format/dutch.ts";

const MARK_NAMES: Record<string, string> = {
  line: "Lijndiagram",
  bar: "Staafdiagram",
  area: "Vlakdiagram",
  point: "Spreidingsdiagram",
  arc: "Cirkeldiagram",
};

export interface ChartEncoding {
  mark: string;
  x?: string;
  y?: string;
  series?: string;
  /** Rows the chart shows after its own filter, if it has one. */
  rows: FlatRows["rows"];
}

/**
 * A text alternative written from the chart's data: what kind of chart, what it measures,
 * and per series where it starts, where it ends and its highest value.
 */
export function describeChart(title: string, encoding: ChartEncoding, flat: FlatRows, dataset: Dataset): string {
  const label = (id?: string) => flat.columns.find((c) => c.id === id)?.label ?? id ?? "";
  const showX = (value: unknown) => (encoding.x === "maand" && typeof value === "number" ? formatMonth(value) : String(value));
  const showY = (value: number) => formatValue(value, dataset.eenheid);
  const kind = MARK_NAMES[encoding.mark] ?? "Grafiek";
  const parts = [`${kind}: ${title}.`];
  if (!encoding.x || !encoding.y) return parts.join(" ");

  const groups = new Map<string, FlatRows["rows"]>();
  for (const row of encoding.rows) {
    const key = encoding.series ? String(row[encoding.series]) : "";
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  parts.push(`${label(encoding.y)} per ${label(encoding.x).toLowerCase()}${encoding.series ? `, ${groups.size} reeksen (${[...groups.keys()].join(", ")})` : ""}.`);
  for (const [name, rows] of groups) {
    const values = rows.filter((r) => typeof r[encoding.y!] === "number");
    if (values.length === 0) continue;
    const first = values[0]!;
    const last = values[values.length - 1]!;
    const highest = values.reduce((a, b) => ((b[encoding.y!] as number) > (a[encoding.y!] as number) ? b : a));
    const prefix = name ? `${name}: ` : "";
    parts.push(
      values.length === 1
        ? `${prefix}${showY(first[encoding.y] as number)} (${showX(first[encoding.x])}).`
        : `${prefix}van ${showY(first[encoding.y] as number)} (${showX(first[encoding.x])}) tot ${showY(last[encoding.y] as number)} (${showX(last[encoding.x])}), hoogste ${showY(highest[encoding.y] as number)} (${showX(highest[encoding.x])}).`,
    );
  }
  if (dataset.voorbeelddata) parts.push("Dit zijn voorbeelddata.");
  return parts.join(" ");
}
