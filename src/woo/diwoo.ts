import type { Note } from "../content/load.ts";
import { KINDS, type Kind } from "../content/kinds.ts";
import { dutchMidnight, formatDate } from "../format/dutch.ts";
import type { Profile } from "../profiles/schema.ts";
import { element, type Xml } from "../xml.ts";

/** Woo publication metadata of a note as DiWoo (metadata standard 0.9.8, values from its XSD lists). */
export const DIWOO_NAMESPACE = "https://standaarden.overheid.nl/diwoo/metadata/";
const KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/";
const LANGUAGE_NLD = "http://publications.europa.eu/resource/authority/language/NLD";
const FORMAT_PDF = "http://publications.europa.eu/resource/authority/file-type/PDF";

type Informatiecategorie = (typeof KINDS)[Kind]["woo"]["informatiecategorie"];
type Documentsoort = (typeof KINDS)[Kind]["woo"]["documentsoort"];

/** `sitemapindex` is the category's number (Woo art. 3.3, in order) in the harvester's file names. */
const INFORMATIECATEGORIEEN: Record<Informatiecategorie, { label: string; sitemapindex: string }> = {
  c_8c840238: { label: "bij vertegenwoordigende organen ingekomen stukken", sitemapindex: "infocat006" },
  c_db4862c3: { label: "vergaderstukken decentrale overheden", sitemapindex: "infocat008" },
};

const DOCUMENTSOORTEN: Record<Documentsoort, string> = { c_7652d853: "brief", c_2977c34f: "beslisnota", c_7f9dffa7: "vergaderstuk" };
const HANDELINGEN = { vaststelling: "c_641ecd76", ondertekening: "c_e1ec050e", ontvangst: "c_dfcee535" } as const;

/** What a record refers to beyond the note: its publisher and the PDFs of related notes. */
export interface WooContext {
  profile: Profile;
  /** Absolute URL of a note's PDF: the document the metadata describes. */
  pdfUrl: (note: Note) => string;
  /** The main note of a bijlage. */
  parent?: Note;
  bijlagen: Note[];
}

/** The document action that made the note final: adoption by the college, else signing or receipt. */
export function documentHandeling(note: Note): { soort: keyof typeof HANDELINGEN; datum: string } {
  const { besluit, status, soort, datum } = note.frontmatter;
  if (status === "vastgesteld" && besluit) return { soort: "vaststelling", datum: besluit.datum };
  return { soort: KINDS[soort].woo.handeling, datum };
}

/**
 * Each correction made a new version of the published document, signed by the college on the
 * correction's date: an `ondertekening` in the record's document actions, with the version and
 * reason in its descriptions. (nota keeps to the actions vaststelling, ondertekening and ontvangst
 * of the DiWoo list of document actions, none of which is a correction.)
 */
function corrections(note: Note): { versie: number; datum: string; reden: string }[] {
  return (note.frontmatter.correcties ?? []).map((c, i) => ({ versie: i + 2, ...c }));
}

/** The date of the last change to the document: for the sitemap's lastmod, from which the harvester fetches it again. */
export function lastChange(note: Note): string {
  return [note.frontmatter.datum, documentHandeling(note).datum, ...corrections(note).map((c) => c.datum)].sort().at(-1)!;
}

export function wooCategorie(note: Note): { uri: string; label: string; sitemapindex: string } {
  const code = KINDS[note.frontmatter.soort].woo.informatiecategorie;
  return { uri: `${KERN}${code}`, ...INFORMATIECATEGORIEEN[code] };
}

/** A `diwoo:Document` for the note's PDF, with its own namespace declaration. */
export function wooDocument(note: Note, context: WooContext): Xml {
  const fm = note.frontmatter;
  const kind = KINDS[fm.soort].woo;
  const gemeente = `gemeente ${context.profile.naam}`;
  const categorie = wooCategorie(note);
  const handeling = documentHandeling(note);
  const omschrijving = fm.kernboodschap ?? fm.samenvatting;
  const versions = corrections(note);
  const omschrijvingen = [...(omschrijving ? [omschrijving] : []), ...versions.map((c) => `Versie ${c.versie}, gecorrigeerd op ${formatDate(c.datum)}: ${c.reden}`)];
  const action = (soort: keyof typeof HANDELINGEN, datum: string) =>
    element("diwoo:documenthandeling", {}, element("diwoo:soortHandeling", { resource: `${KERN}${HANDELINGEN[soort]}` }, soort), element("diwoo:atTime", {}, dutchMidnight(datum)));
  return element(
    "diwoo:Document",
    { "xmlns:diwoo": DIWOO_NAMESPACE },
    element(
      "diwoo:DiWoo",
      {},
      element("diwoo:identifiers", {}, element("diwoo:identifier", {}, fm.kenmerk)),
      element("diwoo:publisher", { resource: context.profile.tooi }, gemeente),
      element("diwoo:verantwoordelijke", { resource: context.profile.tooi }, gemeente),
      element("diwoo:titelcollectie", {}, element("diwoo:officieleTitel", {}, fm.titel)),
      omschrijvingen.length > 0 && element("diwoo:omschrijvingen", {}, ...omschrijvingen.map((text) => element("diwoo:omschrijving", {}, text))),
      element(
        "diwoo:classificatiecollectie",
        {},
        element("diwoo:informatiecategorieen", {}, element("diwoo:informatiecategorie", { resource: categorie.uri }, categorie.label)),
        element("diwoo:documentsoorten", {}, element("diwoo:documentsoort", { resource: `${KERN}${kind.documentsoort}` }, DOCUMENTSOORTEN[kind.documentsoort])),
        element("diwoo:trefwoorden", {}, ...fm.onderwerpen.map((onderwerp) => element("diwoo:trefwoord", {}, onderwerp))),
      ),
      element("diwoo:creatiedatum", {}, fm.datum),
      element("diwoo:language", { resource: LANGUAGE_NLD }, "Nederlands"),
      element("diwoo:format", { resource: FORMAT_PDF }, "PDF"),
      context.parent && element("diwoo:isPartOf", { resource: context.pdfUrl(context.parent) }, context.parent.frontmatter.titel),
      context.bijlagen.length > 0 && element("diwoo:hasParts", {}, ...context.bijlagen.map((b) => element("diwoo:hasPart", { resource: context.pdfUrl(b) }, b.frontmatter.titel))),
      element("diwoo:documenthandelingen", {}, action(handeling.soort, handeling.datum), ...versions.map((c) => action("ondertekening", c.datum))),
    ),
  );
}
