import type { APIRoute, GetStaticPaths } from "astro";
import type { Note } from "../../../../content/load.ts";
import { wooDocument } from "../../../../woo/diwoo.ts";
import { xmlResponse } from "../../../../xml.ts";
import { wooRecordKey } from "../../../lib/page-keys.ts";
import { loadSite } from "../../../lib/site.ts";

/** The Woo metadata (DiWoo) of a note's PDF, beside it: `/<gemeente>/<jaar>/<slug>.woo.xml`. */
export const getStaticPaths = (async () => {
  const site = await loadSite();
  return site.notes
    .filter((note) => site.hasPdf(note) && site.rendersPage(note))
    .map((note) => ({ params: { gemeente: note.gemeente, jaar: note.year, slug: note.slug }, props: { note }, cacheKey: wooRecordKey(site, note) }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { note } = props as { note: Note };
  return xmlResponse(wooDocument(note, (await loadSite()).wooContext(note)));
};
