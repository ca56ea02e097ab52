import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BuildCache } from "../../src/cache.ts";
import { indexSite } from "../../src/search/index-site.ts";

/** A built note page as Pagefind sees it: the note marked as the body, with the gemeente as filter. */
const notePage = (gemeente: string, text: string) =>
  `<!doctype html><html lang="nl"><head><title>${text}</title></head><body><main data-pagefind-body><h1>${text}</h1><p data-pagefind-filter="gemeente">${gemeente}</p><p>${text} over jeugdhulp.</p></main></body></html>`;

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(os.tmpdir(), "nota-zoekindex-"));
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

async function site(pages: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmp, "site-"));
  for (const [path, html] of Object.entries(pages)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), html);
  }
  return dir;
}

async function files(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
  return new Map(await Promise.all(paths.map(async (path) => [path, (await readFile(join(dir, path))).toString("base64")] as const)));
}

describe("search index", () => {
  it("writes one index per gemeente that has pages, and takes an unchanged gemeente's index from the cache", async () => {
    const cache = new BuildCache(join(tmp, "cache"));
    const pages = {
      "raalte/2022/memo/index.html": notePage("Raalte", "Memo Raalte"),
      "zwolle/2022/brief/index.html": notePage("Zwolle", "Brief Zwolle"),
      "zwolle/2023/nota/index.html": notePage("Zwolle", "Nota Zwolle"),
      "zoeken/index.html": "<!doctype html><html lang=\"nl\"><body><p>Zoeken</p></body></html>",
    };
    const first = await site(pages);
    expect(await indexSite(first, ["zwolle", "raalte", "diemen"], cache)).toEqual({ pages: 3, reused: 0 });
    expect(JSON.parse(await readFile(join(first, "pagefind/indexen.json"), "utf8"))).toEqual({ indexen: ["/pagefind/raalte/", "/pagefind/zwolle/"] });
    const entry = JSON.parse(await readFile(join(first, "pagefind/zwolle/pagefind-entry.json"), "utf8"));
    expect(entry.languages.nl.page_count).toBe(2);

    // The next build changed a Raalte note: Zwolle's index comes from the cache, the same bytes.
    const second = await site({ ...pages, "raalte/2022/memo/index.html": notePage("Raalte", "Memo Raalte, gecorrigeerd") });
    expect(await indexSite(second, ["raalte", "zwolle"], cache)).toEqual({ pages: 3, reused: 1 });
    const [before, after] = await Promise.all([files(join(first, "pagefind")), files(join(second, "pagefind"))]);
    const zwolle = (all: Map<string, string>) => [...all].filter(([path]) => path.startsWith("zwolle/"));
    expect(zwolle(after)).toEqual(zwolle(before));
    expect(after.get("raalte/pagefind-entry.json")).not.toBe(before.get("raalte/pagefind-entry.json"));
    expect([...after.keys()].filter((path) => !path.includes("/")).sort()).toEqual(["indexen.json", "pagefind-ui.css", "pagefind-ui.js", "pagefind.js"]);

    // Nothing cached: the same indexes again, made by Pagefind.
    const third = await mkdtemp(join(tmp, "site-"));
    await cp(second, third, { recursive: true, filter: (source) => !source.startsWith(join(second, "pagefind")) });
    expect(await indexSite(third, ["raalte", "zwolle"])).toEqual({ pages: 3, reused: 0 });
    expect(await files(join(third, "pagefind"))).toEqual(after);
  });
});
