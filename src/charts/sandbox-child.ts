// A process of the chart sandbox (sandbox.ts): it takes tasks over IPC and answers each with its
// outcome. Nothing else runs here; it may read nota's own code and nothing else.
import { checkChartSpec, compileChart } from "./compile.ts";
import type { SandboxOutcome, SandboxTask } from "./sandbox.ts";

process.on("message", (task: SandboxTask) => {
  run(task).then(
    (result) => process.send!({ result } satisfies SandboxOutcome),
    (error: unknown) => process.send!({ error: explain(error) } satisfies SandboxOutcome),
  );
});

async function run(task: SandboxTask) {
  if (task.kind === "check") {
    checkChartSpec(task.spec);
    return null;
  }
  const { chart, dataset, profile, title } = task.job;
  return compileChart(chart, dataset, profile, title);
}

/** Vega's and Vega-Lite's most common errors in Dutch; the rest keep their own words after a Dutch lead. */
const VEGA_ERRORS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/Unrecognized function: (\S+)/, ([, name]) => `onbekende functie '${name}' in een expressie`],
  [/Expression parse error: (.*)/, ([, expression]) => `de expressie '${expression}' is ongeldig`],
  [/Unrecognized signal name: "?([^"]+)"?/, ([, name]) => `onbekend signaal '${name}'`],
  [/Invalid field type "?([^"]+)"?/, ([, type]) => `ongeldig veldtype '${type}'`],
];

function explain(error: unknown): string {
  const text = String((error as { message?: string }).message ?? error);
  for (const [pattern, dutch] of VEGA_ERRORS) {
    const match = pattern.exec(text);
    if (match) return dutch(match);
  }
  return `Vega weigert de grafiek: ${text.split("\n")[0]}`;
}
