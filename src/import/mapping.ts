import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { unit } from "../data/schema.ts";
import { fieldPath, schemaProblems, type Diagnostic } from "../errors.ts";
import { readSourceText } from "../files.ts";
import { isoDate, QUARTER_PATTERN, slug, z } from "../schema.ts";

/**
 * The mapping file beside a dataset, `data/<gemeente>/<kwartaal>/<naam>.import.yaml`: how to read
 * a source (CSV, XLSX or a CBS StatLine response) and what dataset to make of it. It is data, like
 * the dataset: the same mapping imports next quarter's export in one command.
 */
export const MAPPING_SUFFIX = ".import.yaml";
const ORIGIN = "nota:import";

const text = z.string().min(1);

/** The fields of the dataset the mapping makes; the figures come from the source. */
const datasetFields = {
  titel: text,
  eenheid: unit,
  bron: text.optional(),
  voorbeelddata: z.boolean().default(false),
  peildatum: isoDate.optional(),
};

const csv = z
  .object({
    soort: z.literal("csv"),
    /** `;` as Dutch Excel writes it; `,` or a tab as other tools do. */
    scheidingsteken: z.enum([";", ",", "\t", "|"]).default(";"),
    /** The decimal sign; by default a comma with `;` and a point otherwise. */
    decimaalteken: z.enum([",", "."]).optional(),
    /** The line of the header (the first, if there are more), for exports that start with a title. */
    kopregel: z.number().int().min(1).default(1),
    koprijen: z.number().int().min(1).max(3).default(1),
  })
  .strict();

const xlsx = z
  .object({
    soort: z.literal("xlsx"),
    blad: text,
    /** `A3:D20`, or `A3:D` up to the last filled row; by default the whole sheet. The first row(s) are the header. */
    bereik: z.string().regex(/^[A-Z]{1,3}[1-9]\d*:[A-Z]{1,3}([1-9]\d*)?$/, { error: "verwacht een bereik als A3:D20 of A3:D" }).optional(),
    koprijen: z.number().int().min(1).max(3).default(1),
  })
  .strict();

const cbs = z
  .object({
    soort: z.literal("cbs"),
    /** The StatLine table, e.g. `84134NED`; checked against the response. */
    tabel: z.string().regex(/^[0-9A-Z]{5,12}$/, { error: "verwacht een CBS-tabelnummer als 84134NED" }),
    /** Where `--online` fetches it: the table's OData v3 or v4 address at CBS. */
    url: z.url({ protocol: /^https$/, hostname: /(^|\.)cbs\.nl$/, error: "verwacht het https-adres van de tabel bij het CBS (…cbs.nl)" }).optional(),
    regio: text.default("RegioS"),
    periode: text.default("Perioden"),
    /** Other dimensions held at one code, e.g. `{ Geslacht: "T001038" }`. */
    vast: z.record(z.string(), text).default({}),
  })
  .strict();

const column = z
  .object({
    /** The column's header in the source; with several header rows the parts joined by ` / `. */
    kop: text,
    soort: z.enum(["getal", "tekst", "datum", "gemeente"]).default("getal"),
    id: slug.optional(),
    label: text.optional(),
    /** For a date column: write its year and month as two numeric columns with these ids. */
    jaar: slug.optional(),
    maand: slug.optional(),
  })
  .strict()
  .refine((c) => c.id || c.soort === "gemeente" || (c.soort === "datum" && (c.jaar || c.maand)), { error: "geef een 'id': de naam van de kolom in de dataset", path: ["id"] });

/** x, y and reeks name columns the mapping makes. */
const namesColumns = (fields: ("x" | "y" | "reeks")[], ids: (mapping: { kolommen: object[] }) => (string | undefined)[]) => (mapping: { dataset: Partial<Record<"x" | "y" | "reeks", string>>; kolommen: object[] }, ctx: z.RefinementCtx) => {
  const made = new Set(ids(mapping));
  for (const field of fields) {
    const name = mapping.dataset[field];
    if (name !== undefined && !made.has(name)) ctx.addIssue({ code: "custom", path: ["dataset", field], message: `'${name}' is geen id uit 'kolommen' (${[...made].filter(Boolean).join(", ")})` });
  }
};

const timeSeries = z
  .object({
    dataset: z.object({ type: z.literal("tijdreeks"), ...datasetFields, x: text, y: text, reeks: text.optional() }).strict(),
    lezen: z.discriminatedUnion("soort", [csv, xlsx]),
    kolommen: z.array(column).min(1),
  })
  .strict()
  .superRefine(namesColumns(["x", "y", "reeks"], (m) => (m.kolommen as z.output<typeof column>[]).flatMap((c) => [c.id, c.jaar, c.maand])));

const cbsSeries = z
  .object({
    dataset: z.object({ type: z.literal("tijdreeks"), ...datasetFields, y: text, reeks: z.undefined().optional() }).strict(),
    lezen: cbs,
    /** Each topic (v3 key such as `JongerenMetJeugdhulp_1`, v4 measure code such as `M001534`) as a column. */
    kolommen: z.array(z.object({ cbs: text, id: slug, label: text.optional() }).strict()).min(1),
  })
  .strict()
  .superRefine(namesColumns(["y"], (m) => (m.kolommen as { id: string }[]).map((c) => c.id)));

const table = z
  .object({
    dataset: z.object({ type: z.literal("tabel"), ...datasetFields }).strict(),
    lezen: z.discriminatedUnion("soort", [csv, xlsx]),
    /** The header of the column with the row labels. */
    labelkolom: text,
    kolommen: z.array(z.object({ kop: text, id: slug, label: text.optional(), verschil: z.tuple([text, text]).optional() }).strict()).min(1),
    groepen: z.array(z.object({ kop: text.optional(), soort: z.enum(["baten", "lasten"]).default("lasten"), totaal: text.optional() }).strict()).min(1),
    saldo: z.object({ label: text, van: text, min: text }).strict().optional(),
  })
  .strict();

const keyFigures = z
  .object({
    dataset: z.object({ type: z.literal("kerncijfers"), ...datasetFields }).strict(),
    lezen: z.discriminatedUnion("soort", [csv, xlsx]),
    labelkolom: text,
    cijfers: z.array(z.object({ id: slug, rij: text, kolom: text, label: text.optional(), eenheid: unit.optional(), peildatum: isoDate.optional() }).strict()).min(1),
  })
  .strict();

const mappingSchema = z.union([timeSeries, cbsSeries, table, keyFigures]);

export type Mapping = z.output<typeof mappingSchema>;
export type GridMapping = Exclude<Mapping, z.output<typeof cbsSeries>>;
export type CbsMapping = z.output<typeof cbsSeries>;
export type TimeSeriesMapping = z.output<typeof timeSeries>;
export type TableMapping = z.output<typeof table>;
export type KeyFiguresMapping = z.output<typeof keyFigures>;
export type ReadOptions = GridMapping["lezen"];

export const isCbs = (mapping: Mapping): mapping is CbsMapping => mapping.lezen.soort === "cbs";

/**
 * The mapping for a dataset: the one in its quarter, or else the one of the latest earlier quarter
 * (next quarter's import uses last quarter's mapping, and the import puts a copy beside the new dataset).
 */
export async function findMapping(gemeenteDir: string, quarter: string, name: string): Promise<string | undefined> {
  const quarters = (await readdir(gemeenteDir, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory() && QUARTER_PATTERN.test(entry.name) && entry.name <= quarter)
    .map((entry) => entry.name)
    .sort()
    .reverse();
  for (const candidate of quarters) {
    const file = join(gemeenteDir, candidate, `${name}${MAPPING_SUFFIX}`);
    if ("text" in (await readSourceText(file))) return file;
  }
  return undefined;
}

/** Reads and checks a mapping file; each problem names the field and its line. */
export async function readMapping(file: string, shownAs: string): Promise<{ mapping: Mapping; text: string } | { diagnostics: Diagnostic[] }> {
  const read = await readSourceText(file);
  if ("problem" in read) return { diagnostics: [{ file: shownAs, origin: ORIGIN, message: read.problem }] };
  const lineCounter = new LineCounter();
  const document = parseDocument(read.text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset);
  if (document.errors.length > 0) {
    return { diagnostics: document.errors.map((error) => ({ file: shownAs, origin: ORIGIN, ...lineColumn(lineOf(error.pos[0])), message: `ongeldige YAML: ${error.message.split("\n")[0]}` })) };
  }
  const input: unknown = document.toJS({ maxAliasCount: 50 });
  const result = mappingSchema.safeParse(input);
  if (result.success) return { mapping: result.data, text: read.text };
  // A union reports every branch; the branch for the stated dataset type and source says what is wrong.
  const branch = pickBranch(input);
  const again = branch?.safeParse(input);
  const problems = again && !again.success ? schemaProblems(again.error, input) : schemaProblems(result.error, input);
  return {
    diagnostics: problems.map(({ path, message }) => {
      // A missing field is reported at the nearest field around it that is there.
      const node = path.map((_, i) => document.getIn(path.slice(0, path.length - i), true) as { range?: [number, number] } | undefined).find((n) => n?.range);
      return { file: shownAs, origin: ORIGIN, field: fieldPath(path) || undefined, ...(node?.range ? lineColumn(lineOf(node.range[0])) : {}), message };
    }),
  };
}

function pickBranch(input: unknown): z.ZodType | undefined {
  const value = input as { dataset?: { type?: unknown }; lezen?: { soort?: unknown } } | null;
  const type = value?.dataset?.type;
  if (type === "tijdreeks") return value?.lezen?.soort === "cbs" ? cbsSeries : timeSeries;
  if (type === "tabel") return table;
  if (type === "kerncijfers") return keyFigures;
  return undefined;
}

const lineColumn = (pos: { line: number; col: number }) => ({ line: pos.line, column: pos.col });
