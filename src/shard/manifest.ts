import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256 } from "../cache.ts";
import type { Diagnostic } from "../errors.ts";
import { PACKAGE_ROOT } from "../paths.ts";
import type { PublicationPlan } from "../publication/plan.ts";
import type { Profile } from "../profiles/schema.ts";
import { z } from "../schema.ts";

// What a shard says about its output, in `nota-deel.json` beside its pages, so that `nota merge`
// can tell whether shard outputs belong to one archive. The file is not published.

export const PART_MANIFEST = "nota-deel.json";

const manifestSchema = z
  .object({
    nota: z.string(),
    deel: z.number().int().min(1),
    delen: z.number().int().min(1),
    siteUrl: z.string(),
    /** The moment of a build as of `--per`, ISO 8601; null for a build as of now. */
    per: z.string().nullable(),
    voorvertoning: z.boolean(),
    /** A digest of every note's sources and publication state, and the profiles: equal for shards of one archive at one moment. */
    bronnen: z.string(),
    /** The notes whose pages this shard rendered. */
    notities: z.array(z.string()),
    /** The register files this shard wrote (versions it signed), relative to the archive root. */
    register: z.array(z.string()),
  })
  .strict();

export type PartManifest = z.output<typeof manifestSchema>;

/** nota's version: shards made by different versions may render the same page differently. */
export async function notaVersion(): Promise<string> {
  return (JSON.parse(await readFile(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** What every shard of one archive, built at one moment, sees alike. */
export function sourcesDigest(plan: PublicationPlan, gemeenten: Map<string, Profile>): string {
  const notes = plan.notes.map((p) => [p.note.id, p.state, p.versie, p.sources]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return sha256(JSON.stringify({ notes, gemeenten: [...gemeenten.values()] }));
}

export const writeManifest = (dir: string, manifest: PartManifest) => writeFile(join(dir, PART_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);

/** A shard output's manifest, or why the folder is not one. */
export async function readManifest(dir: string): Promise<PartManifest | Diagnostic> {
  const file = join(dir, PART_MANIFEST);
  const text = await readFile(file, "utf8").catch(() => undefined);
  if (text === undefined) return { file: dir, origin: "nota:delen", message: `geen deel van een archief: ${PART_MANIFEST} ontbreekt; bouw het deel met nota build --shard i/n` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const result = manifestSchema.safeParse(value);
  if (!result.success) return { file, origin: "nota:delen", message: `onleesbaar (${z.prettifyError(result.error).replaceAll("\n", " ")}); bouw het deel opnieuw met deze versie van nota` };
  return result.data;
}
