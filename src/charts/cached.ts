import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import type { Dataset } from "../data/schema.ts";
import type { Profile } from "../profiles/schema.ts";
import { compileChart, type ChartSpec, type CompiledChart } from "./compile.ts";

/** One chart to compile: what `compileChart` takes. */
export interface ChartJob {
  chart: ChartSpec;
  dataset: Dataset;
  profile: Profile;
  title: string;
}

/** The code that shapes a chart's SVG and text alternative: a change to it invalidates every chart. */
const CHART_CODE = ["charts/compile.ts", "charts/describe.ts", "charts/theme.ts", "data/rows.ts", "format/dutch.ts"];

/** From this many charts on, starting worker threads (each loads Vega, ~0.5 s) pays off. */
const CHARTS_PER_WORKER = 40;

/**
 * Compiles the charts, taking from the cache every chart whose spec, data, house style, title
 * and chart code are unchanged since an earlier build. Vega renders on one thread, so a large
 * set of missing charts is spread over worker threads, one per core.
 */
export async function compileCharts(jobs: ChartJob[], cache?: BuildCache): Promise<CompiledChart[]> {
  const version = await codeFingerprint(CHART_CODE, ["vega", "vega-lite"]);
  const keys = jobs.map(({ chart, dataset, profile, title }) => sha256("grafiek", version, chart.file, JSON.stringify(chart.spec), JSON.stringify(dataset), JSON.stringify(profile), title));
  const results: (CompiledChart | undefined)[] = await Promise.all(
    keys.map(async (key) => {
      const cached = await cache?.get(key);
      return cached ? (JSON.parse(cached.toString("utf8")) as CompiledChart) : undefined;
    }),
  );
  const missing = jobs.map((job, i) => ({ job, i })).filter(({ i }) => !results[i]);
  const compiled = await compileAll(missing.map(({ job }) => job));
  await Promise.all(
    missing.map(async ({ i }, n) => {
      results[i] = compiled[n]!;
      await cache?.put(keys[i]!, Buffer.from(JSON.stringify(compiled[n])));
    }),
  );
  return results as CompiledChart[];
}

async function compileAll(jobs: ChartJob[]): Promise<CompiledChart[]> {
  const threads = Math.min(availableParallelism(), Math.floor(jobs.length / CHARTS_PER_WORKER));
  if (threads < 2) {
    const compiled: CompiledChart[] = [];
    for (const { chart, dataset, profile, title } of jobs) compiled.push(await compileChart(chart, dataset, profile, title));
    return compiled;
  }
  const pool = new Piscina<ChartJob, CompiledChart>({ filename: new URL("./compile-worker.ts", import.meta.url).href, minThreads: threads, maxThreads: threads });
  try {
    return await Promise.all(jobs.map((job) => pool.run(job)));
  } finally {
    await pool.destroy();
  }
}
