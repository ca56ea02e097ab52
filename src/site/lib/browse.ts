import { KIND_NAMES, KINDS } from "../../content/kinds.ts";
import type { Note } from "../../content/load.ts";
import { slugify } from "../../schema.ts";

/** Notes grouped year → quarter, newest first, as the archive pages list them. */
export function groupByYearAndQuarter(notes: Note[]): [string, [string, Note[]][]][] {
  const years = new Map<string, Map<string, Note[]>>();
  for (const note of notes) {
    const quarter = note.frontmatter.kwartaal;
    const year = quarter.slice(0, 4);
    const quarters = years.get(year) ?? new Map<string, Note[]>();
    quarters.set(quarter, [...(quarters.get(quarter) ?? []), note]);
    years.set(year, quarters);
  }
  return [...years]
    .sort(([a], [b]) => b.localeCompare(a))
    .map(([year, quarters]) => [year, [...quarters].sort(([a], [b]) => b.localeCompare(a))]);
}

/** A facet page's notes: all notes of one kind or one topic in a gemeente. */
export interface Facet {
  slug: string;
  label: string;
  notes: Note[];
}

/** The kinds that occur among the notes, in the order of the kinds table. */
export function kindFacets(notes: Note[]): Facet[] {
  return KIND_NAMES.map((kind) => ({ slug: kind, label: KINDS[kind].plural, notes: notes.filter((n) => n.frontmatter.soort === kind) })).filter((f) => f.notes.length > 0);
}

/** The topics of the notes, alphabetically; topics that differ only in spelling share a page. */
export function topicFacets(notes: Note[]): Facet[] {
  const facets = new Map<string, Facet>();
  for (const note of notes) {
    for (const topic of note.frontmatter.onderwerpen) {
      const slug = slugify(topic);
      const facet = facets.get(slug) ?? { slug, label: topic, notes: [] };
      if (!facet.notes.includes(note)) facet.notes.push(note);
      facets.set(slug, facet);
    }
  }
  return [...facets.values()].sort((a, b) => a.label.localeCompare(b.label, "nl"));
}

/** The notes before and after this one in its series (same gemeente and `reeks`), by date. */
export function seriesNeighbours(note: Note, notes: Note[]): { previous?: Note; next?: Note } {
  const { reeks } = note.frontmatter;
  if (!reeks) return {};
  const series = notes
    .filter((n) => n.gemeente === note.gemeente && n.frontmatter.reeks === reeks)
    .sort((a, b) => a.frontmatter.datum.localeCompare(b.frontmatter.datum) || a.id.localeCompare(b.id));
  const at = series.findIndex((n) => n.id === note.id);
  return { previous: series[at - 1], next: series[at + 1] };
}
