import type { APIRoute, GetStaticPaths } from "astro";
import { xmlResponse } from "../../xml.ts";
import { archivePaths, loadSite } from "../lib/site.ts";
import { absoluteUrl, diwooSitemapPath } from "../lib/urls.ts";
import { sitemapIndex } from "../lib/sitemaps.ts";

/** One sitemap index per informatiecategorie, named as the Woo-harvester expects: `sitemapindex-diwoo-infocat008.xml`. */
export const getStaticPaths = (() => archivePaths((site) => site.diwooCategories().map((infocat) => ({ params: { infocat } })))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const site = await loadSite();
  const sitemaps = site.diwooSitemaps().filter((s) => s.infocat === params.infocat);
  return xmlResponse(sitemapIndex(sitemaps.map((s) => absoluteUrl(site.input.siteUrl, diwooSitemapPath(s.gemeente, s.infocat)))));
};
