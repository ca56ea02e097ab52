import type { APIRoute } from "astro";
import { xmlResponse } from "../../xml.ts";
import { absoluteUrl } from "../lib/publication.ts";
import { sitePages, urlSet } from "../lib/sitemaps.ts";

/** Every page of the archive for search engines. */
export const GET: APIRoute = ({ site }) => xmlResponse(urlSet(sitePages().map((page) => ({ loc: absoluteUrl(site, page.path), lastmod: page.lastmod }))));
