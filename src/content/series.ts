import { applyEdits, findNodeAtLocation, modify, parseTree } from "jsonc-parser";
import { Document, isScalar, parseDocument } from "yaml";
import type { Profile } from "../profiles/schema.ts";
import { KINDS, type Kind } from "./kinds.ts";
import { PUBLICATION_FIELDS } from "./schema.ts";

/** What the griffie still has to fill in; `nota new` leaves it wherever it cannot know the answer. */
export const TODO = "NOG INVULLEN";
export const TODO_KENMERK = "NOG-INVULLEN";
const ORDINALS = ["eerste", "tweede", "derde", "vierde"];
const LAST_DAYS = ["03-31", "06-30", "09-30", "12-31"];
const YAML_OUT = { lineWidth: 0, flowCollectionPadding: false };

export interface Quarter {
  year: string;
  /** 1 to 4 */
  q: number;
}

export const parseQuarter = (id: string): Quarter => ({ year: id.slice(0, 4), q: Number(id.slice(6)) });
export const quarterEnd = ({ year, q }: Quarter) => `${year}-${LAST_DAYS[q - 1]}`;

/** Replaces the old quarter where a title names it: `2022-Q2`, `Q2 2022`, `tweede kwartaal 2022`, `2e kwartaal 2022`. */
export function nextTitle(title: string, from: Quarter, to: Quarter): string {
  const capital = (word: string, like: string) => (like[0] === like[0]!.toUpperCase() ? word[0]!.toUpperCase() + word.slice(1) : word);
  return title
    .replaceAll(`${from.year}-Q${from.q}`, `${to.year}-Q${to.q}`)
    .replaceAll(`Q${from.q} ${from.year}`, `Q${to.q} ${to.year}`)
    .replace(new RegExp(`\\b(${ORDINALS[from.q - 1]}|${from.q}e) kwartaal( van)? ${from.year}\\b`, "gi"), (_match, ordinal: string, van = "") =>
      `${/^\d/.test(ordinal) ? `${to.q}e` : capital(ORDINALS[to.q - 1]!, ordinal)} kwartaal${van} ${to.year}`,
    );
}

/** The slug of the next note: `…-2022-q2` → `…-2022-q3`, `memo-q2` → `memo-q3`, else the quarter appended. */
export function nextSlug(slug: string, from: Quarter, to: Quarter): string {
  const parts = slug.split("-");
  const year = parts.indexOf(from.year);
  const quarter = parts.indexOf(`q${from.q}`);
  if (year >= 0 && quarter === year + 1) parts.splice(year, 2, to.year, `q${to.q}`);
  else if (quarter >= 0) parts[quarter] = `q${to.q}`;
  else if (year >= 0) parts.splice(year, 1, to.year, `q${to.q}`);
  else parts.push(to.year, `q${to.q}`);
  return parts.join("-");
}

/** The frontmatter of the previous note, moved to the new quarter as a concept without a decision, embargo, corrections or withdrawal. */
export function nextFrontmatter(yaml: string, fields: { titel: string; datum: string; kwartaal: string }): string {
  const document = parseDocument(yaml);
  const set = (key: string, value: string) => {
    const node = document.get(key, true);
    if (isScalar(node)) node.value = value;
    else document.set(key, value);
  };
  for (const [key, value] of Object.entries({ ...fields, kenmerk: TODO_KENMERK, status: "concept" })) set(key, value);
  for (const key of ["besluit", ...PUBLICATION_FIELDS]) document.delete(key);
  return document.toString(YAML_OUT);
}

/** A dataset copied to the next quarter, marked as example figures until the griffie replaces them. */
export function nextDataset(json: string, from: Quarter, to: Quarter): string {
  const tree = parseTree(json);
  const field = (key: string): unknown => (tree ? findNodeAtLocation(tree, [key])?.value : undefined);
  const bron = field("bron");
  const titel = field("titel");
  const fields = {
    ...(typeof titel === "string" ? { titel: nextTitle(titel, from, to) } : {}),
    bron: `${TODO}: cijfers van ${from.year}-Q${from.q}, vervang ze door die van ${to.year}-Q${to.q}${typeof bron === "string" ? `; vorige bron: ${bron}` : ""}`,
    voorbeelddata: true,
    // The copy was not read from any source; `nota import` records where the new figures come from.
    herkomst: undefined,
  };
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2 }, getInsertionIndex: (keys: string[]) => Math.min(keys.length, keys.indexOf("eenheid") + 1 || 2) };
  return Object.entries(fields).reduce((text, [key, value]) => applyEdits(text, modify(text, [key], value, options)), json);
}

/** A first note of its kind, for a gemeente without an earlier one: passes `nota check` and says what to fill in. */
export function skeletonNote(kind: Kind, quarter: Quarter, profile: Pick<Profile, "raad">, bij?: string): string {
  const todo = `${TODO}.`;
  const extra: Record<Kind, Record<string, unknown>> = {
    memo: { aan: `de ${profile.raad}`, kernboodschap: todo },
    informatienota: { aan: `de ${profile.raad}`, samenvatting: todo, paragrafen: { consequenties: todo, communicatie: todo, vervolg: todo } },
    raadsinformatiebrief: { aan: `de ${profile.raad}`, samenvatting: todo },
    bijlage: { bij },
    presentatie: { aan: `de ${profile.raad}`, samenvatting: todo },
  };
  const frontmatter = new Document({
    soort: kind,
    titel: `${KINDS[kind].label} ${ORDINALS[quarter.q - 1]} kwartaal ${quarter.year}`,
    datum: quarterEnd(quarter),
    kwartaal: `${quarter.year}-Q${quarter.q}`,
    onderwerpen: ["nog-invullen"],
    kenmerk: TODO_KENMERK,
    portefeuillehouder: TODO,
    status: "concept",
    ...extra[kind],
  });
  return `---\n${frontmatter.toString(YAML_OUT)}---\n\n## Aanleiding\n\n${todo}\n`;
}
