/**
 * A dataset's text as the archive writes datasets by hand: one row, one line, so a later import's
 * change shows in git as the rows that changed.
 */
export function formatDatasetJson(value: unknown): string {
  return `${format(value, "")}\n`;
}

const LINE = 160;

function format(value: unknown, indent: string): string {
  const inline = oneLine(value);
  const holdsObjects = Array.isArray(value) && value.some((v) => v !== null && typeof v === "object");
  if (value === null || typeof value !== "object" || (indent !== "" && inline.length <= LINE && !holdsObjects)) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${format(v, inner)}`).join(",\n")}\n${indent}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(",\n")}\n${indent}}`;
}

function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}
