import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { forEachFile } from "../concurrency.ts";
import { flattenDataset } from "./rows.ts";
import type { Dataset } from "./schema.ts";

export const OPEN_DATA_FORMATS = ["csv", "json"] as const;
export type OpenDataFormat = (typeof OPEN_DATA_FORMATS)[number];

/** A dataset as open data: its CSV (a row per record) or its JSON (the dataset as published, without its source file). */
export function openDataFile(dataset: Dataset, format: OpenDataFormat): string {
  if (format === "json") {
    const { file: _file, ...published } = dataset;
    return `${JSON.stringify(published, null, 2)}\n`;
  }
  return toCsv(dataset);
}

/**
 * Writes every dataset as open data into the site: `/data/<gemeente>/<kwartaal>/<naam>.csv` and
 * `.json` (src/site/lib/urls.ts). nota writes them itself: as Astro routes, a thousand notes' 10,000
 * small files took a tenth of Astro's time, or were copied one by one from its cache.
 */
export async function writeOpenData(datasets: Iterable<Dataset>, siteDir: string): Promise<void> {
  const files = [...datasets].flatMap((dataset) => OPEN_DATA_FORMATS.map((format) => ({ dataset, format, path: join(siteDir, "data", `${dataset.key}.${format}`) })));
  for (const dir of new Set(files.map(({ path }) => dirname(path)))) await mkdir(dir, { recursive: true });
  await forEachFile(files, ({ dataset, format, path }) => writeFile(path, openDataFile(dataset, format)));
}

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
