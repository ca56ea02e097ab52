import { inner, isoDate, localMoment, QUARTER_PATTERN, quarterId, SLUG_PATTERN, z } from "../schema.ts";
import { KIND_NAMES } from "./kinds.ts";

/** The decision of the college that adopted a note (seed 003: attendance, beslispunten). */
const collegeDecision = z
  .object({
    datum: isoDate,
    aanwezig: z.array(z.string().min(1)).min(1),
    beslispunten: z.array(z.string().min(1)).min(1),
  })
  .strict();

/** A dated decision about a published note: a correction or its withdrawal. */
const datedReason = z.object({ datum: isoDate, reden: z.string().min(1) }).strict();

/**
 * The fields that steer publication rather than say something: they may change after a note was
 * published without making it a new version (src/publication/sources.ts leaves them out).
 */
export const PUBLICATION_FIELDS = ["openbaarVanaf", "correcties", "ingetrokken"] as const;

/** Frontmatter of a note, as the griffie writes it. Shared by `nota check` and Astro's collection. */
export const frontmatterSchema = z
  .object({
    soort: z.enum(KIND_NAMES),
    titel: z.string().min(1),
    datum: isoDate,
    kwartaal: quarterId,
    onderwerpen: z.array(z.string().min(1)).min(1),
    /** The case number in the gemeente's records: `RA-2022-0412`, `Z/22/123456`. */
    kenmerk: z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} ./_:()-]{0,59}$/u, { error: "een kenmerk bestaat uit letters, cijfers, spaties en . / _ : ( ) -, ten hoogste 60 tekens" }),
    portefeuillehouder: z.string().min(1),
    status: z.enum(["concept", "verzonden", "vastgesteld", "gepubliceerd"]),
    /** Notes of one series (e.g. the quarterly youth-care memo) link to each other. */
    reeks: z.string().min(1).optional(),
    aan: z.string().min(1).optional(),
    kernboodschap: z.string().min(1).optional(),
    samenvatting: z.string().min(1).optional(),
    /** A bijlage names the note it belongs to, as `<year>/<slug>` of the same gemeente. */
    bij: z.string().regex(new RegExp(`^\\d{4}/${inner(SLUG_PATTERN)}$`), { error: "verwacht <jaar>/<slug> van de hoofdnotitie" }).optional(),
    /** The fixed sections of an informatienota; a missing one reads "Niet van toepassing." */
    paragrafen: z
      .object({
        consequenties: z.string().optional(),
        communicatie: z.string().optional(),
        vervolg: z.string().optional(),
      })
      .strict()
      .optional(),
    besluit: collegeDecision.optional(),
    /** Embargo: the note is public from this moment (Dutch time) on, not before. */
    openbaarVanaf: localMoment.optional(),
    /** Each correction of the published note makes a new version: the first one version 2. */
    correcties: z.array(datedReason).min(1).optional(),
    /** A withdrawn note leaves the archive; its address says when and why. */
    ingetrokken: datedReason.optional(),
  })
  .strict()
  .superRefine((note, ctx) => {
    if (note.status === "vastgesteld" && !note.besluit) {
      ctx.addIssue({ code: "custom", path: ["besluit"], message: "een vastgestelde notitie heeft een collegebesluit (datum, aanwezig, beslispunten)" });
    }
    if (note.soort === "bijlage" && !note.bij) {
      ctx.addIssue({ code: "custom", path: ["bij"], message: "een bijlage noemt de notitie waar zij bij hoort" });
    }
    if (note.soort === "memo" && !note.kernboodschap) {
      ctx.addIssue({ code: "custom", path: ["kernboodschap"], message: "een memo begint met de kernboodschap" });
    }
    // (Corrections of a concept are refused with the register at hand: src/publication/plan.ts.)
    if (note.status === "concept" && note.ingetrokken) {
      ctx.addIssue({ code: "custom", path: ["ingetrokken"], message: "een concept is nooit gepubliceerd en wordt niet ingetrokken; verwijder het bestand als het niet meer nodig is" });
    }
    (note.correcties ?? []).forEach((correctie, i, all) => {
      const previous = i === 0 ? note.datum : all[i - 1]!.datum;
      if (correctie.datum < previous) ctx.addIssue({ code: "custom", path: ["correcties", i, "datum"], message: `deze correctie ligt vóór ${i === 0 ? "de datum van de notitie" : "de vorige correctie"} (${previous})` });
    });
    // Only when both are well-formed: a bad datum or kwartaal is reported by itself.
    if (/^\d{4}-\d\d-\d\d$/.test(note.datum) && QUARTER_PATTERN.test(note.kwartaal) && note.kwartaal.slice(0, 4) > note.datum.slice(0, 4)) {
      ctx.addIssue({ code: "custom", path: ["kwartaal"], message: "het kwartaal ligt na de datum van de notitie" });
    }
  });

export type Frontmatter = z.output<typeof frontmatterSchema>;
