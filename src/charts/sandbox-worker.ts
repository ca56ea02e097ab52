// A worker thread of the chart sandbox (sandbox.ts): nothing else runs here.
import { checkChartSpec, compileChart, type CompiledChart } from "./compile.ts";
import type { SandboxTask } from "./sandbox.ts";

export default async function runTask(task: SandboxTask): Promise<CompiledChart | null> {
  if (task.kind === "check") {
    checkChartSpec(task.spec);
    return null;
  }
  const { chart, dataset, profile, title } = task.job;
  return compileChart(chart, dataset, profile, title);
}
