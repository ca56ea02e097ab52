import type { APIRoute, GetStaticPaths } from "astro";
import { xmlResponse } from "../../xml.ts";
import { absoluteUrl, diwooCategories, diwooSitemapPath, diwooSitemaps } from "../lib/publication.ts";
import { sitemapIndex } from "../lib/sitemaps.ts";

/** One sitemap index per informatiecategorie, named as the Woo-harvester expects: `sitemapindex-diwoo-infocat008.xml`. */
export const getStaticPaths = (() =>
  diwooCategories().map((infocat) => ({ params: { infocat } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ params, site }) => {
  const sitemaps = diwooSitemaps().filter((s) => s.infocat === params.infocat);
  return xmlResponse(sitemapIndex(sitemaps.map((s) => absoluteUrl(site, diwooSitemapPath(s.gemeente, s.infocat)))));
};
