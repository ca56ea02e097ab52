import type { APIRoute } from "astro";
import { loadSite } from "../lib/site.ts";
import { absoluteUrl, diwooIndexPath } from "../lib/urls.ts";

/** Points crawlers at the sitemap and the Woo-harvester at the DiWoo sitemap indexes. */
export const GET: APIRoute = async () => {
  const site = await loadSite();
  const url = (path: string) => absoluteUrl(site.input.siteUrl, path);
  const indexes = site.diwooCategories().map((infocat) => url(diwooIndexPath(infocat)));
  const lines = ["User-agent: *", "Allow: /", "", `Sitemap: ${url("/sitemap.xml")}`, ...indexes.map((index) => `Sitemap: ${index}`)];
  return new Response(`${lines.join("\n")}\n`, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
};
