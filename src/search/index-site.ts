import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import * as pagefind from "pagefind";
import { codeFingerprint, sha256, type BuildCache } from "../cache.ts";
import { allSettledOrThrow, forEachFile, readEach } from "../concurrency.ts";
import { NotaError } from "../errors.ts";

/** Where the search indexes go in the site, and the list of them the search page reads (src/site/public/zoeken.js). */
const SEARCH_DIR = "pagefind";
const INDEX_LIST = "indexen.json";
/** Pagefind's default UI, which the search page uses: one copy beside the indexes. Its other UIs are not published. */
const UI_FILES = ["pagefind-ui.js", "pagefind-ui.css"];
const UNUSED_UI = /^pagefind-(modular-ui|component-ui|highlight)\./;

export interface SearchIndexReport {
  /** Pages in the indexes. */
  pages: number;
  /** Gemeenten whose index came from the cache: their pages did not change. */
  reused: number;
}

/**
 * Indexes the built site with Pagefind: one index per gemeente in `<siteDir>/pagefind/<gemeente>/`,
 * which the search page merges in the browser (Pagefind's `mergeIndex`). Pagefind holds half a MiB
 * per page while it indexes, so one gemeente at a time bounds its memory by the largest gemeente,
 * not the archive; and a gemeente whose pages are unchanged takes its index from the cache. Only
 * note pages are indexed: they mark their note with `data-pagefind-body` and carry the filters
 * gemeente and soort.
 */
export async function indexSite(siteDir: string, gemeenten: Iterable<string>, cache?: BuildCache): Promise<SearchIndexReport> {
  const searchDir = join(siteDir, SEARCH_DIR);
  const code = await codeFingerprint(import.meta.url);
  const planned: { gemeente: string; key: string; cached: Buffer | undefined }[] = [];
  for (const gemeente of [...gemeenten].sort()) {
    const pages = await htmlFiles(siteDir, gemeente);
    if (pages.length === 0) continue;
    const { results: pageHashes } = await readEach(pages, async (page) => sha256(page, await readFile(join(siteDir, page))));
    const key = `zoekindex-${sha256(code, gemeente, ...pageHashes)}`;
    planned.push({ gemeente, key, cached: await cache?.get(key) });
  }
  // Pagefind indexes one gemeente at a time; the indexes from the cache are written meanwhile.
  const pagesOf = new Map<string, number>();
  const indexing = async () => {
    for (const { gemeente, key } of planned.filter((plan) => !plan.cached)) {
      const bundle = await indexGemeente(siteDir, gemeente, join(searchDir, gemeente));
      pagesOf.set(gemeente, bundle.pages);
      await cache?.put(key, serialize(bundle));
    }
  };
  const restoring = async () => {
    for (const { gemeente, cached } of planned.filter((plan) => plan.cached)) {
      const bundle = deserialize(cached!) as Bundle;
      pagesOf.set(gemeente, bundle.pages);
      if (bundle.pages > 0) await writeBundle(join(searchDir, gemeente), bundle);
    }
  };
  await allSettledOrThrow([indexing(), restoring()]);
  const indexes: string[] = [];
  const report = { pages: 0, reused: planned.filter((plan) => plan.cached).length };
  for (const { gemeente } of planned) {
    const pages = pagesOf.get(gemeente)!;
    if (pages === 0) continue;
    await placeUi(join(searchDir, gemeente), searchDir);
    indexes.push(`/${SEARCH_DIR}/${gemeente}/`);
    report.pages += pages;
  }
  await mkdir(searchDir, { recursive: true });
  await writeFile(join(searchDir, INDEX_LIST), `${JSON.stringify({ indexen: indexes })}\n`);
  if (indexes.length > 0) await writeFile(join(searchDir, "pagefind.js"), sortedEntry(indexes[0]!));
  return report;
}

/**
 * The module the search page loads as Pagefind (`/pagefind/pagefind.js`): the first gemeente's
 * Pagefind, whose filter values come out sorted. Merged indexes list each index's values in turn
 * (soort: Memo, Raadsinformatiebrief, Bijlage, …); one index listed them alphabetically.
 */
function sortedEntry(firstIndex: string): string {
  const module = JSON.stringify(`${firstIndex}pagefind.js`);
  return `// nota: Pagefind over the index of every gemeente (src/search/index-site.ts), with sorted filter values.
export * from ${module};
import * as pagefind from ${module};
const sorted = (filters) => filters && Object.fromEntries(Object.entries(filters).map(([name, values]) => [name, Object.fromEntries(Object.entries(values).sort(([a], [b]) => a.localeCompare(b, "nl")))]));
export const filters = async () => sorted(await pagefind.filters());
export const search = async (term, options) => {
  const results = await pagefind.search(term, options);
  return results && { ...results, filters: sorted(results.filters), totalFilters: sorted(results.totalFilters) };
};
`;
}

/** A gemeente's index as Pagefind wrote it: its files by path within the bundle folder. */
interface Bundle {
  pages: number;
  files: Map<string, Buffer>;
}

/** The HTML files under the gemeente's folder, as paths relative to the site, sorted. */
async function htmlFiles(siteDir: string, gemeente: string): Promise<string[]> {
  const entries = await readdir(join(siteDir, gemeente), { recursive: true }).catch(() => [] as string[]);
  return entries.filter((entry) => entry.endsWith(".html")).map((entry) => join(gemeente, entry)).sort();
}

async function indexGemeente(siteDir: string, gemeente: string, bundleDir: string): Promise<Bundle> {
  // Chart axis labels (their figures are in the tables beside them) and screen-only links
  // such as the PDF download are not part of the document's text.
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: ["svg", ".scherm"] });
  try {
    const fail = (message: string) => new NotaError([{ origin: "nota:zoekindex", message }]);
    if (!index) throw fail(`Pagefind start niet: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: siteDir, glob: `${gemeente}/**/*.html` });
    if (added.errors.length > 0) throw fail(`Pagefind kon de pagina's van ${gemeente} niet indexeren: ${added.errors.join("; ")}`);
    if (added.page_count === 0) return { pages: 0, files: new Map() };
    const written = await index.writeFiles({ outputPath: bundleDir });
    if (written.errors.length > 0) throw fail(`Pagefind kon de zoekindex van ${gemeente} niet schrijven: ${written.errors.join("; ")}`);
    return { pages: added.page_count, files: await readBundle(bundleDir) };
  } finally {
    // A fresh Pagefind per gemeente: it gives back the memory of the index it held.
    await pagefind.close();
  }
}

async function readBundle(bundleDir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(bundleDir, { recursive: true, withFileTypes: true });
  // The UIs nota does not publish are not kept either.
  const files = entries.filter((entry) => entry.isFile() && !UNUSED_UI.test(entry.name)).map((entry) => join(entry.parentPath, entry.name).slice(bundleDir.length + 1)).sort();
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(join(bundleDir, file))] as const)));
}

async function writeBundle(bundleDir: string, bundle: Bundle): Promise<void> {
  for (const dir of new Set([...bundle.files.keys()].map((file) => dirname(join(bundleDir, file))))) await mkdir(dir, { recursive: true });
  await forEachFile([...bundle.files], ([file, bytes]) => writeFile(join(bundleDir, file), bytes));
}

/** The default UI (the same for every gemeente) moves up beside the indexes; the UIs nota does not use go. */
async function placeUi(bundleDir: string, searchDir: string): Promise<void> {
  for (const file of await readdir(bundleDir)) {
    if (UI_FILES.includes(file)) await rename(join(bundleDir, file), join(searchDir, file));
    else if (UNUSED_UI.test(file)) await rm(join(bundleDir, file));
  }
}
