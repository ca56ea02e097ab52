import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { sha256, type BuildCache } from "../cache.ts";
import type { Dataset } from "../data/schema.ts";
import type { Profile } from "../profiles/schema.ts";
import { compileChart, type ChartSpec, type CompiledChart } from "./compile.ts";

/** The code that shapes a chart's SVG and text alternative: a change to it invalidates every chart. */
const CHART_CODE = ["charts/compile.ts", "charts/describe.ts", "charts/theme.ts", "data/rows.ts", "format/dutch.ts"];

let codeVersion: Promise<string> | undefined;

function chartCodeVersion(): Promise<string> {
  codeVersion ??= Promise.all(CHART_CODE.map((file) => readFile(join(import.meta.dirname, "..", file)))).then((sources) =>
    sha256(vega.version, vegaLite.version, ...sources),
  );
  return codeVersion;
}

/**
 * Compiles a chart, or takes it from an earlier build when its spec, data, house style, title
 * and the chart code are unchanged: compiling is most of the time a build spends before the pages.
 */
export async function compileChartCached(cache: BuildCache, chart: ChartSpec, dataset: Dataset, profile: Profile, title: string): Promise<CompiledChart> {
  const key = sha256("grafiek", await chartCodeVersion(), chart.file, JSON.stringify(chart.spec), JSON.stringify(dataset), JSON.stringify(profile), title);
  const cached = await cache.get(key);
  if (cached) return JSON.parse(cached.toString("utf8")) as CompiledChart;
  const compiled = await compileChart(chart, dataset, profile, title);
  await cache.put(key, Buffer.from(JSON.stringify(compiled)));
  return compiled;
}
