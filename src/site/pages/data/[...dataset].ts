import type { APIRoute, GetStaticPaths } from "astro";
import { flattenDataset } from "../../../data/rows.ts";
import type { Dataset } from "../../../data/schema.ts";
import { archivePaths } from "../../lib/site.ts";
import { datasetFileKey } from "../../lib/page-keys.ts";

/** Every dataset as open data: `/data/<gemeente>/<kwartaal>/<naam>.csv` and `.json`. */
export const getStaticPaths = (() =>
  archivePaths((site) =>
    [...site.input.datasets.values()].flatMap((dataset) =>
      (["csv", "json"] as const).map((format) => ({ params: { dataset: `${dataset.key}.${format}` }, props: { dataset, format }, cacheKey: datasetFileKey(dataset) })),
    ),
  )) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => {
  const { dataset, format } = props as { dataset: Dataset; format: "csv" | "json" };
  if (format === "json") {
    const { file: _file, ...published } = dataset;
    return new Response(`${JSON.stringify(published, null, 2)}\n`, { headers: { "Content-Type": "application/json" } });
  }
  return new Response(toCsv(dataset), { headers: { "Content-Type": "text/csv; charset=utf-8" } });
};

function toCsv(dataset: Dataset): string {
  const { columns, rows } = flattenDataset(dataset);
  const quote = (value: unknown) => {
    // Text that a spreadsheet would read as a formula (=, +, -, @) is kept as text with a leading '.
    const text = value === undefined ? "" : typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((c) => quote(c.id)), ...rows.map((row) => columns.map((c) => quote(row[c.id])))];
  return `${lines.map((line) => line.join(",")).join("\r\n")}\r\n`;
}
