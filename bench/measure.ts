import { spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename } from "node:path";

export interface Measured {
  code: number;
  seconds: number;
  /** The highest sum of VmRSS over the process and all its descendants, sampled every 100 ms. */
  peakRssBytes: number;
  /** That peak split by program (node, chromium, …). */
  peakByName: Record<string, number>;
  /** The highest sum of PSS (sampled every second): shared pages (Chromium's) divided among the processes that share them. */
  peakPssBytes: number;
}

/**
 * Runs a command with its output going to `logFile`, timing it from spawn to exit and sampling
 * the memory of its whole process tree, Chromium's processes included (Linux: reads /proc).
 */
export async function runMeasured(command: string, args: string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): Promise<Measured> {
  const log = createWriteStream(options.logFile);
  const start = performance.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  let peak = { rss: 0, pss: 0, byName: {} as Record<string, number> };
  let peakPss = 0;
  let samples = 0;
  const sample = () => {
    // PSS (smaps_rollup) walks every mapping of Chromium's processes and slows them down; once a second is enough.
    const now = treeMemory(child.pid!, samples++ % 10 === 0);
    if (now.rss > peak.rss) peak = now;
    peakPss = Math.max(peakPss, now.pss);
  };
  const timer = setInterval(sample, 100);
  let seconds = 0;
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", () => (seconds = (performance.now() - start) / 1000));
      child.once("close", (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
    });
    return { code, seconds, peakRssBytes: peak.rss, peakByName: peak.byName, peakPssBytes: peakPss };
  } finally {
    clearInterval(timer);
    log.end();
  }
}

/** Sums of VmRSS (and, when asked, PSS) of `root` and its descendants, found through the parent ids in /proc/<pid>/stat. */
function treeMemory(root: number, withPss: boolean): { rss: number; pss: number; byName: Record<string, number> } {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The name field may hold spaces and parentheses: the parent id is the second field after the last ')'.
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const result = { rss: 0, pss: 0, byName: {} as Record<string, number> };
  const kib = (text: string | undefined, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text ?? "")?.[1] ?? 0) * 1024;
  const queue = [root];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    queue.push(...(children.get(pid) ?? []));
    const rss = kib(readProc(`/proc/${pid}/status`), "VmRSS");
    if (rss === 0) continue;
    const name = program(pid);
    result.rss += rss;
    if (withPss) result.pss += kib(readProc(`/proc/${pid}/smaps_rollup`), "Pss");
    result.byName[name] = (result.byName[name] ?? 0) + rss;
  }
  return result;
}

/** The program a process runs (Chromium rewrites its command line, so not argv[0]). */
function program(pid: number): string {
  try {
    return basename(readlinkSync(`/proc/${pid}/exe`));
  } catch {
    return "?";
  }
}

/** A /proc file, or undefined when the process has exited meanwhile. */
function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
