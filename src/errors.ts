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
