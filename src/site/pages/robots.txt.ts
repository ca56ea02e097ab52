import type { APIRoute } from "astro";
import { absoluteUrl, diwooCategories, diwooIndexPath } from "../lib/publication.ts";

/** Points crawlers at the sitemap and the Woo-harvester at the DiWoo sitemap indexes. */
export const GET: APIRoute = ({ site }) => {
  const indexes = diwooCategories().map((infocat) => absoluteUrl(site, diwooIndexPath(infocat)));
  const lines = ["User-agent: *", "Allow: /", "", `Sitemap: ${absoluteUrl(site, "/sitemap.xml")}`, ...indexes.map((index) => `Sitemap: ${index}`)];
  return new Response(`${lines.join("\n")}\n`, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
};
