import { createRequire } from "node:module";
import type { SchemaProblem } from "../errors.ts";

interface VegaLiteSchema {
  definitions: {
    Mark: { enum: string[] };
    CompositeMark: { anyOf: { $ref: string }[] };
    FacetedEncoding: { properties: Record<string, unknown> };
    Type: { enum: string[] };
  };
}

const schema = createRequire(import.meta.url)("vega-lite/vega-lite-schema.json") as VegaLiteSchema;
const MARKS = [...schema.definitions.Mark.enum, ...schema.definitions.CompositeMark.anyOf.map((ref) => ref.$ref.split("/").at(-1)!.toLowerCase())];
const CHANNELS = Object.keys(schema.definitions.FacetedEncoding.properties);
const TYPES = schema.definitions.Type.enum;
const NESTED = ["layer", "concat", "hconcat", "vconcat"] as const;

/**
 * The spec mistakes Vega-Lite reports badly (an unknown mark crashes its compiler) or not at
 * all (an unknown channel is dropped with a warning): mark, encoding channel and field type,
 * each with its path in the spec, in this view and every view nested in it.
 */
export function specProblems(spec: unknown, path: (string | number)[] = []): SchemaProblem[] {
  if (!isObject(spec)) return [];
  const problems: SchemaProblem[] = [];
  const mark = isObject(spec.mark) ? spec.mark.type : spec.mark;
  if (mark !== undefined && !MARKS.includes(String(mark))) {
    problems.push({ path: [...path, "mark", ...(isObject(spec.mark) ? ["type"] : [])], message: `onbekend grafiektype (mark) '${String(mark)}'; kies uit ${MARKS.join(", ")}` });
  }
  if (isObject(spec.encoding)) {
    for (const [channel, definition] of Object.entries(spec.encoding)) {
      if (!CHANNELS.includes(channel)) {
        problems.push({ path: [...path, "encoding", channel], message: `onbekend kanaal '${channel}' in encoding; kies uit ${CHANNELS.join(", ")}` });
      } else if (isObject(definition) && definition.type !== undefined && !TYPES.includes(String(definition.type))) {
        problems.push({ path: [...path, "encoding", channel, "type"], message: `onbekend veldtype '${String(definition.type)}'; kies uit ${TYPES.join(", ")}` });
      }
    }
  }
  for (const key of NESTED) {
    const views = spec[key];
    if (Array.isArray(views)) views.forEach((view, i) => problems.push(...specProblems(view, [...path, key, i])));
  }
  problems.push(...specProblems(spec.spec, [...path, "spec"]));
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
