import type { z } from "zod";
import { ERRORS, EXIT_CLASSES, type ErrorCode } from "./error-catalogue.ts";

export type { ErrorCode };

/**
 * One error type for everything a user can get wrong. A diagnostic names the file, the
 * position (line:column) or field path where there is one, a message in plain Dutch, and
 * a code from the catalogue (src/error-catalogue.ts) such as `nota:totalen`. Stages collect
 * diagnostics and report them together.
 */
export interface Diagnostic {
  file?: string;
  message: string;
  origin: ErrorCode;
  line?: number;
  column?: number;
  field?: string;
}

/** A failure the user can fix; its exit code is the highest class among its codes. */
export class NotaError extends Error {
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;

  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "NotaError";
    this.diagnostics = diagnostics;
    this.exitCode = Math.max(EXIT_CLASSES.invoer.code, ...diagnostics.map((d) => EXIT_CLASSES[ERRORS[d.origin].exit].code));
  }
}

/** Throws one NotaError carrying all diagnostics, if there are any. */
export function throwIfAny(diagnostics: Diagnostic[]): void {
  if (diagnostics.length > 0) throw new NotaError(diagnostics);
}

/** Wrong command-line usage: what is wrong, and with which option where there is one. */
export function usageError(message: string, option?: string): NotaError {
  return new NotaError([{ origin: "nota:gebruik", field: option, message }]);
}

/** `file:line:column [field]: message (code)`, leaving out what the diagnostic does not have. */
export function formatDiagnostic(d: Diagnostic): string {
  const position = d.file && d.line ? `:${d.line}${d.column ? `:${d.column}` : ""}` : "";
  const place = [d.file && `${d.file}${position}`, d.field && `[${d.field}]`].filter(Boolean).join(" ");
  return `${place ? `${place}: ` : ""}${d.message} (${d.origin})`;
}

/**
 * What every command prints for a NotaError: a line per problem, then once per code how to
 * fix it. `command` names who reports (`nota`, `nota dev`).
 */
export function formatReport(diagnostics: Diagnostic[], command = "nota"): string {
  const count = `${diagnostics.length} ${diagnostics.length === 1 ? "probleem" : "problemen"}`;
  const codes = [...new Set(diagnostics.map((d) => d.origin))];
  return [
    `${command}: ${count} gevonden:`,
    ...diagnostics.map((d) => `  ${formatDiagnostic(d)}`),
    "Wat te doen (uitleg per code in docs/foutmeldingen.md):",
    ...codes.map((code) => `  ${code}: ${ERRORS[code].hint}`),
  ].join("\n") + "\n";
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
