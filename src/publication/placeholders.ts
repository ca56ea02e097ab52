import { readFile } from "node:fs/promises";
import { findNodeAtLocation, parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Note } from "../content/load.ts";
import type { Dataset } from "../data/schema.ts";
import { fieldPath, type Diagnostic, type ErrorCode } from "../errors.ts";
import { lineColumn } from "../json.ts";

/** What `nota new` leaves to fill in (src/content/series.ts): `NOG INVULLEN`, `NOG-INVULLEN`, `nog-invullen`. */
const PLACEHOLDER = /nog[ -]invullen/i;
const ORIGIN: ErrorCode = "nota:concept";

/** A placeholder in a dataset file: where, and the text found. */
interface Placeholder {
  field: string;
  line: number;
  column: number;
  found: string;
}

/** Dataset file → its placeholders, found once however many notes use it. */
export type DatasetPlaceholders = Map<string, Promise<Placeholder[]>>;

/**
 * A note that still holds a placeholder of `nota new`, in its own text or in a dataset it uses,
 * cannot leave the status concept. One diagnostic per place, with its line and field.
 */
export async function placeholderProblems(note: Note, text: string, datasets: Dataset[], known: DatasetPlaceholders): Promise<Diagnostic[]> {
  const status = note.frontmatter.status;
  const advice = `met status '${status}' wordt de notitie gepubliceerd: vul het in, of zet de status terug op concept`;
  const diagnostics: Diagnostic[] = [];
  const lines = text.split("\n");
  const fieldAt = (line: number) => Object.entries(note.lines).filter(([, at]) => at <= line).sort(([, a], [, b]) => b - a)[0]?.[0];
  const bodyStart = lines.indexOf("---", 1) + 2;
  lines.forEach((text, i) => {
    const match = PLACEHOLDER.exec(text);
    if (!match) return;
    const line = i + 1;
    const field = line < bodyStart ? fieldAt(line) : "tekst";
    diagnostics.push({ file: note.file, line, column: match.index + 1, field, origin: ORIGIN, message: `${field === "tekst" ? "de tekst" : `het veld '${field}'`} bevat nog '${match[0]}' van nota new; ${advice}` });
  });
  for (const dataset of datasets) {
    if (!known.has(dataset.file)) known.set(dataset.file, datasetPlaceholders(dataset.file));
    for (const { field, line, column, found } of await known.get(dataset.file)!) {
      diagnostics.push({ file: dataset.file, line, column, field, origin: ORIGIN, message: `het veld '${field}' bevat nog '${found}' van nota new, en notitie ${note.id} (status '${status}') gebruikt deze dataset: vul de cijfers en de bron in, of zet de notitie terug op concept` });
    }
  }
  return diagnostics;
}

async function datasetPlaceholders(file: string): Promise<Placeholder[]> {
  const text = await readFile(file, "utf8");
  // Most datasets hold none: no need to parse them into a tree.
  const tree = PLACEHOLDER.test(text) ? parseTree(text) : undefined;
  return (tree ? placeholderPaths(tree) : []).map((path) => {
    const node = findNodeAtLocation(tree!, path)!;
    return { field: fieldPath(path), ...lineColumn(text, node.offset), found: PLACEHOLDER.exec(String(node.value))![0] };
  });
}

/** The JSON paths of string values holding a placeholder. */
function placeholderPaths(node: JsonNode, path: (string | number)[] = []): (string | number)[][] {
  if (node.type === "string") return PLACEHOLDER.test(String(node.value)) ? [path] : [];
  if (node.type === "object") return (node.children ?? []).flatMap((property) => placeholderPaths(property.children![1]!, [...path, String(property.children![0]!.value)]));
  if (node.type === "array") return (node.children ?? []).flatMap((child, i) => placeholderPaths(child, [...path, i]));
  return [];
}
