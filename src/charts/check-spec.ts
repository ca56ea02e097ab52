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

/** The one data source a spec may name: the dataset the note binds to it. */
export const BOUND_DATA = "dataset";

/** Properties that make a chart read a file or an address, draw a picture from one, link out or replace the house style. */
const FORBIDDEN: Record<string, string> = {
  url: "een grafiek leest geen bestanden of adressen: de gegevens komen uit de dataset van de notitie",
  href: "een grafiek bevat geen links",
  datasets: "een grafiek heeft geen eigen datasets: de gegevens komen uit de dataset van de notitie",
  config: "een grafiek heeft geen eigen opmaak: de huisstijl komt uit het profiel van de gemeente",
};

/**
 * Where a spec reaches beyond its bound dataset, anywhere in its tree (every nested view,
 * transform and encoding): data other than `{"name": "dataset"}` (a URL, a file, inline
 * values, a generator such as `sequence`), pictures, links and style of its own.
 */
export function sourceProblems(spec: unknown, path: (string | number)[] = []): SchemaProblem[] {
  if (Array.isArray(spec)) return spec.flatMap((item, i) => sourceProblems(item, [...path, i]));
  if (!isObject(spec)) return [];
  const problems: SchemaProblem[] = [];
  for (const [key, value] of Object.entries(spec)) {
    const at = [...path, key];
    if (Object.hasOwn(FORBIDDEN, key)) problems.push({ path: at, message: `'${key}' is niet toegestaan: ${FORBIDDEN[key]}` });
    else if (key === "data" && !(isObject(value) && Object.keys(value).length === 1 && value.name === BOUND_DATA)) {
      problems.push({ path: at, message: `een grafiek gebruikt alleen haar eigen dataset: schrijf "data": { "name": "${BOUND_DATA}" } (geen url, values of generator)` });
    } else if (key === "mark" && (value === "image" || (isObject(value) && value.type === "image"))) {
      problems.push({ path: at, message: "het grafiektype image is niet toegestaan: een grafiek laadt geen afbeeldingen" });
    } else problems.push(...sourceProblems(value, at));
  }
  return problems;
}

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
