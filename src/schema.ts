/** zod with Dutch messages, shared by every schema in nota. */
import { z } from "zod";
import { parseMoment } from "./publication/moment.ts";

z.config(z.locales.nl());

export { z };

/** The patterns of nota's names, each in one place: `2022-Q2`, `memo-q2`. */
export const QUARTER_PATTERN = /^\d{4}-Q[1-4]$/;
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A note's id: `raalte/2022/memo-q2`. */
export const NOTE_ID_PATTERN = new RegExp(`^${inner(SLUG_PATTERN)}/\\d{4}/${inner(SLUG_PATTERN)}$`);

/** A pattern's body without its anchors, to build a larger pattern from it. */
export function inner(pattern: RegExp): string {
  return pattern.source.replace(/^\^|\$$/g, "");
}

/** A URL segment for a text as the griffie writes it: `Sociaal domein` → `sociaal-domein`. */
export function slugify(text: string): string {
  return text.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** A date as `YYYY-MM-DD`; YAML parsers that turn it into a Date (Astro's) get it back as text. */
export const isoDate = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.iso.date({ error: "verwacht een datum als JJJJ-MM-DD" }),
);
/** A moment in Dutch time, `2026-12-15T10:00` or a date alone; a YAML parser's Date comes back as that text. */
export const localMoment = z.preprocess(
  (value) => (value instanceof Date ? value.toISOString().slice(0, 16).replace(/T00:00$/, "") : value),
  z.string().refine((text) => parseMoment(text) !== undefined, { error: "verwacht een moment in Nederlandse tijd als 2026-12-15T10:00 (of alleen een datum)" }),
);
export const quarterId = z.string().regex(QUARTER_PATTERN, { error: "verwacht een kwartaal als 2022-Q2" });
export const slug = z.string().regex(SLUG_PATTERN, { error: "alleen kleine letters, cijfers en streepjes" });
