import type { Note } from "./load.ts";

/**
 * `data="clienten"` names a dataset in the note's own quarter; `data="2021-Q4/clienten"`
 * one in another quarter of the same gemeente.
 */
export function datasetKey(note: Pick<Note, "gemeente"> & { frontmatter: { kwartaal: string } }, ref: string): string {
  return ref.includes("/") ? `${note.gemeente}/${ref}` : `${note.gemeente}/${note.frontmatter.kwartaal}/${ref}`;
}

/** Where a chart spec may live: beside the note first, then in the shared templates. */
export function chartSpecCandidates(note: Pick<Note, "gemeente" | "year">, name: string, dirs: { content: string; templates: string }): string[] {
  return [`${dirs.content}/${note.gemeente}/${note.year}/${name}.vl.json`, `${dirs.templates}/charts/${name}.vl.json`];
}
