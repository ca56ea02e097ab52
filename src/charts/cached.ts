import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import type { Dataset } from "../data/schema.ts";
import type { Diagnostic } from "../errors.ts";
import type { Profile } from "../profiles/schema.ts";
import type { ChartSpec, CompiledChart } from "./compile.ts";
import { SANDBOX_CHILD, type ChartSandbox } from "./sandbox.ts";

/** One chart to compile: what `compileChart` takes, and the note that asked for it first (for messages). */
export interface ChartJob {
  chart: ChartSpec;
  dataset: Dataset;
  profile: Profile;
  title: string;
  note: string;
}

/** The code that shapes a chart's SVG and text alternative, run in the sandbox: a change to it invalidates every chart. */
export function chartCodeVersion(): Promise<string> {
  return codeFingerprint(SANDBOX_CHILD);
}

/**
 * Compiles the charts in the sandbox, taking from the cache every chart whose spec, data, house
 * style, title and chart code are unchanged since an earlier build. A chart that fails (bad
 * expression, over its time or memory limit) becomes a diagnostic naming spec and note.
 */
export async function compileCharts(jobs: ChartJob[], sandbox: ChartSandbox, cache?: BuildCache): Promise<{ charts: CompiledChart[]; diagnostics: Diagnostic[] }> {
  const version = await chartCodeVersion();
  const keys = jobs.map(({ chart, dataset, profile, title }) => sha256("grafiek", version, chart.file, JSON.stringify(chart.spec), JSON.stringify(dataset), JSON.stringify(profile), title));
  const results: (CompiledChart | undefined)[] = await Promise.all(
    keys.map(async (key) => {
      const cached = await cache?.get(key);
      return cached ? (JSON.parse(cached.toString("utf8")) as CompiledChart) : undefined;
    }),
  );
  const missing = jobs.map((job, i) => ({ job, i })).filter(({ i }) => !results[i]);
  const outcomes = await sandbox.runAll(missing.map(({ job }) => ({ kind: "render" as const, job })));
  const diagnostics: Diagnostic[] = [];
  await Promise.all(
    missing.map(async ({ job, i }, n) => {
      const outcome = outcomes[n]!;
      if ("error" in outcome) {
        diagnostics.push({ file: job.chart.file, origin: "nota:grafiek", message: `grafiek '${job.chart.name}' met dataset ${job.dataset.key} (in ${job.note}): ${outcome.error}` });
        return;
      }
      results[i] = outcome.result!;
      await cache?.put(keys[i]!, Buffer.from(JSON.stringify(outcome.result)));
    }),
  );
  return { charts: results as CompiledChart[], diagnostics };
}
