import { createHash } from "node:crypto";
import * as vega from "vega";
import { expressionInterpreter } from "vega-interpreter";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { flattenDataset } from "../data/rows.ts";
import type { Dataset } from "../data/schema.ts";
import type { Profile } from "../profiles/schema.ts";
import { describeChart, type ChartEncoding } from "./describe.ts";
import { chartKey } from "./key.ts";
import { chartConfig } from "./theme.ts";

vega.formatLocale({ decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] });
vega.timeFormatLocale({
  dateTime: "%A %e %B %Y %X",
  date: "%d-%m-%Y",
  time: "%H:%M:%S",
  periods: ["", ""],
  days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
  shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
  months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
  shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
});

export interface ChartSpec {
  /** The spec's name as authors use it (`<Grafiek grafiek="…">`). */
  name: string;
  file: string;
  spec: TopLevelSpec;
}

/** A chart as a page and a PDF show it: static SVG plus its text alternative. */
export interface CompiledChart {
  key: string;
  title: string;
  svg: string;
  alt: string;
  datasetKey: string;
}

/**
 * Vega's loader reads files and fetches URLs. A checked spec names none (check-spec.ts); should
 * one slip through, this loader refuses it rather than read or fetch anything.
 */
const refusingLoader = {
  load: () => Promise.reject(new Error("een grafiek laadt geen bestanden of adressen")),
  sanitize: () => Promise.reject(new Error("een grafiek laadt geen bestanden of adressen")),
  http: () => Promise.reject(new Error("een grafiek gebruikt geen netwerk")),
  file: () => Promise.reject(new Error("een grafiek leest geen bestanden")),
} as unknown as vega.Loader;

/**
 * Has Vega-Lite compile the spec and Vega parse the result, without data: catches unknown
 * marks, channels, functions and expression syntax before any chart is drawn.
 */
export function checkChartSpec(spec: TopLevelSpec): void {
  const { spec: vegaSpec } = vegaLite.compile({ ...spec, data: { values: [] } } as TopLevelSpec);
  vega.parse(vegaSpec, undefined, { ast: true });
}

/**
 * Vega-Lite → Vega → SVG in Node, with the gemeente's house style as config and the
 * dataset's rows bound as the spec's data. Expressions are interpreted, never turned into
 * JavaScript, and nothing is loaded. Throws the Vega-Lite or Vega error for a bad spec.
 */
export async function compileChart(chart: ChartSpec, dataset: Dataset, profile: Profile, title: string): Promise<CompiledChart> {
  const flat = flattenDataset(dataset);
  const rows = flat.rows.filter((row) => row.soort === undefined || row.soort === "rij");
  const encoding = readEncoding(chart.spec, rows);
  const alt = describeChart(title, encoding, flat, dataset);
  const spec = { ...chart.spec, data: { values: rows }, description: alt } as TopLevelSpec;
  const { spec: vegaSpec } = vegaLite.compile(spec, { config: chartConfig(profile) });
  // Vega logs a failing expression or path and carries on drawing: here an error fails the chart.
  const errors: unknown[] = [];
  const logger = vega.logger(vega.Error, undefined, (_method: string, _level: string, input: readonly unknown[]) => errors.push(input[0]));
  const view = new vega.View(vega.parse(vegaSpec, undefined, { ast: true }), { renderer: "none", loader: refusingLoader, expr: expressionInterpreter, logger });
  const key = chartKey(profile.slug, chart.file, dataset.key, title);
  const svg = withoutHiddenLabels(withoutVegaAria(scopeIds(await view.toSVG(), createHash("sha256").update(key).digest("hex").slice(0, 8))));
  view.finalize();
  if (errors.length > 0) throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
  return { key, title, svg, alt, datasetKey: dataset.key };
}

function readEncoding(spec: TopLevelSpec, rows: ChartEncoding["rows"]): ChartEncoding {
  const view = ("layer" in spec && Array.isArray(spec.layer) ? spec.layer[0] : spec) as {
    mark?: string | { type: string };
    encoding?: Record<string, { field?: string; type?: string } | undefined>;
  };
  const mark = typeof view.mark === "string" ? view.mark : (view.mark?.type ?? "");
  const enc = view.encoding ?? {};
  const horizontal = enc.x?.type === "quantitative" && enc.y?.type !== "quantitative";
  const [category, measure] = horizontal ? [enc.y, enc.x] : [enc.x, enc.y];
  return { mark, x: category?.field, y: measure?.field, series: (enc.color ?? enc.xOffset)?.field, rows };
}

/**
 * Vega labels marks, axes and legends in English ("X-axis titled 'Maand' …", "line mark"). The
 * chart is one image with one Dutch text alternative (the page's role="img"), so those labels
 * go. Vega's roles stay, as graphics-object, which needs no name of its own (graphics-symbol
 * does): they are what makes Chromium tag the marks' drawing as part of the chart in the PDF;
 * without them it leaves the chart out of the structure tree.
 */
function withoutVegaAria(svg: string): string {
  return svg.replace(/ (?:aria-roledescription|aria-label)="[^"]*"/g, "").replace(/ role="graphics-symbol"/g, ' role="graphics-object"');
}

/**
 * Labels Vega hides because they would overlap (`labelOverlap`) stay in its SVG with opacity 0.
 * Unseen, they are still text: a PDF printed by Chrome's headless shell carries them, so text
 * extraction and search found axis ticks nobody sees. They go, the chart looks the same.
 */
function withoutHiddenLabels(svg: string): string {
  return svg.replace(/<text\b[^>]*\sopacity="0"[^>]*>(?:(?!<\/text>)[\s\S])*<\/text>/g, "");
}

/** Vega numbers its clip paths per view; several charts on one page need distinct ids. */
function scopeIds(svg: string, scope: string): string {
  return svg.replace(/id="([^"]+)"/g, `id="${scope}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${scope}-$1)`);
}
