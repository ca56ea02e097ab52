import type { Note } from "../../content/load.ts";
import { wooCategorie, type WooContext } from "../../woo/diwoo.ts";
import { getArchive, notePdfUrl, notesOf } from "./archive.ts";

/** Whether a note is published with its PDF (printed now, or kept from the published archive): Woo publication describes the PDF, so it needs one. */
export function hasPdf(note: Pick<Note, "id">): boolean {
  return getArchive().pdfs.includes(note.id);
}

/** An absolute URL on the site (Astro's `site`, from NOTA_SITE_URL). */
export function absoluteUrl(site: URL | undefined, path: string): string {
  if (!site) throw new Error("astro.config.mjs noemt geen site-URL (NOTA_SITE_URL)");
  return new URL(path, site).href;
}

/** The Woo metadata record beside a note: `/raalte/2022/memo.woo.xml`. */
export const wooRecordUrl = (note: Pick<Note, "id">) => `/${note.id}.woo.xml`;

export function wooContext(note: Note, site: URL | undefined): WooContext {
  const archive = getArchive();
  return {
    profile: archive.gemeenten[note.gemeente]!,
    pdfUrl: (other) => absoluteUrl(site, notePdfUrl(other)),
    parent: note.frontmatter.bij ? archive.notes[`${note.gemeente}/${note.frontmatter.bij}`] : undefined,
    bijlagen: notesOf(note.gemeente).filter((n) => `${n.gemeente}/${n.frontmatter.bij}` === note.id),
  };
}

/** The Woo sitemaps: one per gemeente and informatiecategorie, named for the harvester. */
export function diwooSitemaps(): { gemeente: string; infocat: string; notes: Note[] }[] {
  const sitemaps = new Map<string, { gemeente: string; infocat: string; notes: Note[] }>();
  for (const note of Object.values(getArchive().notes).filter(hasPdf)) {
    const infocat = wooCategorie(note).sitemapindex;
    const key = `${note.gemeente}/${infocat}`;
    const sitemap = sitemaps.get(key) ?? { gemeente: note.gemeente, infocat, notes: [] };
    sitemap.notes.push(note);
    sitemaps.set(key, sitemap);
  }
  return [...sitemaps.values()].sort((a, b) => a.infocat.localeCompare(b.infocat) || a.gemeente.localeCompare(b.gemeente));
}

/** The informatiecategorieën that have a sitemap index. */
export const diwooCategories = () => [...new Set(diwooSitemaps().map((s) => s.infocat))];

export const diwooSitemapPath = (gemeente: string, infocat: string) => `/${gemeente}/sitemap-diwoo-${infocat}.xml`;
export const diwooIndexPath = (infocat: string) => `/sitemapindex-diwoo-${infocat}.xml`;
