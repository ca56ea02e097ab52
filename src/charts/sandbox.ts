import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { TopLevelSpec } from "vega-lite";
import type { ChartJob } from "./cached.ts";
import type { CompiledChart } from "./compile.ts";

/** One piece of work for the sandbox: check a spec, or draw a chart. */
export type SandboxTask = { kind: "check"; spec: TopLevelSpec } | { kind: "render"; job: ChartJob };

/** A chart that takes longer than this, or more memory, is an attack or a mistake: never a chart. */
export const CHART_LIMITS = { seconds: 20, memoryMb: 512 };
type Limits = typeof CHART_LIMITS;

/** Why a task failed, in words for the author. */
export class SandboxError extends Error {}

/**
 * Every spec is checked and every chart drawn in a worker thread with a memory limit, and a
 * worker that runs past the time limit is terminated: a catastrophic regular expression or
 * a generator of millions of rows fails one chart with a clear message instead of hanging or
 * exhausting the build. The workers see no environment variables (no passphrases).
 */
export class ChartSandbox {
  private readonly pool: Piscina<SandboxTask, CompiledChart | null>;
  private readonly threads: number;
  private readonly limits: Limits;

  constructor({ threads = Math.max(1, availableParallelism()), limits = CHART_LIMITS }: { threads?: number; limits?: Limits } = {}) {
    this.threads = threads;
    this.limits = limits;
    this.pool = new Piscina({
      filename: new URL("./sandbox-worker.ts", import.meta.url).href,
      minThreads: 0,
      maxThreads: threads,
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 64 },
    });
  }

  /**
   * Runs the tasks, at most one per thread at a time so that each one's clock starts when it
   * starts; returns per task its result or the reason it failed.
   */
  async runAll<T extends SandboxTask>(tasks: T[]): Promise<({ result: CompiledChart | null } | { error: string })[]> {
    const results: ({ result: CompiledChart | null } | { error: string })[] = new Array(tasks.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < tasks.length; i = next++) results[i] = await this.runOne(tasks[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.threads, tasks.length) }, lane));
    return results;
  }

  private async runOne(task: SandboxTask): Promise<{ result: CompiledChart | null } | { error: string }> {
    try {
      return { result: await this.pool.run(task, { signal: AbortSignal.timeout(this.limits.seconds * 1000) }) };
    } catch (error) {
      return { error: explain(error, this.limits) };
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** Runs `work` with a sandbox that is closed afterwards, whatever happens. */
export async function withSandbox<T>(work: (sandbox: ChartSandbox) => Promise<T>): Promise<T> {
  const sandbox = new ChartSandbox();
  try {
    return await work(sandbox);
  } finally {
    await sandbox.close();
  }
}

/** Vega's and Vega-Lite's most common errors in Dutch; the rest keep their own words after a Dutch lead. */
const VEGA_ERRORS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/Unrecognized function: (\S+)/, ([, name]) => `onbekende functie '${name}' in een expressie`],
  [/Expression parse error: (.*)/, ([, expression]) => `de expressie '${expression}' is ongeldig`],
  [/Unrecognized signal name: "?([^"]+)"?/, ([, name]) => `onbekend signaal '${name}'`],
  [/Invalid field type "?([^"]+)"?/, ([, type]) => `ongeldig veldtype '${type}'`],
];

function explain(error: unknown, limits: Limits): string {
  const { name, code, message } = error as { name?: string; code?: string; message?: string };
  if (name === "AbortError" || name === "TimeoutError") return `het tekenen duurde langer dan ${limits.seconds} seconden en is afgebroken (een te zware berekening of reguliere expressie in de grafiek?)`;
  if (code === "ERR_WORKER_OUT_OF_MEMORY") return `het tekenen vroeg meer dan ${limits.memoryMb} MB geheugen en is afgebroken (te veel gegevens of gegenereerde rijen?)`;
  const text = String(message ?? error);
  for (const [pattern, dutch] of VEGA_ERRORS) {
    const match = pattern.exec(text);
    if (match) return dutch(match);
  }
  return `Vega weigert de grafiek: ${text.split("\n")[0]}`;
}
