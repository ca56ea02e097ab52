import type { APIRoute, GetStaticPaths } from "astro";
import type { Note } from "../../../../content/load.ts";
import { wooDocument } from "../../../../woo/diwoo.ts";
import { xmlResponse } from "../../../../xml.ts";
import { getArchive } from "../../../lib/archive.ts";
import { wooRecordKey } from "../../../lib/page-keys.ts";
import { hasPdf, wooContext } from "../../../lib/publication.ts";

/** The Woo metadata (DiWoo) of a note's PDF, beside it: `/<gemeente>/<jaar>/<slug>.woo.xml`. */
export const getStaticPaths = (() =>
  Object.values(getArchive().notes)
    .filter(hasPdf)
    .map((note) => ({ params: { gemeente: note.gemeente, jaar: note.year, slug: note.slug }, props: { note }, cacheKey: wooRecordKey(note) }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => {
  const { note } = props as { note: Note };
  return xmlResponse(wooDocument(note, wooContext(note, site)));
};
