import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readEach } from "../concurrency.ts";
import type { Diagnostic, ErrorCode } from "../errors.ts";
import { MAX_DATASET_BYTES } from "../files.ts";
import { isDiagnostic, locate, readJson, validateJson } from "../json.ts";
import { QUARTER_PATTERN, SLUG_PATTERN } from "../schema.ts";
import { datasetSchema, type Dataset } from "./schema.ts";
import { checkTotals } from "./totals.ts";

const ORIGIN: ErrorCode = "nota:dataset";

/**
 * Reads and checks every dataset under `data/<gemeente>/<YYYY-Qn>/<name>.json`, once per build.
 * `rejected` holds the keys of the files that failed, so notes using them are not told they are missing.
 */
export async function loadDatasets(dataDir: string, gemeenten: Iterable<string>): Promise<{ datasets: Map<string, Dataset>; rejected: Set<string>; diagnostics: Diagnostic[] }> {
  const datasets = new Map<string, Dataset>();
  const rejected = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const files: { file: string; gemeente: string; quarter: string; name: string }[] = [];
  for (const gemeente of gemeenten) {
    const quarters = (await readdir(join(dataDir, gemeente), { withFileTypes: true }))
      .filter((e) => e.isDirectory() && QUARTER_PATTERN.test(e.name))
      .map((e) => e.name)
      .sort();
    for (const quarter of quarters) {
      for (const fileName of (await readdir(join(dataDir, gemeente, quarter))).filter((f) => f.endsWith(".json")).sort()) {
        const file = join(dataDir, gemeente, quarter, fileName);
        const name = fileName.replace(/\.json$/, "");
        if (SLUG_PATTERN.test(name)) files.push({ file, gemeente, quarter, name });
        else diagnostics.push({ file, origin: ORIGIN, message: `bestandsnaam '${fileName}': een dataset heet naar kleine letters, cijfers en streepjes, zoals clienten.json` });
      }
    }
  }
  const loaded = await readEach(files, ({ file, gemeente, quarter, name }, problems) => loadDataset(file, gemeente, quarter, name, problems));
  for (const [i, dataset] of loaded.results.entries()) {
    const { gemeente, quarter, name } = files[i]!;
    if (dataset) datasets.set(dataset.key, dataset);
    else rejected.add(`${gemeente}/${quarter}/${name}`);
  }
  diagnostics.push(...loaded.diagnostics);
  return { datasets, rejected, diagnostics };
}

export async function loadDataset(file: string, gemeente: string, quarter: string, name: string, diagnostics: Diagnostic[]): Promise<Dataset | undefined> {
  const source = await readJson(file, ORIGIN, MAX_DATASET_BYTES);
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
    const field = (["x", "y", "reeks"] as const).find((f) => content[f] !== undefined && !(content[f]! in content.kolommen));
    if (field) {
      diagnostics.push({ file, origin: ORIGIN, field, ...locate(source, [field]), message: `kolom '${content[field]}' wordt gebruikt maar niet beschreven in 'kolommen'` });
      return undefined;
    }
  }
  return { ...content, key: `${gemeente}/${quarter}/${name}`, gemeente, quarter, name, file };
}
