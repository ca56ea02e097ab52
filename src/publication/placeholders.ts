import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { findNodeAtLocation, parseTree, type Node as JsonNode } from "jsonc-parser";
import type { Note } from "../content/load.ts";
import type { Dataset } from "../data/schema.ts";
import { fieldPath, type Diagnostic, type ErrorCode } from "../errors.ts";
import { lineColumn } from "../json.ts";

/** What `nota new` leaves to fill in (src/content/series.ts): `NOG INVULLEN`, `NOG-INVULLEN`, `nog-invullen`. */
const PLACEHOLDER = /nog[ -]invullen/i;
const ORIGIN: ErrorCode = "nota:concept";

/**
 * A note that still holds a placeholder of `nota new`, in its own text or in a dataset it uses,
 * cannot leave the status concept. One diagnostic per place, with its line and field.
 */
export async function placeholderProblems(note: Note, datasets: Dataset[], root: string): Promise<Diagnostic[]> {
  const status = note.frontmatter.status;
  const advice = `met status '${status}' wordt de notitie gepubliceerd: vul het in, of zet de status terug op concept`;
  const diagnostics: Diagnostic[] = [];
  const lines = (await readFile(join(root, note.file), "utf8")).split("\n");
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
    const text = await readFile(dataset.file, "utf8");
    const tree = parseTree(text);
    for (const path of tree ? placeholderPaths(tree) : []) {
      const node = findNodeAtLocation(tree!, path)!;
      const field = fieldPath(path);
      diagnostics.push({ file: dataset.file, ...lineColumn(text, node.offset), field, origin: ORIGIN, message: `het veld '${field}' bevat nog '${PLACEHOLDER.exec(String(node.value))![0]}' van nota new, en notitie ${note.id} (status '${status}') gebruikt deze dataset: vul de cijfers en de bron in, of zet de notitie terug op concept` });
    }
  }
  return diagnostics;
}

/** The JSON paths of string values holding a placeholder. */
function placeholderPaths(node: JsonNode, path: (string | number)[] = []): (string | number)[][] {
  if (node.type === "string") return PLACEHOLDER.test(String(node.value)) ? [path] : [];
  if (node.type === "object") return (node.children ?? []).flatMap((property) => placeholderPaths(property.children![1]!, [...path, String(property.children![0]!.value)]));
  if (node.type === "array") return (node.children ?? []).flatMap((child, i) => placeholderPaths(child, [...path, i]));
  return [];
}
