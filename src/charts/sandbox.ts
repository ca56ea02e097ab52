import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { PACKAGE_ROOT } from "../paths.ts";
import type { ChartJob } from "./cached.ts";
import type { CompiledChart } from "./compile.ts";

/** One piece of work for the sandbox: check a spec, or draw a chart. */
export type SandboxTask = { kind: "check"; spec: TopLevelSpec } | { kind: "render"; job: ChartJob };
export type SandboxOutcome = { result: CompiledChart | null } | { error: string };

/** A chart that takes longer than this, or more memory, is an attack or a mistake: never a chart. */
export const CHART_LIMITS = { seconds: 20, memoryMb: 512 };
type Limits = typeof CHART_LIMITS;

export const SANDBOX_CHILD = fileURLToPath(new URL("./sandbox-child.ts", import.meta.url));

/**
 * Every spec is checked and every chart drawn in a process of its own: with a memory limit, no
 * environment (no passphrases), Node's permission model allowing it to read nota's own code and
 * nothing else, and a clock that kills it when a chart runs past the time limit. A catastrophic
 * regular expression or a generator of millions of rows fails one chart with a clear message; it
 * can neither hang the build, nor exhaust its memory, nor reach the signing key.
 */
export class ChartSandbox {
  private readonly threads: number;
  private readonly limits: Limits;
  private readonly idle: ChildProcess[] = [];

  constructor({ threads = Math.max(1, availableParallelism()), limits = CHART_LIMITS }: { threads?: number; limits?: Limits } = {}) {
    this.threads = threads;
    this.limits = limits;
  }

  /** Runs the tasks, at most one per process at a time; returns per task its result or the reason it failed. */
  async runAll(tasks: SandboxTask[]): Promise<SandboxOutcome[]> {
    const results: SandboxOutcome[] = new Array(tasks.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < tasks.length; i = next++) results[i] = await this.runOne(tasks[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.threads, tasks.length) }, lane));
    return results;
  }

  private runOne(task: SandboxTask): Promise<SandboxOutcome> {
    const child = this.idle.pop() ?? this.start();
    return new Promise((resolve) => {
      const finish = (outcome: SandboxOutcome, reusable: boolean) => {
        clearTimeout(timer);
        child.off("message", onMessage).off("exit", onExit);
        if (reusable) this.idle.push(child);
        else child.kill("SIGKILL");
        resolve(outcome);
      };
      const onMessage = (message: SandboxOutcome) => finish(message, true);
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => finish({ error: exitReason(code, signal, this.limits) }, false);
      const timer = setTimeout(() => finish({ error: `het tekenen duurde langer dan ${this.limits.seconds} seconden en is afgebroken (een te zware berekening of reguliere expressie in de grafiek?)` }, false), this.limits.seconds * 1000);
      child.on("message", onMessage).on("exit", onExit);
      child.send(task);
    });
  }

  private start(): ChildProcess {
    return fork(SANDBOX_CHILD, [], {
      env: {},
      execArgv: [`--max-old-space-size=${this.limits.memoryMb}`, "--permission", `--allow-fs-read=${PACKAGE_ROOT}`],
      serialization: "advanced",
      stdio: ["ignore", "ignore", "ignore", "ipc"],
    });
  }

  async close(): Promise<void> {
    for (const child of this.idle.splice(0)) child.kill("SIGKILL");
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

/** A process that ends without an answer ran out of memory (V8 aborts), or was stopped by something else. */
function exitReason(code: number | null, signal: NodeJS.Signals | null, limits: Limits): string {
  if (signal === "SIGABRT" || code === 134) return `het tekenen vroeg meer dan ${limits.memoryMb} MB geheugen en is afgebroken (te veel gegevens of gegenereerde rijen?)`;
  return `het tekenen werd onverwacht afgebroken (${signal ?? `code ${code}`})`;
}
