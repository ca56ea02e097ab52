import { sha256 } from "../../cache.ts";
import type { Note } from "../../content/load.ts";
import { datasetKey } from "../../content/references.ts";
import type { WithdrawnNote } from "../../publication/plan.ts";
import type { Site } from "./site-model.ts";

// Astro's incremental build re-renders a page only when its code (which Astro hashes itself), its
// MDX (idem) or its cache key changed. The pages read the site input at run time, so each key
// covers everything of it that the page shows.

/** A note's page: the note, its gemeente, its datasets and charts, its series and bijlagen, and its versions or mark. */
export function notePageKey(site: Site, note: Note): string {
  const datasets = [...new Set(note.components.flatMap((use) => (use.attributes.data ? [datasetKey(note, use.attributes.data)] : [])))];
  const { input } = site;
  return sha256(
    input.siteUrl,
    String(site.hasPdf(note)),
    siblingsKey(site, note.gemeente),
    JSON.stringify({ note, profile: input.gemeenten.get(note.gemeente), datasets: datasets.map((key) => input.datasets.get(key)), charts: site.chartsOf(note), publication: input.publication.get(note.id) }),
  );
}

/** The page at a withdrawn note's address. */
export function withdrawnPageKey(site: Site, note: WithdrawnNote): string {
  return sha256(site.input.siteUrl, JSON.stringify({ note, profile: site.input.gemeenten.get(note.gemeente) }));
}

/** A note's Woo record: the note, its gemeente, and the notes it is a bijlage of or has as bijlagen. */
export function wooRecordKey(site: Site, note: Note): string {
  return sha256(site.input.siteUrl, siblingsKey(site, note.gemeente), JSON.stringify({ note, profile: site.input.gemeenten.get(note.gemeente) }));
}

/**
 * What a note's page and Woo record read of the other notes of its gemeente: series navigation
 * (components/SeriesNav.astro: series, date, title), the link to the main note of a bijlage and the
 * Woo relations (title, `bij`). Only these fields: a correction to one note re-renders that note,
 * not its whole gemeente.
 */
function siblingsKey(site: Site, gemeente: string): string {
  return site.once(`siblings:${gemeente}`, () => sha256(JSON.stringify(site.notesOf(gemeente).map(({ id, frontmatter: { titel, datum, reeks, bij } }) => [id, titel, datum, reeks, bij]))));
}
