import { access } from "node:fs/promises";
import { relative } from "node:path";
import * as vegaLite from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { compileChart, type ChartSpec, type CompiledChart, chartKey } from "./charts/compile.ts";
import { DATA_COMPONENTS } from "./content/components.ts";
import { loadNotes, type Note } from "./content/load.ts";
import { chartSpecCandidates, datasetKey } from "./content/references.ts";
import { loadDatasets } from "./data/load.ts";
import type { Dataset } from "./data/schema.ts";
import { throwIfAny, type Diagnostic } from "./errors.ts";
import { isDiagnostic, readJson } from "./json.ts";
import type { ProjectPaths } from "./paths.ts";
import { loadProfiles } from "./profiles/load.ts";
import type { Profile } from "./profiles/schema.ts";

/** Every source of the archive, read once and checked: what `nota check` validates. */
export interface CheckedArchive {
  profiles: Map<string, Profile>;
  notes: Note[];
  datasets: Map<string, Dataset>;
  /** Chart specs by file, each read and compiled by Vega-Lite once. */
  specs: Map<string, ChartSpec>;
}

/** What the site and the PDFs are made from: the checked archive with its charts as SVG. */
export interface PreparedArchive {
  gemeenten: Record<string, Profile>;
  notes: Record<string, Note>;
  datasets: Record<string, Dataset>;
  charts: Record<string, CompiledChart>;
}

/** Reads and validates profiles, notes, datasets and chart specs; reports all problems at once. */
export async function checkArchive(paths: ProjectPaths, options: { gemeente?: string } = {}): Promise<{ archive: CheckedArchive; diagnostics: Diagnostic[] }> {
  const profileResult = await loadProfiles(paths.data);
  const diagnostics = [...profileResult.diagnostics];
  const profiles = profileResult.profiles;
  if (options.gemeente && !profiles.has(options.gemeente)) {
    diagnostics.push({ file: relative(paths.root, paths.data), origin: "nota:gemeente", message: `onbekende gemeente '${options.gemeente}'; bekend zijn: ${[...profiles.keys()].join(", ")}` });
  }
  const noteResult = await loadNotes(paths.content, new Set(profiles.keys()), paths.root);
  const dataResult = await loadDatasets(paths.data, profiles.keys());
  diagnostics.push(...noteResult.diagnostics, ...dataResult.diagnostics.map((d) => ({ ...d, file: relative(paths.root, d.file) })));
  const notes = noteResult.notes.filter((n) => !options.gemeente || n.gemeente === options.gemeente);
  const specs = new Map<string, ChartSpec>();
  for (const note of notes) diagnostics.push(...(await checkReferences(note, noteResult.notes, dataResult.datasets, specs, paths)));
  return { archive: { profiles, notes, datasets: dataResult.datasets, specs }, diagnostics };
}

async function checkReferences(note: Note, allNotes: Note[], datasets: Map<string, Dataset>, specs: Map<string, ChartSpec>, paths: ProjectPaths): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const { bij } = note.frontmatter;
  if (bij && !allNotes.some((n) => n.id === `${note.gemeente}/${bij}`)) {
    diagnostics.push({ file: note.file, origin: "nota:verwijzing", field: "bij", message: `de hoofdnotitie '${note.gemeente}/${bij}' bestaat niet` });
  }
  for (const use of note.components) {
    const at = { file: note.file, line: use.line, column: use.column };
    if (DATA_COMPONENTS.includes(use.name) && use.attributes.data) {
      const key = datasetKey(note, use.attributes.data);
      const dataset = datasets.get(key);
      if (!dataset) {
        diagnostics.push({ ...at, origin: "nota:dataset", field: "data", message: `<${use.name}>: dataset '${use.attributes.data}' bestaat niet (gezocht: data/${key}.json)` });
        continue;
      }
      if (use.name === "Kerncijfer") {
        const id = use.attributes.cijfer;
        if (dataset.type !== "kerncijfers") diagnostics.push({ ...at, origin: "nota:dataset", field: "data", message: `<Kerncijfer>: '${use.attributes.data}' is geen dataset van het type kerncijfers` });
        else if (!dataset.cijfers.some((c) => c.id === id)) diagnostics.push({ ...at, origin: "nota:dataset", field: "cijfer", message: `<Kerncijfer>: cijfer '${id}' staat niet in ${use.attributes.data}` });
      }
    }
    if (use.name === "Grafiek" && use.attributes.grafiek) {
      const problem = await loadSpec(note, use.attributes.grafiek, specs, paths);
      if (problem) diagnostics.push({ ...at, ...problem, line: problem.line ?? at.line });
    }
  }
  return diagnostics;
}

/** Finds, reads and compiles a chart spec once; returns a diagnostic when that fails. */
async function loadSpec(note: Note, name: string, specs: Map<string, ChartSpec>, paths: ProjectPaths): Promise<Diagnostic | undefined> {
  const candidates = chartSpecCandidates(note, name, paths);
  let file: string | undefined;
  for (const candidate of candidates) {
    if (await access(candidate).then(() => true, () => false)) {
      file = candidate;
      break;
    }
  }
  if (!file) return { file: note.file, origin: "nota:grafiek", field: "grafiek", message: `grafiek '${name}' niet gevonden (gezocht: ${candidates.map((c) => relative(paths.root, c)).join(", ")})` };
  if (specs.has(file)) return undefined;
  const source = await readJson(file, "nota:grafiek");
  if (isDiagnostic(source)) return { ...source, file: relative(paths.root, file) };
  const spec = source.value as TopLevelSpec;
  try {
    vegaLite.compile({ ...spec, data: { values: [] } } as TopLevelSpec);
  } catch (error) {
    return { file: relative(paths.root, file), origin: "nota:grafiek", message: `Vega-Lite weigert de grafiek: ${(error as Error).message}` };
  }
  specs.set(file, { name, file, spec });
  return undefined;
}

/** Compiles every chart the notes use, once per (gemeente, spec, dataset, title). */
export async function renderCharts(archive: CheckedArchive, paths: ProjectPaths): Promise<Map<string, CompiledChart>> {
  const charts = new Map<string, CompiledChart>();
  for (const note of archive.notes) {
    const profile = archive.profiles.get(note.gemeente)!;
    for (const use of note.components.filter((u) => u.name === "Grafiek")) {
      const dataset = archive.datasets.get(datasetKey(note, use.attributes.data!))!;
      const spec = [...archive.specs.values()].find((s) => chartSpecCandidates(note, use.attributes.grafiek!, paths).includes(s.file))!;
      const title = use.attributes.titel ?? dataset.titel;
      const key = chartKey(profile.slug, spec.file, dataset.key, title);
      if (!charts.has(key)) charts.set(key, await compileChart(spec, dataset, profile, title));
    }
  }
  return charts;
}

/** Validate → charts: the archive as the site and PDFs read it. Throws a NotaError listing every problem. */
export async function prepareArchive(paths: ProjectPaths, options: { gemeente?: string } = {}): Promise<PreparedArchive> {
  const { archive, diagnostics } = await checkArchive(paths, options);
  throwIfAny(diagnostics);
  const charts = await renderCharts(archive, paths);
  const notes = [...archive.notes].sort((a, b) => b.frontmatter.datum.localeCompare(a.frontmatter.datum) || a.id.localeCompare(b.id));
  return {
    gemeenten: Object.fromEntries(archive.profiles),
    notes: Object.fromEntries(notes.map((n) => [n.id, n])),
    datasets: Object.fromEntries(archive.datasets),
    charts: Object.fromEntries(charts),
  };
}
