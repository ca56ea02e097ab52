import { readdir } from "node:fs/promises";
import { sha256 } from "../cache.ts";
import { usageError } from "../errors.ts";

// Which part of the archive a shard (`nota build --shard i/n`) builds. The assignment depends on
// the note ids alone, so every shard computes the same one from the same sources:
//
// 1. An even share is (number of notes) / n. A gemeente with more notes than that is cut into
//    parts of one share each and a remainder, its notes ordered by the SHA-256 of their ids (so a
//    new note moves at most one note per cut); a smaller gemeente stays whole, so the datasets its
//    notes share and its caches stay on one machine.
// 2. The parts, largest first (ties by name), each go to the shard with the fewest notes so far
//    (ties: the lowest number): the longest-processing-time rule, at most 4/3 of the best balance.
//
// Adding a note moves other notes only when it changes a gemeente's split or the order of the
// parts; a moved note just misses its shard's cache once.

/** Shard `index` of `count`, both from 1 as on the command line. */
export interface Shard {
  index: number;
  count: number;
}

/** `--shard 2/4` → { index: 2, count: 4 }, or a usage error. */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(text);
  const [index, count] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!match || count < 1 || index < 1 || index > count) {
    throw usageError(`'${text}' is geen deel; schrijf het als i/n met 1 ≤ i ≤ n, zoals 2/4 voor het tweede van vier delen`, "--shard");
  }
  return { index, count };
}

/** The gemeente of a note id (`<gemeente>/<jaar>/<slug>`). */
export const gemeenteOf = (id: string): string => id.split("/")[0]!;

/** Each note id (`<gemeente>/<jaar>/<slug>`) with its shard number, from 1. */
export function assignShards(ids: string[], count: number): Map<string, number> {
  const unique = [...new Set(ids)].sort();
  const byGemeente = new Map<string, string[]>();
  for (const id of unique) {
    const gemeente = gemeenteOf(id);
    byGemeente.set(gemeente, [...(byGemeente.get(gemeente) ?? []), id]);
  }
  const share = unique.length / count;
  const parts: { name: string; ids: string[] }[] = [];
  for (const [gemeente, notes] of byGemeente) {
    if (notes.length <= share) {
      parts.push({ name: gemeente, ids: notes });
      continue;
    }
    const hashed = notes.map((id) => ({ id, hash: sha256(id) })).sort((a, b) => a.hash.localeCompare(b.hash)).map((n) => n.id);
    const cut = (i: number) => Math.min(hashed.length, Math.round(i * share));
    for (let i = 0; cut(i) < hashed.length; i++) if (cut(i + 1) > cut(i)) parts.push({ name: `${gemeente}#${i}`, ids: hashed.slice(cut(i), cut(i + 1)) });
  }
  parts.sort((a, b) => b.ids.length - a.ids.length || a.name.localeCompare(b.name));
  const loads = new Array<number>(count).fill(0);
  const assignment = new Map<string, number>();
  for (const part of parts) {
    const shard = loads.indexOf(Math.min(...loads));
    loads[shard]! += part.ids.length;
    for (const id of part.ids) assignment.set(id, shard + 1);
  }
  return assignment;
}

/** The ids of the notes in the archive's `content/` folder: what the assignment is made from. */
export async function noteIds(contentDir: string): Promise<string[]> {
  const files = await readdir(contentDir, { recursive: true }).catch(() => [] as string[]);
  return files.filter((file) => file.endsWith(".mdx")).map((file) => file.replaceAll("\\", "/").replace(/\.mdx$/, ""));
}

/** The notes shard `shard` builds. */
export async function shardNotes(contentDir: string, shard: Shard): Promise<Set<string>> {
  const assignment = assignShards(await noteIds(contentDir), shard.count);
  return new Set([...assignment].filter(([, index]) => index === shard.index).map(([id]) => id));
}
