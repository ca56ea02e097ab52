import { access } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import { sha256, type BuildCache } from "./cache.ts";
import { chartCodeVersion, compileCharts, type ChartJob } from "./charts/cached.ts";
import { sourceProblems, specProblems } from "./charts/check-spec.ts";
import type { ChartSpec, CompiledChart } from "./charts/compile.ts";
import { chartKey } from "./charts/key.ts";
import { withSandbox, type ChartSandbox } from "./charts/sandbox.ts";
import { DATA_COMPONENTS } from "./content/components.ts";
import { imageFileProblem } from "./content/images.ts";
import { loadNotes, type Note } from "./content/load.ts";
import { chartSpecCandidates, datasetKey, imageTarget, type ImageTarget } from "./content/references.ts";
import { loadDatasets } from "./data/load.ts";
import type { Dataset } from "./data/schema.ts";
import { fieldPath, NotaError, throwIfAny, type Diagnostic } from "./errors.ts";
import { symlinkProblems } from "./files.ts";
import { isDiagnostic, locate, readJson } from "./json.ts";
import type { ProjectPaths } from "./paths.ts";
import { loadProfiles } from "./profiles/load.ts";
import type { Profile } from "./profiles/schema.ts";
import { datasetsOf, pagePublication, planPublication, withdrawnNote, type PagePublication, type PublicationOptions, type PublicationPlan, type WithdrawnNote } from "./publication/plan.ts";
import { readRegister } from "./publication/register.ts";

/** Every source of the archive, read once and checked: what `nota check` validates. */
export interface CheckedArchive {
  profiles: Map<string, Profile>;
  notes: Note[];
  datasets: Map<string, Dataset>;
  /** Chart specs by file, each read and compiled by Vega-Lite once. */
  specs: Map<string, ChartSpec>;
}

/**
 * What the site and the PDFs are made from: the notes this build shows (public ones; in a preview
 * also concepts and notes under embargo), newest first, the datasets they use, their charts as SVG,
 * and what each page says about its publication. Nothing else of the archive reaches the site.
 */
export interface PreparedArchive {
  gemeenten: Map<string, Profile>;
  notes: Map<string, Note>;
  datasets: Map<string, Dataset>;
  /** Compiled charts by key; `chartUses` says which chart each note shows where. */
  charts: Map<string, CompiledChart>;
  chartUses: Map<string, ChartUse[]>;
  images: ImageTarget[];
  /** The notes published with a PDF: printed in this build, from the register, or kept from the published archive. */
  pdfs: Set<string>;
  publication: Map<string, PagePublication>;
  /** Withdrawn notes: their address keeps a page saying when and why. */
  withdrawn: Map<string, WithdrawnNote>;
  /**
   * The notes whose own pages (note page, Woo record) this build renders, when not all: a shard of
   * the archive (`--shard`) lists every note but renders only its own.
   */
  pages?: Set<string>;
}

/** A chart a note shows, as its `<Grafiek>` names it, and the key of the compiled chart. */
export interface ChartUse {
  grafiek: string;
  data: string;
  title: string;
  key: string;
}

/** Publish as of now, no preview. */
const PUBLISH_NOW = (): PublicationOptions => ({ moment: new Date(), preview: false });

/**
 * Refuses a root without `data/` (most likely `--root` points at the wrong folder), and any
 * symbolic link in the source folders: a link could lead a loader out of the archive.
 */
export async function requireArchiveRoot(paths: ProjectPaths): Promise<void> {
  if (await access(paths.data).then(() => false, () => true)) {
    throw new NotaError([{ file: relative(paths.root, paths.data), origin: "nota:pad", message: `map niet gevonden in ${paths.root}; wijst --root naar het archief?` }]);
  }
  throwIfAny(await symlinkProblems(paths.root, [paths.content, paths.data, paths.templates, paths.register]));
}

/** Which notes to check and prepare (those of one gemeente, or those a predicate selects; by default all), as of which moment. */
export interface ArchiveOptions {
  gemeente?: string;
  select?: (note: Note) => boolean;
  /** The notes whose pages this build renders (by default all selected): only their charts, datasets, pictures and withdrawn pages are prepared. */
  render?: (note: Note) => boolean;
  cache?: BuildCache;
  sandbox?: ChartSandbox;
  publication?: PublicationOptions;
}

/**
 * Reads and validates profiles, notes, datasets and chart specs, then decides with the publication
 * register what is public as of the moment; reports all problems at once.
 */
export async function checkArchive(paths: ProjectPaths, options: ArchiveOptions = {}): Promise<{ archive: CheckedArchive; plan: PublicationPlan; diagnostics: Diagnostic[] }> {
  if (!options.sandbox) return withSandbox((sandbox) => checkArchive(paths, { ...options, sandbox }));
  await requireArchiveRoot(paths);
  const profileResult = await loadProfiles(paths.data);
  const diagnostics = [...profileResult.diagnostics];
  const profiles = profileResult.profiles;
  if (options.gemeente && !profiles.has(options.gemeente)) {
    diagnostics.push({ file: relative(paths.root, paths.data), origin: "nota:gemeente", message: `onbekende gemeente '${options.gemeente}'; bekend zijn: ${[...profiles.keys()].join(", ")}` });
  }
  const noteResult = await loadNotes(paths.content, new Set(profileResult.gemeenten), paths.root, options.cache);
  const dataResult = await loadDatasets(paths.data, profileResult.gemeenten);
  diagnostics.push(...noteResult.diagnostics, ...dataResult.diagnostics);
  const notes = noteResult.notes.filter(options.select ?? ((n) => !options.gemeente || n.gemeente === options.gemeente));
  const specs: SpecCache = { specs: new Map(), seen: new Map() };
  const images = new Set<string>();
  for (const note of notes) diagnostics.push(...(await checkReferences(note, noteResult.notes, dataResult, specs, paths)), ...(await checkImages(note, images, paths)));
  diagnostics.push(...(await compileSpecs(specs, options.sandbox, options.cache)));
  const archive = { profiles, notes, datasets: dataResult.datasets, specs: specs.specs };
  const register = await readRegister(paths, options.select ? undefined : options.gemeente);
  const publication = await planPublication(archive, register.registers, options.publication ?? PUBLISH_NOW(), paths);
  diagnostics.push(...register.diagnostics, ...publication.diagnostics);
  const inRoot = (d: Diagnostic) => (d.file && isAbsolute(d.file) ? { ...d, file: relative(paths.root, d.file) } : d);
  return { archive, plan: publication.plan, diagnostics: diagnostics.map(inRoot) };
}

/** Each picture a note shows must be a checked file in its own folder or the gemeente's `afbeeldingen/`. */
async function checkImages(note: Note, checked: Set<string>, paths: ProjectPaths): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const image of note.images) {
    const target = imageTarget(note, image.url);
    const problem = "problem" in target ? target.problem : checked.has(target.file) ? undefined : await imageFileProblem(paths.root, target);
    if (problem) diagnostics.push({ file: note.file, origin: "nota:afbeelding", line: image.line, column: image.column, message: problem });
    else if (!("problem" in target)) checked.add(target.file);
  }
  return diagnostics;
}

async function checkReferences(
  note: Note,
  allNotes: Note[],
  data: { datasets: Map<string, Dataset>; rejected: Set<string> },
  specs: SpecCache,
  paths: ProjectPaths,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const { bij } = note.frontmatter;
  if (bij && !allNotes.some((n) => n.id === `${note.gemeente}/${bij}`)) {
    diagnostics.push({ file: note.file, origin: "nota:verwijzing", field: "bij", line: note.lines.bij, message: `de hoofdnotitie '${note.gemeente}/${bij}' bestaat niet (gezocht: content/${note.gemeente}/${bij}.mdx)` });
  }
  for (const use of note.components) {
    const at = { file: note.file, line: use.line, column: use.column };
    if (DATA_COMPONENTS.includes(use.name) && use.attributes.data) {
      const key = datasetKey(note, use.attributes.data);
      const dataset = data.datasets.get(key);
      // A dataset that failed its own checks is reported there, not again here.
      if (!dataset) {
        if (!data.rejected.has(key)) diagnostics.push({ ...at, origin: "nota:dataset", field: "data", message: `<${use.name}>: dataset '${use.attributes.data}' bestaat niet (gezocht: data/${key}.json)` });
        continue;
      }
      if (use.name === "Kerncijfer") {
        const id = use.attributes.cijfer;
        if (dataset.type !== "kerncijfers") diagnostics.push({ ...at, origin: "nota:dataset", field: "data", message: `<Kerncijfer>: '${use.attributes.data}' is geen dataset van het type kerncijfers` });
        else if (!dataset.cijfers.some((c) => c.id === id)) diagnostics.push({ ...at, origin: "nota:dataset", field: "cijfer", message: `<Kerncijfer>: cijfer '${id}' staat niet in ${use.attributes.data}; bekend zijn: ${dataset.cijfers.map((c) => c.id).join(", ")}` });
      }
    }
    if (use.name === "Grafiek" && use.attributes.grafiek) {
      const file = await findSpec(note, use.attributes.grafiek, paths);
      if (!file) {
        const candidates = chartSpecCandidates(note, use.attributes.grafiek, paths).map((c) => relative(paths.root, c));
        diagnostics.push({ ...at, origin: "nota:grafiek", field: "grafiek", message: `grafiek '${use.attributes.grafiek}' niet gevonden (gezocht: ${candidates.join(", ")})` });
      } else if (!specs.seen.has(file)) {
        specs.seen.set(file, note.file);
        diagnostics.push(...(await loadSpec(file, use.attributes.grafiek, specs.specs)));
      }
    }
  }
  return diagnostics;
}

/** Specs read so far: the good ones by file, and every file seen with the note that named it first, so a bad spec is reported once. */
interface SpecCache {
  specs: Map<string, ChartSpec>;
  seen: Map<string, string>;
}

async function findSpec(note: Note, name: string, paths: ProjectPaths): Promise<string | undefined> {
  for (const candidate of chartSpecCandidates(note, name, paths)) {
    if (await access(candidate).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

/** Reads a chart spec and checks what it may reference and its marks and channels; returns what is wrong with it. */
async function loadSpec(file: string, name: string, specs: Map<string, ChartSpec>): Promise<Diagnostic[]> {
  const origin = "nota:grafiek";
  const source = await readJson(file, origin);
  if (isDiagnostic(source)) return [source];
  const problems = [...sourceProblems(source.value), ...specProblems(source.value)];
  if (problems.length > 0) return problems.map(({ path, message }) => ({ file, origin, field: fieldPath(path), ...locate(source, path), message }));
  specs.set(file, { name, file, spec: source.value as TopLevelSpec });
  return [];
}

/**
 * Has Vega-Lite compile and Vega parse every spec, in the sandbox; a spec that fails is dropped and
 * reported. With a cache, a spec that passed with the same chart code is not checked again.
 */
async function compileSpecs(specs: SpecCache, sandbox: ChartSandbox, cache?: BuildCache): Promise<Diagnostic[]> {
  const version = await chartCodeVersion();
  const keys = new Map([...specs.specs.values()].map((chart) => [chart, sha256("grafiekspecificatie", version, JSON.stringify(chart.spec))]));
  const charts = [];
  for (const [chart, key] of keys) if (!(await cache?.get(key))) charts.push(chart);
  const outcomes = await sandbox.runAll(charts.map((chart) => ({ kind: "check" as const, spec: chart.spec })));
  const diagnostics: Diagnostic[] = [];
  for (const [i, chart] of charts.entries()) {
    const outcome = outcomes[i]!;
    if (!("error" in outcome)) {
      await cache?.put(keys.get(chart)!, Buffer.from("in orde"));
      continue;
    }
    specs.specs.delete(chart.file);
    diagnostics.push({ file: chart.file, origin: "nota:grafiek", message: `grafiek '${chart.name}' (in ${specs.seen.get(chart.file)}): ${outcome.error}` });
  }
  return diagnostics;
}

/**
 * Compiles every chart the notes use, once per (gemeente, spec, dataset, title), and says which
 * chart each note shows where; with a cache, charts whose inputs did not change since an earlier
 * build are taken from it.
 */
export async function renderCharts(
  archive: CheckedArchive,
  paths: ProjectPaths,
  cache?: BuildCache,
  sandbox?: ChartSandbox,
): Promise<{ charts: Map<string, CompiledChart>; uses: Map<string, ChartUse[]> }> {
  if (!sandbox) return withSandbox((own) => renderCharts(archive, paths, cache, own));
  const jobs = new Map<string, ChartJob>();
  const uses = new Map<string, ChartUse[]>();
  for (const note of archive.notes) {
    const profile = archive.profiles.get(note.gemeente)!;
    const own: ChartUse[] = [];
    for (const use of note.components.filter((u) => u.name === "Grafiek")) {
      const dataset = archive.datasets.get(datasetKey(note, use.attributes.data!))!;
      const candidates = chartSpecCandidates(note, use.attributes.grafiek!, paths);
      const chart = candidates.map((file) => archive.specs.get(file)).find((spec) => spec !== undefined)!;
      const title = use.attributes.titel ?? dataset.titel;
      const key = chartKey(profile.slug, chart.file, dataset.key, title);
      if (!jobs.has(key)) jobs.set(key, { chart, dataset, profile, title, note: note.file });
      own.push({ grafiek: use.attributes.grafiek!, data: use.attributes.data!, title, key });
    }
    uses.set(note.id, own);
  }
  const { charts, diagnostics } = await compileCharts([...jobs.values()], sandbox, cache);
  throwIfAny(diagnostics.map((d) => ({ ...d, file: d.file && relative(paths.root, d.file) })));
  return { charts: new Map([...jobs.keys()].map((key, i) => [key, charts[i]!])), uses };
}

/**
 * Validate → publication → charts: the archive as the site and PDFs read it, and the plan the build
 * follows. Throws a NotaError listing every problem.
 */
export function prepareArchive(paths: ProjectPaths, options: ArchiveOptions = {}): Promise<{ archive: PreparedArchive; plan: PublicationPlan }> {
  return withSandbox(async (sandbox) => {
    const { archive, plan, diagnostics } = await checkArchive(paths, { ...options, sandbox });
    throwIfAny(diagnostics);
    const shown = plan.notes.filter((p) => p.shown);
    const notes = shown.map((p) => p.note).sort((a, b) => b.frontmatter.datum.localeCompare(a.frontmatter.datum) || a.id.localeCompare(b.id));
    const render = options.render ?? (() => true);
    const rendered = notes.filter(render);
    const { charts, uses } = await renderCharts({ ...archive, notes: rendered }, paths, options.cache, sandbox);
    // A dataset or picture is published with the notes that use it; one used only by concepts is not.
    const datasets = new Map(rendered.flatMap((note) => datasetsOf(note, archive.datasets)).map((d) => [d.key, d]));
    const images = new Map(rendered.flatMap((note) => note.images.map((image) => imageTarget(note, image.url) as ImageTarget)).map((image) => [image.url, image]));
    return {
      archive: {
        gemeenten: archive.profiles,
        notes: new Map(notes.map((n) => [n.id, n])),
        datasets: new Map([...datasets].sort(([a], [b]) => a.localeCompare(b))),
        charts,
        chartUses: uses,
        images: [...images.values()],
        pdfs: new Set(),
        publication: new Map(shown.map((p) => [p.note.id, pagePublication(p)])),
        withdrawn: new Map(plan.notes.filter((p) => p.state === "ingetrokken" && render(p.note)).map((p) => [p.note.id, withdrawnNote(p)])),
        pages: options.render && new Set(rendered.map((note) => note.id)),
      },
      plan,
    };
  });
}
