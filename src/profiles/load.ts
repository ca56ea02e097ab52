import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Diagnostic, ErrorCode } from "../errors.ts";
import { isDiagnostic, locate, readJson, validateJson } from "../json.ts";
import { contrastRatio } from "./contrast.ts";
import { profileSchema, profileSlug, type Profile } from "./schema.ts";

export const PROFILE_FILE = "profiel.json";
const ORIGIN: ErrorCode = "nota:profiel";

/** First path segments the site uses itself (src/site/pages, Pagefind): a gemeente folder may not take one. */
export const RESERVED_SLUGS = ["data", "zoeken", "toegankelijkheid", "pagefind", "robots", "sitemap", "afbeeldingen"];

/** Text pairs of a house style that must reach WCAG AA contrast (4.5:1). */
const TEXT_PAIRS = [
  ["tekst", "achtergrond"],
  ["opPrimair", "primair"],
  ["primair", "achtergrond"],
  ["tekst", "vlak"],
] as const;

/**
 * Loads every gemeente profile under `data/<gemeente>/profiel.json`. `gemeenten` lists every
 * gemeente folder, also those whose profile has problems: their notes and data are still checked.
 */
export async function loadProfiles(dataDir: string): Promise<{ profiles: Map<string, Profile>; gemeenten: string[]; diagnostics: Diagnostic[] }> {
  const profiles = new Map<string, Profile>();
  const gemeenten: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const entries = await readdir(dataDir, { withFileTypes: true });
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(dataDir, entry.name, PROFILE_FILE);
    if (!profileSlug.safeParse(entry.name).success) {
      diagnostics.push({ file, origin: ORIGIN, message: `mapnaam '${entry.name}' is geen geldige gemeente-slug` });
      continue;
    }
    if (RESERVED_SLUGS.includes(entry.name)) {
      diagnostics.push({ file, origin: ORIGIN, message: `mapnaam '${entry.name}' is gereserveerd voor de site zelf; kies een andere naam voor de map van de gemeente` });
      continue;
    }
    gemeenten.push(entry.name);
    const profile = await loadProfile(file, entry.name, diagnostics);
    const twin = profile && [...profiles.values()].find((other) => other.cbsCode === profile.cbsCode);
    if (twin) diagnostics.push({ file, origin: ORIGIN, field: "cbsCode", message: `CBS-code ${profile!.cbsCode} staat ook in data/${twin.slug}/${PROFILE_FILE}; elke gemeente heeft haar eigen code` });
    else if (profile) profiles.set(profile.slug, profile);
  }
  return { profiles, gemeenten, diagnostics };
}

async function loadProfile(file: string, slug: string, diagnostics: Diagnostic[]): Promise<Profile | undefined> {
  const source = await readJson(file, ORIGIN);
  if (isDiagnostic(source)) {
    diagnostics.push(source);
    return undefined;
  }
  const result = validateJson(source, profileSchema, ORIGIN);
  if ("diagnostics" in result) {
    diagnostics.push(...result.diagnostics);
    return undefined;
  }
  const colours = result.data.huisstijl.kleuren;
  for (const fg of new Set(TEXT_PAIRS.map(([fg]) => fg))) {
    const failing = TEXT_PAIRS.filter((pair) => pair[0] === fg)
      .map(([, bg]) => ({ bg, ratio: contrastRatio(colours[fg], colours[bg]) }))
      .filter(({ ratio }) => ratio < 4.5);
    if (failing.length === 0) continue;
    diagnostics.push({
      file,
      origin: "nota:contrast",
      field: `huisstijl.kleuren.${fg}`,
      ...locate(source, ["huisstijl", "kleuren", fg]),
      message: `te weinig contrast: ${failing.map(({ bg, ratio }) => `${fg} op ${bg} is ${ratio.toFixed(2).replace(".", ",")}:1`).join(", ")}; WCAG AA vraagt minstens 4,5:1`,
    });
  }
  const tooi = `https://identifier.overheid.nl/tooi/id/gemeente/${result.data.cbsCode.toLowerCase()}`;
  return { ...result.data, slug, tooi };
}
