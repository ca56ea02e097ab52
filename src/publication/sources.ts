import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { parse } from "yaml";
import type { CheckedArchive } from "../archive.ts";
import { FRONTMATTER, type Note } from "../content/load.ts";
import { chartSpecCandidates, datasetKey } from "../content/references.ts";
import { PUBLICATION_FIELDS } from "../content/schema.ts";
import type { Diagnostic, ErrorCode } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { hashBytes } from "./register.ts";

/** Source file → the hash of its canonical form, computed once for every note that uses it. */
export type KnownHashes = Map<string, Promise<string>>;

/** Path (relative to the archive root) → SHA-256 of what a published version was made from. */
export type SourceHashes = Record<string, string>;

const ORIGIN: ErrorCode = "nota:gepubliceerd";

/**
 * The sources of a note as the register records them: its text (frontmatter without the
 * publication fields, and body), each dataset it uses and each chart spec. JSON is hashed in a
 * canonical form, so that re-indenting a file is not a change.
 */
export async function noteSources(note: Note, text: string, archive: Pick<CheckedArchive, "datasets" | "specs">, paths: ProjectPaths, known: KnownHashes): Promise<SourceHashes> {
  const hashes: SourceHashes = { [note.file]: hashBytes(comparableText(text)) };
  // `known` (shared by one plan, whose notes are read concurrently) hashes each dataset and spec once.
  const hashOnce = async (file: string, canonical: () => Promise<string>) => {
    const path = relative(paths.root, file);
    if (!known.has(path)) known.set(path, canonical().then(hashBytes));
    hashes[path] = await known.get(path)!;
  };
  for (const use of note.components) {
    const dataset = use.attributes.data && archive.datasets.get(datasetKey(note, use.attributes.data));
    if (dataset) await hashOnce(dataset.file, async () => canonicalJson(JSON.parse(await readFile(dataset.file, "utf8"))));
    if (use.name === "Grafiek" && use.attributes.grafiek) {
      const spec = chartSpecCandidates(note, use.attributes.grafiek, paths).map((file) => archive.specs.get(file)).find(Boolean);
      if (spec) await hashOnce(spec.file, async () => canonicalJson(spec.spec));
    }
  }
  return Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b)));
}

/** A note's text with the publication fields left out of its frontmatter: what a version is. */
export function comparableText(text: string): string {
  const { fields, body } = splitNote(text);
  return `${canonicalJson(fields)}\n${body}`;
}

function splitNote(text: string): { fields: Record<string, unknown>; body: string; bodyLine: number } {
  const match = FRONTMATTER.exec(text);
  if (!match) return { fields: {}, body: text, bodyLine: 1 };
  const parsed = (parse(match[1] ?? "") ?? {}) as Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(parsed).filter(([key]) => !(PUBLICATION_FIELDS as readonly string[]).includes(key)));
  return { fields, body: text.slice(match[0].length), bodyLine: match[0].split("\n").length };
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/**
 * What changed since a version was published, one diagnostic per changed source: for the note's
 * own text the frontmatter field or the first changed line of the body (when the published text
 * is kept in the register), for a dataset or chart spec its file.
 */
export function changedSources(note: Note, versie: number, recorded: SourceHashes, current: SourceHashes, publishedText: string | undefined, currentText: string): Diagnostic[] {
  const advice = `voeg onder 'correcties' een correctie toe (datum en reden) voor versie ${versie + 1}, of maak de wijziging ongedaan`;
  const diagnostics: Diagnostic[] = [];
  for (const path of [...new Set([...Object.keys(recorded), ...Object.keys(current)])].sort()) {
    if (recorded[path] === current[path]) continue;
    if (path === note.file) {
      diagnostics.push(...textChanges(note, versie, publishedText, currentText, advice));
    } else if (!(path in current)) {
      diagnostics.push({ file: note.file, origin: ORIGIN, message: `versie ${versie} van ${note.id} is gepubliceerd met ${path}, dat de notitie niet meer gebruikt; ${advice}` });
    } else {
      const what = path.endsWith(".vl.json") ? "grafiek" : "dataset";
      const was = path in recorded ? "is gewijzigd sinds" : "is nieuw sinds";
      diagnostics.push({ file: path, origin: ORIGIN, message: `${what} ${was} de publicatie van versie ${versie} van ${note.id} (${note.file}); ${advice}` });
    }
  }
  return diagnostics;
}

function textChanges(note: Note, versie: number, publishedText: string | undefined, currentText: string, advice: string): Diagnostic[] {
  const at = { file: note.file, origin: ORIGIN };
  const message = (what: string) => `${what} is gewijzigd sinds versie ${versie} werd gepubliceerd; ${advice}`;
  if (publishedText === undefined) return [{ ...at, field: "tekst", message: message("de tekst") }];
  const before = splitNote(publishedText);
  const now = splitNote(currentText);
  const diagnostics: Diagnostic[] = [];
  for (const key of [...new Set([...Object.keys(before.fields), ...Object.keys(now.fields)])]) {
    if (canonicalJson(before.fields[key]) !== canonicalJson(now.fields[key])) diagnostics.push({ ...at, field: key, line: note.lines[key], message: message(`het veld '${key}'`) });
  }
  if (before.body !== now.body) {
    const [a, b] = [before.body.split("\n"), now.body.split("\n")];
    const first = b.findIndex((line, i) => line !== a[i]);
    diagnostics.push({ ...at, field: "tekst", line: now.bodyLine + (first < 0 ? b.length : first), message: message("de tekst") });
  }
  return diagnostics.length > 0 ? diagnostics : [{ ...at, field: "tekst", message: message("de tekst") }];
}
