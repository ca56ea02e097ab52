import type { Note } from "../../content/load.ts";

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
