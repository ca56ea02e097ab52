import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { FRONTMATTER } from "../content/load.ts";
import type { Diagnostic } from "../errors.ts";
import type { ProjectPaths } from "../paths.ts";
import { formatDay } from "../publication/moment.ts";
import { readRegister } from "../publication/register.ts";

const ORIGIN = "nota:gepubliceerd";

/**
 * Published figures are not changed in place: a dataset the latest published version of a note was
 * made from may only change when the note declares its next version (a correction in its
 * frontmatter). Returns the refusals, and the notes whose next version will show the new figures.
 */
export async function publishedUses(paths: ProjectPaths, gemeente: string, dataset: string): Promise<{ refusals: Diagnostic[]; corrected: string[] }> {
  const { registers, diagnostics } = await readRegister(paths, gemeente);
  const refusals: Diagnostic[] = [...diagnostics];
  const corrected: string[] = [];
  for (const register of registers.values()) {
    const latest = register.versions.at(-1)!;
    if (!(dataset in latest.bronnen)) continue;
    const noteFile = join("content", `${register.id}.mdx`);
    const next = await declaredVersion(join(paths.root, noteFile));
    if (next > latest.versie) {
      corrected.push(`${register.id} (versie ${next})`);
      continue;
    }
    refusals.push({
      file: dataset,
      origin: ORIGIN,
      message: `versie ${latest.versie} van ${register.id} is op ${formatDay(new Date(latest.gepubliceerd))} gepubliceerd met deze cijfers; nota import verandert ze niet. Een correctie gaat via een nieuwe versie: zet in ${noteFile} onder 'correcties' een correctie (datum en reden) voor versie ${latest.versie + 1} en importeer dan opnieuw`,
    });
  }
  return { refusals, corrected };
}

/** The version a note's text declares: one more than its number of corrections. */
async function declaredVersion(file: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(() => "");
  const match = FRONTMATTER.exec(text);
  const fields = (match ? (parse(match[1] ?? "") as { correcties?: unknown } | null) : null) ?? {};
  return (Array.isArray(fields.correcties) ? fields.correcties.length : 0) + 1;
}
