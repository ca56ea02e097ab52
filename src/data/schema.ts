import { isoDate, z } from "../schema.ts";

export const unit = z.enum(["aantal", "euro", "procent", "cliënten", "jeugdigen", "aanbieders"]);

/**
 * Where imported figures come from (`nota import`): the source file or address, CBS table, sheet and
 * range, the day they were read, whether CBS still calls some provisional, and the days on which a
 * later import changed figures that were already there.
 */
const provenance = z
  .object({
    bestand: z.string().min(1).optional(),
    // Shown as the source of the figures: a web address, never another scheme.
    url: z.url({ protocol: /^https?$/ }).optional(),
    tabel: z.string().min(1).optional(),
    blad: z.string().min(1).optional(),
    bereik: z.string().min(1).optional(),
    opgehaald: isoDate,
    voorlopig: z.boolean().default(false),
    herzien: z.array(isoDate).optional(),
  })
  .strict();

const common = {
  titel: z.string().min(1),
  eenheid: unit,
  bron: z.string().min(1).optional(),
  /** True when the figures are illustrative: the note then says `voorbeelddata`. */
  voorbeelddata: z.boolean().default(false),
  peildatum: isoDate.optional(),
  herkomst: provenance.optional(),
};

const cell = z.union([z.number(), z.string().max(300)]);

/** More rows than a note can show in a table or a reader can take in from a chart. */
export const MAX_ROWS = 5000;
const tooMany = { error: `te veel rijen: ten hoogste ${MAX_ROWS.toLocaleString("nl-NL")} per dataset` };

/** Rows over time, e.g. unique clients per month for two years. */
const timeSeries = z
  .object({
    type: z.literal("tijdreeks"),
    ...common,
    kolommen: z.record(z.string(), z.string().min(1)),
    x: z.string(),
    y: z.string(),
    reeks: z.string().optional(),
    rijen: z.array(z.record(z.string(), cell)).min(1).max(MAX_ROWS, tooMany),
  })
  .strict();

const values = z.record(z.string(), z.number());
const tableRow = z.object({ label: z.string().min(1), waarden: values }).strict();

/** A financial table: groups of rows with stated totals, checked against their sums. */
const table = z
  .object({
    type: z.literal("tabel"),
    ...common,
    kolommen: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().min(1),
            /**
             * A voordeel/nadeel column comparing two others, [begroting, prognose]: on rows of
             * lasten (the default) begroting − prognose, on baten and on the saldo line prognose − begroting.
             */
            verschil: z.tuple([z.string(), z.string()]).optional(),
          })
          .strict(),
      )
      .min(1),
    groepen: z
      .array(z
          .object({ label: z.string().min(1).optional(), soort: z.enum(["baten", "lasten"]).default("lasten"), rijen: z.array(tableRow).min(1).max(MAX_ROWS, tooMany), totaal: tableRow.optional() })
          .strict())
      .min(1),
    /** A closing line stated as one group's total minus another's (`inkomsten − uitgaven`). */
    saldo: z.object({ label: z.string().min(1), van: z.string(), min: z.string(), waarden: values }).strict().optional(),
  })
  .strict();

/** Key figures such as `458 unieke cliënten op 1 april 2022`. */
const keyFigures = z
  .object({
    type: z.literal("kerncijfers"),
    ...common,
    cijfers: z
      .array(
        z
          .object({
            id: z.string().min(1),
            label: z.string().min(1),
            waarde: z.number(),
            eenheid: unit.optional(),
            peildatum: isoDate.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_ROWS, tooMany),
  })
  .strict();

export const datasetSchema = z.discriminatedUnion("type", [timeSeries, table, keyFigures]);

export type DatasetContent = z.output<typeof datasetSchema>;
/** A dataset as its JSON file may be written: defaults left out. */
export type DatasetSource = z.input<typeof datasetSchema>;
export type TimeSeries = z.output<typeof timeSeries>;
export type Table = z.output<typeof table>;
export type KeyFigures = z.output<typeof keyFigures>;
export type Provenance = z.output<typeof provenance>;

export type Dataset = DatasetContent & {
  /** `<gemeente>/<YYYY-Qn>/<name>` */
  key: string;
  gemeente: string;
  quarter: string;
  name: string;
  file: string;
};
