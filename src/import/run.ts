import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { parseQuarter, quarterEnd } from "../content/series.ts";
import { loadDataset } from "../data/load.ts";
import type { Provenance } from "../data/schema.ts";
import { NotaError, type Diagnostic } from "../errors.ts";
import { MAX_DATASET_BYTES, readSourceText } from "../files.ts";
import { allowRequestsTo } from "../network.ts";
import type { ProjectPaths } from "../paths.ts";
import { loadProfiles } from "../profiles/load.ts";
import { fromCbs, cbsUrls, type CbsText } from "./cbs.ts";
import { decodeText, readCsv } from "./csv.ts";
import { diffDatasets, type DatasetDiff } from "./diff.ts";
import { fromGrid, type ImportTarget, type Made } from "./from-grid.ts";
import { formatDatasetJson } from "./json-style.ts";
import { findMapping, isCbs, MAPPING_SUFFIX, readMapping, type CbsMapping, type GridMapping } from "./mapping.ts";
import { publishedUses } from "./published.ts";
import { MAX_IMPORT_BYTES, readImportSource } from "./source-file.ts";
import { readXlsx } from "./xlsx.ts";

const ORIGIN = "nota:import";

export interface ImportRequest {
  gemeente: string;
  quarter: string;
  name: string;
  /** Source files as the user gave them (a CSV or workbook; for CBS the saved responses). */
  sources: string[];
  /** Fetch a CBS table from the address in the mapping instead of reading saved responses. */
  online: boolean;
  /** The day the figures are read, `YYYY-MM-DD` in Dutch time. */
  today: string;
}

/** An import checked and ready to write: the dataset's new text and what it changes. */
export interface ImportPlan {
  target: string;
  text: string;
  diff: DatasetDiff;
  /** False when the figures equal those already there: nothing needs writing. */
  changes: boolean;
  /** Last quarter's mapping, copied beside the new dataset when it is written. */
  mappingCopy?: { from: string; to: string; text: string };
  /** Notes whose declared next version will show the new figures. */
  corrected: string[];
}

/**
 * Reads a source through the dataset's mapping and checks the result as every dataset is checked
 * (schema, totals); writes nothing. Every problem is a NotaError naming file and cell or line.
 */
export async function prepareImport(paths: ProjectPaths, request: ImportRequest): Promise<ImportPlan> {
  const { gemeente, quarter, name } = request;
  const shown = (file: string) => relative(paths.root, file);
  const { profiles } = await loadProfiles(paths.data);
  const profile = profiles.get(gemeente);
  if (!profile) throw new NotaError([{ file: shown(join(paths.data, gemeente, "profiel.json")), origin: "nota:gebruik", message: `onbekende gemeente '${gemeente}'; bekend zijn: ${[...profiles.keys()].join(", ")}` }]);
  const quarterDir = join(paths.data, gemeente, quarter);
  const target = join(quarterDir, `${name}.json`);
  const mappingFile = await findMapping(join(paths.data, gemeente), quarter, name);
  if (!mappingFile) throw new NotaError([{ file: shown(join(quarterDir, `${name}${MAPPING_SUFFIX}`)), origin: "nota:gebruik", message: "geen mapping voor deze dataset, in dit of een eerder kwartaal: schrijf er een (zie 'De mapping' in de README)" }]);
  const read = await readMapping(mappingFile, shown(mappingFile));
  if ("diagnostics" in read) throw new NotaError(read.diagnostics);
  const { mapping } = read;

  const importTarget: ImportTarget = { gemeente, naam: profile.naam, cbsCode: profile.cbsCode, quarter, quarterEnd: quarterEnd(parseQuarter(quarter)) };
  const made = isCbs(mapping) ? await readCbs(mapping, request, importTarget) : await readGrid(mapping, request, importTarget);
  const { voorlopig, ...where } = made.herkomst;
  const herkomst: Provenance = { ...where, opgehaald: request.today, voorlopig };

  const current = await readSourceText(target, MAX_DATASET_BYTES);
  const existingText = "text" in current ? current.text : undefined;
  const existing = existingText === undefined ? undefined : parseObject(existingText);
  const diff = diffDatasets(existing, made.content);
  const changes = existingText === undefined || diff.lines.length > 0;
  const earlier = (existing?.herkomst as Provenance | undefined)?.herzien ?? [];
  // Figures that were there and now differ are a revision; the note says so under the chart or table.
  // Rows that are new, or no longer in the export (an older year), are not.
  const herzien = diff.changed > 0 ? [...new Set([...earlier, request.today])] : earlier;
  const text = formatDatasetJson({ ...made.content, herkomst: { ...herkomst, ...(herzien.length > 0 ? { herzien } : {}) } });

  await checkDataset(text, target, { gemeente, quarter, name }, made, shown);
  const { refusals, corrected } = changes ? await publishedUses(paths, gemeente, shown(target)) : { refusals: [], corrected: [] };
  if (refusals.length > 0) throw new NotaError(refusals);
  const mappingCopy = dirname(mappingFile) === quarterDir ? undefined : { from: mappingFile, to: join(quarterDir, basename(mappingFile)), text: read.text };
  return { target, text, diff, changes, mappingCopy, corrected };
}

/** Writes the dataset (and last quarter's mapping beside it) each through a temporary file, so no file is ever half written. */
export async function writeImport(plan: ImportPlan): Promise<void> {
  await mkdir(dirname(plan.target), { recursive: true });
  await writeAtomically(plan.target, plan.text);
  if (plan.mappingCopy) await writeAtomically(plan.mappingCopy.to, plan.mappingCopy.text);
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  await writeFile(temporary, text, { flag: "wx" });
  await rename(temporary, file).catch(async (error: unknown) => {
    await rm(temporary, { force: true });
    throw error;
  });
}

type Result = Made & { herkomst: Omit<Provenance, "opgehaald"> };

async function readGrid(mapping: GridMapping, request: ImportRequest, target: ImportTarget): Promise<Result> {
  if (request.online) throw usage("--online is alleen voor een CBS-mapping (lezen.soort: cbs)");
  if (request.sources.length !== 1) throw usage(`geef precies één bronbestand (${mapping.lezen.soort === "csv" ? "CSV" : "xlsx"})`);
  const file = request.sources[0]!;
  const read = await readImportSource(file, mapping.lezen.soort);
  if ("message" in read) throw new NotaError([read]);
  const grid = mapping.lezen.soort === "csv" ? readCsv(read.bytes, file, mapping.lezen) : await readXlsx(read.bytes, file, mapping.lezen);
  if (Array.isArray(grid)) throw new NotaError(grid);
  const made = fromGrid(grid, mapping, target);
  if (Array.isArray(made)) throw new NotaError(made);
  const sheet = mapping.lezen.soort === "xlsx" ? { blad: mapping.lezen.blad, ...(mapping.lezen.bereik ? { bereik: mapping.lezen.bereik } : {}) } : {};
  return { ...made, herkomst: { bestand: basename(file), ...sheet, voorlopig: false } };
}

async function readCbs(mapping: CbsMapping, request: ImportRequest, target: ImportTarget): Promise<Result> {
  let texts: CbsText[];
  if (request.online) {
    if (!mapping.lezen.url) throw usage("--online: de mapping noemt geen 'url' onder 'lezen'");
    if (request.sources.length > 0) throw usage("geef met --online geen bronbestanden: nota haalt de tabel op bij het adres uit de mapping");
    texts = await Promise.all(cbsUrls(mapping, target.cbsCode).map(fetchText));
  } else {
    if (request.sources.length === 0) throw usage("geef de opgeslagen CBS-antwoorden (cijfers en perioden), of haal ze op met --online");
    texts = [];
    for (const file of request.sources) {
      const read = await readImportSource(file, "cbs");
      if ("message" in read) throw new NotaError([read]);
      texts.push({ file, text: decodeText(read.bytes) });
    }
  }
  const made = fromCbs(texts, mapping, target);
  if (Array.isArray(made)) throw new NotaError(made);
  const where = request.online ? { url: mapping.lezen.url! } : { bestand: basename(request.sources[0]!) };
  return { content: made.content, origins: made.origins, file: made.file, herkomst: { ...where, tabel: made.table, voorlopig: made.provisional } };
}

/** The one kind of request an import makes: to the CBS address its mapping names, allowed for just this request. */
async function fetchText(url: string): Promise<CbsText> {
  allowRequestsTo(url);
  const failed = (why: string) => new NotaError([{ file: url, origin: ORIGIN, message: `ophalen bij het CBS mislukt: ${why}` }]);
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000), headers: { accept: "application/json" } }).catch((error: Error) => {
    throw failed(error.name === "TimeoutError" ? "geen antwoord binnen 30 seconden" : error.message);
  });
  if (!response.ok) throw failed(`HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_IMPORT_BYTES) throw failed("het antwoord is te groot; filter het op gemeente en zet andere dimensies vast");
  return { file: url, text };
}

/**
 * The dataset checked as `nota check` checks every dataset (the same code, on the would-be file).
 * A problem with a figure is reported at its place in the source; others at the dataset.
 */
async function checkDataset(text: string, target: string, key: { gemeente: string; quarter: string; name: string }, made: Made, shown: (file: string) => string): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "nota-import-"));
  const file = join(folder, basename(target));
  const diagnostics: Diagnostic[] = [];
  try {
    await writeFile(file, text);
    await loadDataset(file, key.gemeente, key.quarter, key.name, diagnostics);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  if (diagnostics.length === 0) return;
  throw new NotaError(
    diagnostics.map((d) => {
      const place = d.field ? made.origins.get(d.field) : undefined;
      return place ? { ...d, file: made.file, line: place.line, column: place.column, field: place.field, message: `${d.message} (in ${shown(target)}, ${d.field})` } : { ...d, file: shown(target), line: undefined, column: undefined };
    }),
  );
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const usage = (message: string) => new NotaError([{ origin: "nota:gebruik", message }]);
