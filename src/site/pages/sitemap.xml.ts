import type { APIRoute } from "astro";
import { xmlResponse } from "../../xml.ts";
import { loadSite } from "../lib/site.ts";
import { absoluteUrl } from "../lib/urls.ts";
import { sitePages, urlSet } from "../lib/sitemaps.ts";

/** Every page of the archive for search engines. */
export const GET: APIRoute = async () => {
  const site = await loadSite();
  return xmlResponse(urlSet(sitePages(site).map((page) => ({ loc: absoluteUrl(site.input.siteUrl, page.path), lastmod: page.lastmod }))));
};
