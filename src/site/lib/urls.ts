import type { Dataset } from "../../data/schema.ts";
import type { Note } from "../../content/load.ts";
import { earlierPagePath, earlierPdfPath, notePdfUrl, noteUrl } from "../../publication/addresses.ts";

export { notePdfUrl, noteUrl };

// Every address on the site, in one place.

/** An earlier version of a corrected note: its own page and signed PDF. */
export const earlierVersionUrl = (note: Pick<Note, "id">, versie: number) => `/${earlierPagePath(note.id, versie)}`;
export const earlierVersionPdfUrl = (note: Pick<Note, "id">, versie: number) => `/${earlierPdfPath(note.id, versie)}`;

/** Stable anchor and file name for a dataset's downloads: `/data/raalte/2022-Q2/clienten.csv`. */
export const datasetUrl = (dataset: Pick<Dataset, "key">, extension: "csv" | "json") => `/data/${dataset.key}.${extension}`;

/** The Woo metadata record beside a note: `/raalte/2022/memo.woo.xml`. */
export const wooRecordUrl = (note: Pick<Note, "id">) => `/${note.id}.woo.xml`;

export const diwooSitemapPath = (gemeente: string, infocat: string) => `/${gemeente}/sitemap-diwoo-${infocat}.xml`;
export const diwooIndexPath = (infocat: string) => `/sitemapindex-diwoo-${infocat}.xml`;

export const kindPath = (gemeente: string, kind: string) => `/${gemeente}/soort/${kind}/`;
export const topicPath = (gemeente: string, topicSlug: string) => `/${gemeente}/onderwerp/${topicSlug}/`;

/** An absolute URL on the published site. */
export const absoluteUrl = (siteUrl: string | URL, path: string) => new URL(path, siteUrl).href;
