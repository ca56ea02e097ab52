import type { PreparedArchive } from "../../archive.ts";
import { sha256 } from "../../cache.ts";
import type { CompiledChart } from "../../charts/compile.ts";
import type { Note } from "../../content/load.ts";
import { datasetKey } from "../../content/references.ts";
import type { Dataset } from "../../data/schema.ts";
import { SITE_URL } from "../../paths.ts";
import type { WithdrawnNote } from "../../publication/plan.ts";
import { getArchive, notesOf } from "./archive.ts";
import { hasPdf } from "./publication.ts";

// Astro's incremental build re-renders a page only when its code (which Astro hashes itself), its
// MDX (idem) or its cache key changed. The pages read the prepared archive at run time, so each
// key covers everything of it that the page shows.

/** A note's page: the note, its gemeente, its datasets and charts, its series and bijlagen, and its versions or mark. */
export function notePageKey(note: Note): string {
  const archive = getArchive();
  const datasets = [...new Set(note.components.flatMap((use) => (use.attributes.data ? [datasetKey(note, use.attributes.data)] : [])))];
  const charts = datasets.flatMap((key) => chartsOf(note.gemeente, key));
  const publication = archive.publication[note.id];
  return sha256(SITE_URL, String(hasPdf(note)), siblingsKey(note.gemeente), JSON.stringify({ note, profile: archive.gemeenten[note.gemeente], datasets: datasets.map((key) => archive.datasets[key]), charts, publication }));
}

/** The page at a withdrawn note's address. */
export function withdrawnPageKey(note: WithdrawnNote): string {
  return sha256(SITE_URL, JSON.stringify({ note, profile: getArchive().gemeenten[note.gemeente] }));
}

/** A note's Woo record: the note, its gemeente, and the notes it is a bijlage of or has as bijlagen. */
export function wooRecordKey(note: Note): string {
  return sha256(SITE_URL, siblingsKey(note.gemeente), JSON.stringify({ note, profile: getArchive().gemeenten[note.gemeente] }));
}

/** A dataset's CSV or JSON download. */
export function datasetFileKey(dataset: Dataset): string {
  return sha256(JSON.stringify(dataset));
}

// Computed once per archive: every page of a gemeente needs them.
let index: { archive: PreparedArchive; siblings: Map<string, string>; charts: Map<string, CompiledChart[]> } | undefined;

function archiveIndex() {
  const archive = getArchive();
  if (index?.archive === archive) return index;
  const charts = new Map<string, CompiledChart[]>();
  for (const chart of Object.values(archive.charts)) {
    const key = `${chart.key.split("|")[0]}|${chart.datasetKey}`;
    charts.set(key, [...(charts.get(key) ?? []), chart]);
  }
  index = { archive, siblings: new Map(), charts };
  return index;
}

/** Series navigation and bijlage links read the other notes' frontmatter, never their text. */
function siblingsKey(gemeente: string): string {
  const { siblings } = archiveIndex();
  let key = siblings.get(gemeente);
  if (key === undefined) siblings.set(gemeente, (key = sha256(JSON.stringify(notesOf(gemeente).map((other) => [other.id, other.frontmatter])))));
  return key;
}

function chartsOf(gemeente: string, dataset: string): CompiledChart[] {
  return archiveIndex().charts.get(`${gemeente}|${dataset}`) ?? [];
}
