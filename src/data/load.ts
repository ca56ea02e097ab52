import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic } from "../errors.ts";
import { isDiagnostic, readJson, validateJson } from "../json.ts";
import { datasetSchema, type Dataset } from "./schema.ts";
import { checkTotals } from "./totals.ts";

const ORIGIN = "nota:dataset";
const QUARTER_DIR = /^\d{4}-Q[1-4]$/;

/** Reads and checks every dataset under `data/<gemeente>/<YYYY-Qn>/<name>.json`, once per build. */
export async function loadDatasets(dataDir: string, gemeenten: Iterable<string>): Promise<{ datasets: Map<string, Dataset>; diagnostics: Diagnostic[] }> {
  const datasets = new Map<string, Dataset>();
  const diagnostics: Diagnostic[] = [];
  for (const gemeente of gemeenten) {
    const quarters = (await readdir(join(dataDir, gemeente), { withFileTypes: true }))
      .filter((e) => e.isDirectory() && QUARTER_DIR.test(e.name))
      .map((e) => e.name)
      .sort();
    for (const quarter of quarters) {
      const files = (await readdir(join(dataDir, gemeente, quarter))).filter((f) => f.endsWith(".json")).sort();
      for (const fileName of files) {
        const file = join(dataDir, gemeente, quarter, fileName);
        const dataset = await loadDataset(file, gemeente, quarter, fileName.replace(/\.json$/, ""), diagnostics);
        if (dataset) datasets.set(dataset.key, dataset);
      }
    }
  }
  return { datasets, diagnostics };
}

export async function loadDataset(file: string, gemeente: string, quarter: string, name: string, diagnostics: Diagnostic[]): Promise<Dataset | undefined> {
  const source = await readJson(file, ORIGIN);
  if (isDiagnostic(source)) {
    diagnostics.push(source);
    return undefined;
  }
  const result = validateJson(source, datasetSchema, ORIGIN);
  if ("diagnostics" in result) {
    diagnostics.push(...result.diagnostics);
    return undefined;
  }
  const content = result.data;
  if (content.type === "tabel") {
    const problems = checkTotals(content, source);
    if (problems.length > 0) {
      diagnostics.push(...problems);
      return undefined;
    }
  }
  if (content.type === "tijdreeks") {
    const missing = [content.x, content.y, content.reeks].filter((c): c is string => !!c && !(c in content.kolommen));
    if (missing.length > 0) {
      diagnostics.push({ file, origin: ORIGIN, field: "kolommen", message: `kolom '${missing[0]}' wordt gebruikt maar niet beschreven in 'kolommen'` });
      return undefined;
    }
  }
  return { ...content, key: `${gemeente}/${quarter}/${name}`, gemeente, quarter, name, file };
}
