import { join } from "node:path";
import * as pagefind from "pagefind";
import { NotaError } from "../errors.ts";

/**
 * Indexes the built site with Pagefind and writes the index and its search UI to
 * `<siteDir>/pagefind/`. Only note pages are indexed: they mark their note with
 * `data-pagefind-body` and carry the filters gemeente and soort.
 */
export async function indexSite(siteDir: string): Promise<{ pages: number }> {
  // Chart axis labels (their figures are in the tables beside them) and screen-only links
  // such as the PDF download are not part of the document's text.
  const { index, errors } = await pagefind.createIndex({ excludeSelectors: ["svg", ".scherm"] });
  try {
    const fail = (message: string) => new NotaError([{ origin: "nota:zoekindex", message }]);
    if (!index) throw fail(`Pagefind start niet: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw fail(`Pagefind kon de site niet indexeren: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: join(siteDir, "pagefind") });
    if (written.errors.length > 0) throw fail(`Pagefind kon de zoekindex niet schrijven: ${written.errors.join("; ")}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
