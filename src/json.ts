import { readFile } from "node:fs/promises";
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { z } from "zod";
import { fieldPath, schemaProblems, type Diagnostic } from "./errors.ts";

/** A JSON file with what is needed to point at a field: its text and syntax tree. */
export interface JsonSource {
  file: string;
  text: string;
  value: unknown;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Reads and parses strict JSON; a syntax error becomes a diagnostic with line and column. */
export async function readJson(file: string, origin: string): Promise<JsonSource | Diagnostic> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { file, origin, message: "bestand niet gevonden of niet leesbaar" };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const at = lineColumn(text, first?.offset ?? 0);
    const reason = first ? printParseErrorCode(first.error) : "leeg bestand";
    return { file, origin, ...at, message: `ongeldige JSON (${reason})` };
  }
  return { file, text, value: JSON.parse(text) };
}

export function isDiagnostic(value: JsonSource | Diagnostic): value is Diagnostic {
  return "message" in value;
}

/** Validates a JSON source against a schema; each issue names the field and its line. */
export function validateJson<T extends z.ZodType>(
  source: JsonSource,
  schema: T,
  origin: string,
): { data: z.output<T> } | { diagnostics: Diagnostic[] } {
  const result = schema.safeParse(source.value);
  if (result.success) return { data: result.data };
  const diagnostics = schemaProblems(result.error, source.value).map(
    ({ path, message }): Diagnostic => ({ file: source.file, origin, field: fieldPath(path) || undefined, message, ...locate(source, path) }),
  );
  return { diagnostics };
}

/** Line and column of a field, or of its nearest enclosing value when the field is missing. */
export function locate(source: Pick<JsonSource, "text">, path: readonly (string | number)[]): { line?: number; column?: number } {
  const tree = parseTree(source.text);
  for (let depth = path.length; tree && depth >= 0; depth--) {
    const node = findNodeAtLocation(tree, path.slice(0, depth));
    if (node) return lineColumn(source.text, node.offset);
  }
  return {};
}
