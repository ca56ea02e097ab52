import type { z } from "zod";

/**
 * One error type for everything a user can get wrong. A diagnostic names the file, the
 * position (line:column) or field path where there is one, a message in plain Dutch, and
 * an origin code such as `nota:totals`. Stages collect diagnostics and report them together.
 */
export interface Diagnostic {
  file: string;
  message: string;
  origin: string;
  line?: number;
  column?: number;
  field?: string;
}

export class NotaError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;

  constructor(diagnostics: Diagnostic[], exitCode = 1) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "NotaError";
    this.diagnostics = diagnostics;
    this.exitCode = exitCode;
  }
}

/** Throws one NotaError carrying all diagnostics, if there are any. */
export function throwIfAny(diagnostics: Diagnostic[]): void {
  if (diagnostics.length > 0) throw new NotaError(diagnostics);
}

export function formatDiagnostic(d: Diagnostic): string {
  const position = d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : "";
  const field = d.field ? ` [${d.field}]` : "";
  return `${d.file}${position}${field}: ${d.message} (${d.origin})`;
}

/** Renders a zod-style issue path (`["besluit", "beslispunten", 0]`) as `besluit.beslispunten[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

/** A schema issue as nota reports it: the field path and a message in plain Dutch. */
export interface SchemaProblem {
  path: (string | number)[];
  message: string;
}

/** Rewords zod's issues: an unknown field is named at its own key, a missing field by name. */
export function schemaProblems(error: z.ZodError, input: unknown): SchemaProblem[] {
  return error.issues.flatMap((issue): SchemaProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const value = valueAt(input, path);
    const missing = `verplicht veld '${path.at(-1)}' ontbreekt`;
    const found = value === null || typeof value !== "object" ? ` (gevonden: ${JSON.stringify(value)})` : "";
    switch (issue.code) {
      case "unrecognized_keys":
        return issue.keys.map((key) => ({ path: [...path, key], message: `onbekend veld '${key}'` }));
      case "invalid_type":
        return [{ path, message: value === undefined ? missing : `${issue.message}${found}` }];
      case "invalid_union": {
        const options = "options" in issue && issue.options ? `verwacht één van ${issue.options.map((o) => `"${String(o)}"`).join("|")}` : "";
        return [{ path, message: options ? `${value === undefined ? missing : `ongeldige waarde${found}`}; ${options}` : issue.message }];
      }
      case "invalid_value":
      case "invalid_format":
        return [{ path, message: `${issue.message}${found}` }];
      default:
        return [{ path, message: issue.message }];
    }
  });
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined), value);
}
