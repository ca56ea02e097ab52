// A worker thread of the chart pool in cached.ts.
import type { ChartJob } from "./cached.ts";
import { compileChart, type CompiledChart } from "./compile.ts";

export default function compileInWorker({ chart, dataset, profile, title }: ChartJob): Promise<CompiledChart> {
  return compileChart(chart, dataset, profile, title);
}
