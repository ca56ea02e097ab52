import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { CheckedArchive } from "../archive.ts";
import { readEach } from "../concurrency.ts";
import type { Note } from "../content/load.ts";
import { datasetKey } from "../content/references.ts";
import type { Dataset } from "../data/schema.ts";
import type { Diagnostic, ErrorCode } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { formatMoment, parseMoment } from "./moment.ts";
import { placeholderProblems, type DatasetPlaceholders } from "./placeholders.ts";
import { registeredText, type NoteRegister, type RegisteredVersion } from "./register.ts";
import { changedSources, noteSources, type KnownHashes, type SourceHashes } from "./sources.ts";

/**
 * What the college released, as of a moment: the one place that decides, per note, whether it is
 * public, which version it is, and where its PDF comes from.
 *
 * - `concept`: never public, never signed; shown only in a preview, marked CONCEPT.
 * - `embargo`: released, public from `openbaarVanaf` on; before that treated like a concept.
 * - `openbaar`: public; its current version is signed once and kept in the register.
 * - `ingetrokken`: withdrawn; only a page saying when and why stays at its address.
 */
export type NoteState = "openbaar" | "concept" | "embargo" | "ingetrokken";

export interface PublicationOptions {
  /** The moment the archive is built as of: now, or `--per` for a scheduled or simulated build. */
  moment: Date;
  /** A preview (`nota build --concepten`, `nota dev`): also what is not public yet, marked, and nothing signed. */
  preview: boolean;
}

/** The band and watermark on a page and PDF that are not (yet) the published document. */
export interface Mark {
  label: string;
  text: string;
}

export interface NotePlan {
  note: Note;
  state: NoteState;
  /** The version the note's text is: 1, plus one per correction. */
  versie: number;
  /** On the site of this build (with a page, PDF, listings, feed, search, Woo record). */
  shown: boolean;
  /** Where the current version's PDF comes from: the register (published before), or printed now and signed or not. */
  pdf: "register" | "sign" | "unsigned";
  mark?: Mark;
  /** The published versions so far. */
  register?: NoteRegister;
  /** The hashes of the note's sources now. */
  sources: SourceHashes;
}

export interface PublicationPlan extends PublicationOptions {
  notes: NotePlan[];
  counts: Record<NoteState, number>;
}

const ORIGIN: ErrorCode = "nota:publicatie";

export async function planPublication(
  archive: CheckedArchive,
  registers: Map<string, NoteRegister>,
  options: PublicationOptions,
  paths: ProjectPaths,
): Promise<{ plan: PublicationPlan; diagnostics: Diagnostic[] }> {
  // Many notes use the same dataset: each is hashed and searched for placeholders once per plan.
  const datasetHashes: KnownHashes = new Map();
  const datasetPlaceholders: DatasetPlaceholders = new Map();
  const planned = await readEach(archive.notes, async (note, problems) => {
    const register = registers.get(note.id);
    const state = stateOf(note, options.moment);
    const text = await readFile(join(paths.root, note.file), "utf8");
    const sources = await noteSources(note, text, archive, paths, datasetHashes);
    const versie = 1 + (note.frontmatter.correcties?.length ?? 0);
    const used = datasetsOf(note, archive.datasets);
    if (state !== "concept") problems.push(...(await placeholderProblems(note, text, used, datasetPlaceholders)));
    const published = await versionProblems(note, text, state, versie, sources, register, paths);
    problems.push(...published.diagnostics);
    const shown = state === "openbaar" || (options.preview && state !== "ingetrokken");
    const pdf = published.reuse ? "register" : options.preview ? "unsigned" : "sign";
    return { note, state, versie, shown, pdf, mark: options.preview ? markOf(note, state, pdf) : undefined, register, sources } satisfies NotePlan;
  });
  const notes = planned.results;
  const diagnostics = planned.diagnostics;
  diagnostics.push(...orphanedRegisters(archive.notes, registers, paths));
  const counts = { openbaar: 0, concept: 0, embargo: 0, ingetrokken: 0 };
  for (const plan of notes) counts[plan.state]++;
  return { plan: { ...options, notes, counts }, diagnostics };
}

function stateOf(note: Note, moment: Date): NoteState {
  const { status, ingetrokken, openbaarVanaf } = note.frontmatter;
  if (status === "concept") return "concept";
  if (ingetrokken) return "ingetrokken";
  if (openbaarVanaf && parseMoment(openbaarVanaf)! > moment) return "embargo";
  return "openbaar";
}

function markOf(note: Note, state: NoteState, pdf: NotePlan["pdf"]): Mark | undefined {
  if (state === "concept") return { label: "CONCEPT", text: "Concept: niet vastgesteld, niet openbaar en niet ondertekend." };
  if (state === "embargo") return { label: "EMBARGO", text: `Nog niet openbaar: openbaar vanaf ${formatMoment(parseMoment(note.frontmatter.openbaarVanaf!)!)}. Niet ondertekend.` };
  if (pdf === "unsigned") return { label: "VOORVERTONING", text: "Voorvertoning: deze versie is nog niet gepubliceerd en niet ondertekend." };
  return undefined;
}

/** The datasets a note uses, each once. */
export function datasetsOf(note: Note, datasets: Map<string, Dataset>): Dataset[] {
  const keys = new Set(note.components.flatMap((use) => (use.attributes.data ? [datasetKey(note, use.attributes.data)] : [])));
  return [...keys].map((key) => datasets.get(key)).filter((d): d is Dataset => d !== undefined);
}

/**
 * The rules for a note with published versions: a published version never changes; a change is a
 * new version, declared with a correction; one new version at a time; a published note does not go
 * back to concept or under embargo. `reuse` when the current version is the latest published one.
 */
async function versionProblems(
  note: Note,
  text: string,
  state: NoteState,
  versie: number,
  sources: SourceHashes,
  register: NoteRegister | undefined,
  paths: ProjectPaths,
): Promise<{ reuse: boolean; diagnostics: Diagnostic[] }> {
  const at = (field: string) => ({ file: note.file, origin: ORIGIN, field, line: note.lines[field] });
  const latest = register?.versions.at(-1);
  const published = latest && `versie ${latest.versie} is gepubliceerd op ${formatMoment(new Date(latest.gepubliceerd))}`;
  if (!latest) {
    const diagnostics = versie > 1 && state !== "ingetrokken" ? [{ ...at("correcties"), message: `een correctie maakt versie ${versie}, maar er is nog geen versie gepubliceerd (geen ${relative(paths.root, join(paths.register, note.id))}/versies.json); haal 'correcties' weg` }] : [];
    return { reuse: false, diagnostics };
  }
  if (state === "ingetrokken") return { reuse: false, diagnostics: [] };
  if (state === "concept") return { reuse: false, diagnostics: [{ ...at("status"), message: `${published}; een gepubliceerde notitie wordt geen concept meer: corrigeer haar (correcties) of trek haar in (ingetrokken)` }] };
  if (state === "embargo") return { reuse: false, diagnostics: [{ ...at("openbaarVanaf"), message: `${published}; een embargo kan alleen vóór de eerste publicatie` }] };
  if (versie < latest.versie) return { reuse: false, diagnostics: [{ ...at("correcties"), message: `${published}, maar de notitie noemt ${versie === 1 ? "geen correcties" : `maar ${versie - 1} correctie(s)`}; een correctie blijft staan` }] };
  if (versie > latest.versie + 1) return { reuse: false, diagnostics: [{ ...at("correcties"), message: `${published}; de correcties maken versie ${versie}: voeg één correctie tegelijk toe en publiceer die eerst` }] };
  const unchanged = sameSources(latest, sources);
  if (versie === latest.versie) {
    if (unchanged) return { reuse: true, diagnostics: [] };
    return { reuse: false, diagnostics: changedSources(note, latest.versie, latest.bronnen, sources, await registeredText(paths, register!, latest), text) };
  }
  // A new version: it must change something, and is published from the build's moment on.
  if (unchanged) return { reuse: false, diagnostics: [{ ...at("correcties"), message: `de correctie voor versie ${versie} verandert niets aan de tekst, de data of de grafieken van versie ${latest.versie}` }] };
  return { reuse: false, diagnostics: [] };
}

function sameSources(version: RegisteredVersion, sources: SourceHashes): boolean {
  const keys = Object.keys(sources);
  return keys.length === Object.keys(version.bronnen).length && keys.every((key) => version.bronnen[key] === sources[key]);
}

/** A published note whose file is gone: its versions would silently leave the archive. */
function orphanedRegisters(notes: Note[], registers: Map<string, NoteRegister>, paths: ProjectPaths): Diagnostic[] {
  const ids = new Set(notes.map((n) => n.id));
  return [...registers.values()]
    .filter((register) => !ids.has(register.id) && !existsSync(join(paths.content, `${register.id}.mdx`)))
    .map((register) => ({
      file: `${register.folder}/versies.json`,
      origin: ORIGIN,
      message: `notitie ${register.id} is gepubliceerd, maar content/${register.id}.mdx bestaat niet meer; zet het bestand terug en trek de notitie in met 'ingetrokken' (datum en reden)`,
    }));
}

/** What a note's page says about its publication: its version, earlier versions, and a mark in a preview. */
export interface PagePublication {
  versie: number;
  mark?: Mark;
  /** The corrections that made versions 2, 3, …, oldest first. */
  correcties: { versie: number; datum: string; reden: string }[];
  /** The published versions before the current one, each with its own page and PDF. */
  earlier: { versie: number; gepubliceerd: string }[];
}

/** A withdrawn note: what its address still says. */
export interface WithdrawnNote {
  id: string;
  gemeente: string;
  year: string;
  slug: string;
  titel: string;
  soort: Note["frontmatter"]["soort"];
  kenmerk: string;
  datum: string;
  ingetrokken: { datum: string; reden: string };
}

export function pagePublication(plan: NotePlan): PagePublication {
  return {
    versie: plan.versie,
    mark: plan.mark,
    correcties: (plan.note.frontmatter.correcties ?? []).map((c, i) => ({ versie: i + 2, ...c })),
    earlier: (plan.register?.versions ?? []).filter((v) => v.versie < plan.versie).map((v) => ({ versie: v.versie, gepubliceerd: v.gepubliceerd })),
  };
}

export function withdrawnNote({ note }: NotePlan): WithdrawnNote {
  const { titel, soort, kenmerk, datum, ingetrokken } = note.frontmatter;
  return { id: note.id, gemeente: note.gemeente, year: note.year, slug: note.slug, titel, soort, kenmerk, datum, ingetrokken: ingetrokken! };
}
