import type { APIRoute, GetStaticPaths } from "astro";
import type { Note } from "../../../content/load.ts";
import { DIWOO_NAMESPACE, lastChange, wooDocument } from "../../../woo/diwoo.ts";
import { xmlResponse } from "../../../xml.ts";
import { archivePaths, loadSite } from "../../lib/site.ts";
import { absoluteUrl, notePdfUrl } from "../../lib/urls.ts";
import { urlSet } from "../../lib/sitemaps.ts";

/**
 * A gemeente's PDFs of one informatiecategorie, each with its DiWoo metadata, for the Woo-harvester.
 * Only published notes are listed: the harvester identifies a document by its URL, so a withdrawn
 * note leaves the sitemap (and its PDF the site), and a correction changes `lastmod`.
 */
export const getStaticPaths = (() =>
  archivePaths((site) => site.diwooSitemaps().map(({ gemeente, infocat, notes }) => ({ params: { gemeente, infocat }, props: { notes } })))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { notes } = props as { notes: Note[] };
  const site = await loadSite();
  const urls = notes.map((note) => ({
    loc: absoluteUrl(site.input.siteUrl, notePdfUrl(note)),
    lastmod: lastChange(note),
    extra: wooDocument(note, site.wooContext(note)),
  }));
  return xmlResponse(urlSet(urls, { "xmlns:diwoo": DIWOO_NAMESPACE }));
};
