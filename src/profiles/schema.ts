import { slug, z } from "../schema.ts";

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: "verwacht een kleur als #1a2b3c" });

/** The fonts nota ships (from @fontsource); a house style picks one of them. */
export const shippedFonts = {
  "Source Sans 3": "source-sans-3",
  "Open Sans": "open-sans",
  Lato: "lato",
  "Noto Sans": "noto-sans",
} as const;

const signatory = z.object({
  naam: z.string().min(1),
  functie: z.string().min(1),
});

/** A gemeente's name as the CBS writes it: letters, spaces, apostrophes, dots, hyphens, brackets (`'s-Hertogenbosch`, `Bergen (NH)`). */
const gemeenteName = z.string().regex(/^[\p{L}\p{M}][\p{L}\p{M} '’.()-]{0,59}$/u, { error: "verwacht de naam van de gemeente: letters, spaties, ' . ( ) en -, ten hoogste 60 tekens" });

export const profileSchema = z
  .object({
    naam: gemeenteName,
    cbsCode: z.string().regex(/^GM\d{4}$/, { error: "verwacht een CBS-code als GM0177" }),
    college: z.string().min(1),
    raad: z.string().min(1),
    adres: z.string().min(1),
    /** Where readers report accessibility problems (the accessibility statement names it). */
    contact: z.object({ email: z.email().optional(), telefoon: z.string().min(1).optional() }).refine((c) => c.email || c.telefoon, { error: "verwacht een e-mailadres of telefoonnummer" }).optional(),
    ondertekenaars: z.object({ secretaris: signatory, burgemeester: signatory }),
    /** Fields whose contents are illustrative, not taken from the seeds. */
    voorbeelddata: z.array(z.string()).default([]),
    huisstijl: z.object({
      lettertype: z.enum(Object.keys(shippedFonts) as [keyof typeof shippedFonts]),
      kleuren: z.object({
        primair: colour,
        opPrimair: colour,
        accent: colour,
        tekst: colour,
        achtergrond: colour,
        vlak: colour,
        grafiek: z.array(colour).min(2),
      }),
      woordmerk: z.object({
        tekst: z.string().min(1),
        vorm: z.enum(["balk", "cirkel", "golf", "blokken"]),
      }),
    }),
    certificaat: z
      .object({
        pkcs12: z.string().min(1),
        wachtwoordEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional(),
        wachtwoordBestand: z.string().min(1).optional(),
      })
      .optional(),
    tijdstempelUrl: z.url({ protocol: /^https?$/, error: "verwacht een http(s)-adres van een tijdstempeldienst (RFC 3161)" }).optional(),
  })
  .strict();

export type ProfileInput = z.input<typeof profileSchema>;

export interface Profile extends z.output<typeof profileSchema> {
  slug: string;
  /** TOOI identifier of the gemeente, used as Woo publisher. */
  tooi: string;
}

export const profileSlug = slug;
