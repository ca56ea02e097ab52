import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { PreparedArchive } from "../../archive.ts";
import { chartSpecCandidates, datasetKey } from "../../content/references.ts";
import type { Note } from "../../content/load.ts";
import { chartKey, type CompiledChart } from "../../charts/compile.ts";
import type { Dataset } from "../../data/schema.ts";
import { projectPaths } from "../../paths.ts";
import { earlierPagePath, earlierPdfPath } from "../../publication/addresses.ts";
import type { PagePublication } from "../../publication/plan.ts";

const paths = projectPaths();
const file = process.env.NOTA_ARCHIVE ?? join(paths.work, "dev", "archive.json");
let cached: { mtime: number; archive: PreparedArchive } | undefined;

/** The prepared archive written by `nota build` (re-read when it changes, for `nota dev`). */
export function getArchive(): PreparedArchive {
  const mtime = statSync(file).mtimeMs;
  if (!cached || cached.mtime !== mtime) cached = { mtime, archive: JSON.parse(readFileSync(file, "utf8")) as PreparedArchive };
  return cached.archive;
}

/** A gemeente's notes, newest first. */
export function notesOf(gemeente: string): Note[] {
  return Object.values(getArchive().notes).filter((n) => n.gemeente === gemeente);
}

export function getNote(id: string): Note {
  const note = getArchive().notes[id];
  if (!note) throw new Error(`notitie ${id} ontbreekt in het voorbereide archief`);
  return note;
}

/** What the note's page says about its publication: version, corrections, earlier versions, a preview mark. */
export function getPublication(note: Pick<Note, "id">): PagePublication {
  const publication = getArchive().publication[note.id];
  if (!publication) throw new Error(`notitie ${note.id} ontbreekt in het voorbereide archief`);
  return publication;
}

export function getDataset(note: Note, ref: string): Dataset {
  const dataset = getArchive().datasets[datasetKey(note, ref)];
  if (!dataset) throw new Error(`${note.file}: dataset ${ref} ontbreekt`);
  return dataset;
}

export function getChart(note: Note, spec: string, dataset: Dataset, title: string): CompiledChart {
  const charts = getArchive().charts;
  for (const candidate of chartSpecCandidates(note, spec, paths)) {
    const chart = charts[chartKey(note.gemeente, candidate, dataset.key, title)];
    if (chart) return chart;
  }
  throw new Error(`${note.file}: grafiek ${spec} is niet gecompileerd`);
}

export function noteUrl(note: Pick<Note, "id">): string {
  return `/${note.id}/`;
}

export function notePdfUrl(note: Pick<Note, "id">): string {
  return `/${note.id}.pdf`;
}

/** An earlier version of a corrected note: its own page and signed PDF. */
export const earlierVersionUrl = (note: Pick<Note, "id">, versie: number) => `/${earlierPagePath(note.id, versie)}`;
export const earlierVersionPdfUrl = (note: Pick<Note, "id">, versie: number) => `/${earlierPdfPath(note.id, versie)}`;

/** Stable anchor and file name for a dataset's downloads: `/data/raalte/2022-Q2/clienten.csv`. */
export function datasetUrl(dataset: Pick<Dataset, "key">, extension: "csv" | "json"): string {
  return `/data/${dataset.key}.${extension}`;
}
