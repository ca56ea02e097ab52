import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import type { z } from "zod";
import { fieldPath, schemaProblems, type Diagnostic, type ErrorCode } from "./errors.ts";
import { readSourceText } from "./files.ts";

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

/** Deeper than any dataset, profile or chart spec needs; deeper still would overflow the parser's stack. */
const MAX_NESTING = 64;

/** Reads and parses strict JSON; a syntax error becomes a diagnostic with line and column. */
export async function readJson(file: string, origin: ErrorCode, limit?: number): Promise<JsonSource | Diagnostic> {
  const read = await readSourceText(file, limit);
  if ("problem" in read) return { file, origin, message: read.problem };
  const { text } = read;
  const tooDeep = offsetBeyondNesting(text);
  if (tooDeep !== undefined) return { file, origin, ...lineColumn(text, tooDeep), message: `JSON te diep genest (meer dan ${MAX_NESTING} niveaus)` };
  // Node's own parser first: for 2,237 datasets 18 ms, against 83 ms with the parser that can say where an error is.
  const value = parseOrUndefined(text);
  if (value !== undefined) return { file, text, value };
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  const at = lineColumn(text, first?.offset ?? 0);
  const reason = first ? printParseErrorCode(first.error) : text.trim() === "" ? "leeg bestand" : "ongeldig teken";
  return { file, origin, ...at, message: `ongeldige JSON (${reason})` };
}

/** The value of strict JSON text, or undefined when it is not strict JSON. */
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where the nesting of objects and arrays first passes MAX_NESTING, outside strings. */
function offsetBeyondNesting(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (++depth > MAX_NESTING) return i;
    } else if (c === "}" || c === "]") depth--;
  }
  return undefined;
}

export function isDiagnostic(value: JsonSource | Diagnostic): value is Diagnostic {
  return "message" in value;
}

/** Validates a JSON source against a schema; each issue names the field and its line. */
export function validateJson<T extends z.ZodType>(
  source: JsonSource,
  schema: T,
  origin: ErrorCode,
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
