import type { APIRoute, GetStaticPaths } from "astro";
import { dutchMidnight, formatDate } from "../../../format/dutch.ts";
import { element, xmlResponse } from "../../../xml.ts";
import { archivePaths, loadSite } from "../../lib/site.ts";
import { absoluteUrl, noteUrl } from "../../lib/urls.ts";

/** An Atom feed per gemeente (RFC 4287): its published notes, newest first; a correction updates its entry. */
export const getStaticPaths = (() => archivePaths((site) => [...site.input.gemeenten.keys()].map((gemeente) => ({ params: { gemeente } })))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const site = await loadSite();
  const profile = site.profile(params.gemeente!);
  const notes = site.notesOf(profile.slug);
  const url = (path: string) => absoluteUrl(site.input.siteUrl, path);
  const lastChange = (fm: (typeof notes)[number]["frontmatter"]) => fm.correcties?.at(-1)?.datum ?? fm.datum;
  const updated = notes.map((n) => lastChange(n.frontmatter)).sort().at(-1) ?? "2000-01-01";
  const entries = notes.map((note) => {
    const fm = note.frontmatter;
    const correctie = fm.correcties?.at(-1);
    const summary = fm.kernboodschap ?? fm.samenvatting ?? fm.titel;
    return element(
      "entry",
      {},
      element("title", {}, fm.titel),
      element("id", {}, url(noteUrl(note))),
      element("link", { rel: "alternate", type: "text/html", href: url(noteUrl(note)) }),
      element("published", {}, dutchMidnight(fm.datum)),
      element("updated", {}, dutchMidnight(lastChange(fm))),
      element("summary", {}, correctie ? `Gecorrigeerd op ${formatDate(correctie.datum)} (versie ${fm.correcties!.length + 1}): ${correctie.reden} ${summary}` : summary),
    );
  });
  return xmlResponse(
    element(
      "feed",
      { xmlns: "http://www.w3.org/2005/Atom", "xml:lang": "nl" },
      element("title", {}, `Raadsinformatie gemeente ${profile.naam}`),
      element("subtitle", {}, `Memo's, informatienota's, raadsinformatiebrieven en bijlagen van het college van ${profile.naam} aan de raad`),
      element("id", {}, url(`/${profile.slug}/`)),
      element("link", { rel: "self", type: "application/atom+xml", href: url(`/${profile.slug}/feed.xml`) }),
      element("link", { rel: "alternate", type: "text/html", href: url(`/${profile.slug}/`) }),
      element("updated", {}, dutchMidnight(updated)),
      element("author", {}, element("name", {}, `Gemeente ${profile.naam}`)),
      ...entries,
    ),
    "application/atom+xml",
  );
};
