import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { isMap, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import { readEach } from "../concurrency.ts";
import { fieldPath, schemaProblems, type Diagnostic, type ErrorCode } from "../errors.ts";
import { readSource } from "../files.ts";
import { SLUG_PATTERN } from "../schema.ts";
import { scanMdx, type ComponentUse, type ImageUse } from "./mdx-scan.ts";
import { frontmatterSchema, type Frontmatter } from "./schema.ts";
import { slideProblems } from "./slides.ts";

/** A note read from `content/<gemeente>/<year>/<slug>.mdx`, validated, not yet rendered. */
export interface Note {
  /** `<gemeente>/<year>/<slug>`: also the note's URL path and PDF path. */
  id: string;
  gemeente: string;
  year: string;
  slug: string;
  file: string;
  frontmatter: Frontmatter;
  /** The file line of each frontmatter field, for messages about it. */
  lines: Record<string, number>;
  body: string;
  components: ComponentUse[];
  images: ImageUse[];
  /** The `##` headings that open the body's sections (in a presentatie: its slides after the title slide). */
  sections: { title: string; line: number }[];
}

const ORIGIN: ErrorCode = "nota:frontmatter";
export const FRONTMATTER = /^---\r?\n(?:([\s\S]*?)\r?\n)?---\r?\n?/;

/** The YAML mistakes authors make most, in Dutch; other errors keep the parser's wording. */
const YAML_ERRORS: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: "een waarde met een dubbele punt (:) moet tussen aanhalingstekens staan",
  MISSING_CHAR: "een afsluitend aanhalingsteken of haakje ontbreekt, op deze regel of ervoor",
  BAD_INDENT: "verkeerd ingesprongen, of een afsluitend haakje ontbreekt op de regel ervoor",
  DUPLICATE_KEY: "dit veld staat twee keer in de frontmatter",
  TAB_AS_INDENT: "spring in met spaties, niet met tabs",
};

/**
 * Finds every note under `content/`, for the gemeenten that have a profile. With a cache, a note
 * whose text and place are unchanged since it last passed its checks is taken from there.
 */
export async function loadNotes(contentDir: string, gemeenten: ReadonlySet<string>, root: string, cache?: BuildCache): Promise<{ notes: Note[]; diagnostics: Diagnostic[] }> {
  // An archive without content/ simply has no notes yet.
  const entries = await readdir(contentDir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const files = entries.filter((f) => f.endsWith(".mdx")).sort();
  const fingerprint = cache && (await codeFingerprint(import.meta.url));
  const { results, diagnostics } = await readEach(files, loadNote);
  return { notes: results.filter((note) => note !== undefined), diagnostics };

  async function loadNote(path: string, problems: Diagnostic[]): Promise<Note | undefined> {
    const file = relative(root, join(contentDir, path));
    const parts = path.split(/[\\/]/);
    const [gemeente, year, name] = parts;
    if (parts.length !== 3 || !gemeente || !year || !name || !/^\d{4}$/.test(year)) {
      problems.push({ file, origin: "nota:pad", message: "een notitie staat in content/<gemeente>/<jaar>/<slug>.mdx" });
      return undefined;
    }
    if (!gemeenten.has(gemeente)) {
      problems.push({ file, origin: "nota:gemeente", message: `onbekende gemeente '${gemeente}': er is geen data/${gemeente}/profiel.json` });
      return undefined;
    }
    const slug = name.replace(/\.mdx$/, "");
    if (!SLUG_PATTERN.test(slug)) {
      problems.push({ file, origin: "nota:pad", message: `bestandsnaam '${slug}' mag alleen kleine letters, cijfers en streepjes bevatten` });
      return undefined;
    }
    const text = await readSource(join(contentDir, path), root, problems, "nota:pad");
    if (text === undefined) return undefined;
    const key = fingerprint && sha256("notitie", fingerprint, file, text);
    const kept = key && (await cache!.get(key));
    if (kept) return JSON.parse(kept.toString("utf8")) as Note;
    const note = parseNote(text, file, { gemeente, year, slug }, problems);
    // Only a note without problems is kept: one with problems is reported again next time.
    if (note && key) await cache!.put(key, Buffer.from(JSON.stringify(note)));
    return note;
  }
}

export function parseNote(text: string, file: string, place: { gemeente: string; year: string; slug: string }, diagnostics: Diagnostic[]): Note | undefined {
  const match = FRONTMATTER.exec(text);
  if (!match) {
    diagnostics.push({ file, origin: ORIGIN, line: 1, message: "de notitie begint niet met frontmatter tussen ---" });
    return undefined;
  }
  const yamlText = match[1] ?? "";
  const lineCounter = new LineCounter();
  const document = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const pos = lineCounter.linePos(error.pos[0]);
      diagnostics.push({ file, origin: ORIGIN, line: pos.line + 1, column: pos.col, message: `ongeldige YAML: ${YAML_ERRORS[error.code] ?? error.message.split("\n")[0]}` });
    }
    return undefined;
  }
  let input: unknown;
  try {
    // yaml refuses documents with excessive aliases (a "billion laughs" bomb) here.
    input = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    diagnostics.push({ file, origin: ORIGIN, line: 2, message: `ongeldige YAML: ${/alias/i.test(String(error)) ? "te veel verwijzingen (aliassen) in de frontmatter" : (error as Error).message}` });
    return undefined;
  }
  if (input === null || input === undefined) {
    diagnostics.push({ file, origin: ORIGIN, line: 1, message: "de frontmatter tussen --- is leeg; een notitie begint met soort, titel, datum, kwartaal en de andere velden" });
    return undefined;
  }
  const result = frontmatterSchema.safeParse(input);
  const bodyOffset = match[0].split("\n").length - 1;
  const body = text.slice(match[0].length);
  const scan = scanMdx(body, file, bodyOffset);
  diagnostics.push(...scan.diagnostics);
  if (!result.success) {
    for (const { path, message } of schemaProblems(result.error, input)) {
      diagnostics.push({ file, origin: ORIGIN, field: fieldPath(path), line: yamlLine(document.contents, path, lineCounter), message });
    }
    return undefined;
  }
  if (result.data.datum.slice(0, 4) !== place.year) {
    diagnostics.push({ file, origin: ORIGIN, field: "datum", line: yamlLine(document.contents, ["datum"], lineCounter), message: `de datum ${result.data.datum} hoort niet in de map ${place.year}` });
    return undefined;
  }
  const slides = slideProblems(result.data.soort, scan.outline, scan.uses, file);
  diagnostics.push(...slides);
  if (scan.diagnostics.length + slides.length > 0) return undefined;
  const sections = scan.outline.headings.filter((h) => h.depth === 2).map(({ title, line }) => ({ title, line }));
  const lines = Object.fromEntries(Object.keys(result.data).map((key) => [key, yamlLine(document.contents, [key], lineCounter)]));
  return { id: `${place.gemeente}/${place.year}/${place.slug}`, ...place, file, frontmatter: result.data, lines, body, components: scan.uses, images: scan.images, sections };
}

/** The 1-based file line of a frontmatter field (the line after the opening `---` is 2). */
function yamlLine(contents: unknown, path: (string | number)[], lineCounter: LineCounter): number {
  let node = contents as YamlNode | null;
  let line = 2;
  for (const key of path) {
    if (!node || !("items" in node)) break;
    const pair = isMap(node) ? node.items.find((item) => (item.key as { value?: unknown })?.value === key) : undefined;
    const child: YamlNode | null = pair ? ((pair.value ?? pair.key) as YamlNode) : typeof key === "number" ? ((node.items as YamlNode[])[key] ?? null) : null;
    if (!child?.range) break;
    line = lineCounter.linePos(child.range[0]).line + 1;
    node = child;
  }
  return line;
}
