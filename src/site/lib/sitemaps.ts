import { element, type Xml } from "../../xml.ts";
import { kindFacets, topicFacets } from "./browse.ts";
import type { Site } from "./site-model.ts";
import { earlierVersionUrl, kindPath, noteUrl, topicPath } from "./urls.ts";

const SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

export interface SitemapUrl {
  loc: string;
  lastmod?: string;
  /** Extension content of the entry, such as a `diwoo:Document`. */
  extra?: Xml;
}

export function urlSet(urls: SitemapUrl[], namespaces: Record<string, string> = {}): Xml {
  return element(
    "urlset",
    { xmlns: SITEMAP_NAMESPACE, ...namespaces },
    ...urls.map((url) => element("url", {}, element("loc", {}, url.loc), url.lastmod && element("lastmod", {}, url.lastmod), url.extra)),
  );
}

export function sitemapIndex(locs: string[]): Xml {
  return element("sitemapindex", { xmlns: SITEMAP_NAMESPACE }, ...locs.map((loc) => element("sitemap", {}, element("loc", {}, loc))));
}

/** Every HTML page of the site, with the note's date where the page is a note, and the earlier versions of corrected notes. */
export function sitePages(site: Site): { path: string; lastmod?: string }[] {
  const pages: { path: string; lastmod?: string }[] = [{ path: "/" }, { path: "/zoeken/" }, { path: "/toegankelijkheid/" }];
  for (const gemeente of [...site.input.gemeenten.keys()].sort()) {
    const notes = site.notesOf(gemeente);
    pages.push({ path: `/${gemeente}/` });
    pages.push(...kindFacets(notes).map((facet) => ({ path: kindPath(gemeente, facet.slug) })));
    pages.push(...topicFacets(notes).map((facet) => ({ path: topicPath(gemeente, facet.slug) })));
    pages.push(...notes.map((note) => ({ path: noteUrl(note), lastmod: note.frontmatter.correcties?.at(-1)?.datum ?? note.frontmatter.datum })));
    pages.push(...notes.flatMap((note) => site.publication(note).earlier.map((v) => ({ path: earlierVersionUrl(note, v.versie), lastmod: v.gepubliceerd.slice(0, 10) }))));
  }
  return pages;
}
