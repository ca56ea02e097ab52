import { getEntry } from "astro:content";
import { readSiteInput, SITE_INPUT_ENTRY, type SiteInputEntry } from "../input.ts";
import { Site } from "./site-model.ts";

// The site as read from the input file with this digest: every page and component of a build asks
// for it, so it is read once; `nota dev` rewrites the file, and the next digest reads it again.
let current: { digest: string; site: Promise<Site> } | undefined;

/** The site input of this build or dev server: the file Astro's data store names (plugins/site-input.ts). */
export async function loadSite(): Promise<Site> {
  const entry = await getEntry("nota", SITE_INPUT_ENTRY);
  if (!entry) throw new Error("de invoer van de site ontbreekt in Astro's gegevensopslag");
  const { file, digest } = entry.data as SiteInputEntry;
  if (current?.digest !== digest) current = { digest, site: readSiteInput(file).then((input) => new Site(input)) };
  return current.site;
}

/**
 * The paths of a page of the archive's own (a list, feed, sitemap or download, not a note's page):
 * none in a run that renders only notes' pages (build-site.ts renders many notes in several runs).
 */
export async function archivePaths<T>(paths: (site: Site) => T[]): Promise<T[]> {
  const site = await loadSite();
  return site.input.archivePages ? paths(site) : [];
}
