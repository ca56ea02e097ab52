import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BuildCache } from "../../src/cache.ts";
import { SITE_INPUT_VERSION, type SiteInput } from "../../src/site/input.ts";
import { inRuns } from "../../src/site/build-site.ts";
import { NotePages } from "../../src/site/note-pages.ts";

const note = (slug: string, body: string) => ({ id: `raalte/2022/${slug}`, gemeente: "raalte", year: "2022", slug, file: `content/raalte/2022/${slug}.mdx`, frontmatter: { titel: slug, soort: "memo", datum: "2022-06-01" }, lines: {}, body, components: [], images: [], sections: [] });

/** Two notes of Raalte; `memo` has a PDF, so a Woo record too. */
const input = (memoBody = "Tekst."): SiteInput =>
  ({
    version: SITE_INPUT_VERSION,
    siteUrl: "https://raad.example.nl",
    contentDir: "/archief/content",
    archivePages: true,
    gemeenten: new Map([["raalte", { slug: "raalte", naam: "Raalte" }]]),
    notes: new Map([note("memo", memoBody), note("brief", "Brief.")].map((n) => [n.id, n])),
    datasets: new Map(),
    charts: new Map(),
    chartUses: new Map(),
    images: [],
    pdfs: new Set(["raalte/2022/memo"]),
    publication: new Map([["raalte/2022/memo", { earlier: [] }], ["raalte/2022/brief", { earlier: [] }]]),
    withdrawn: new Map(),
  }) as unknown as SiteInput;

/** What Astro would write for the notes it renders: a page each, a Woo record for the note with a PDF. */
async function render(outDir: string, ids: string[], text: string) {
  for (const id of ids) {
    await mkdir(join(outDir, id), { recursive: true });
    await writeFile(join(outDir, id, "index.html"), `<p>${text} ${id}</p>`);
    if (id.endsWith("memo")) await writeFile(join(outDir, `${id}.woo.xml`), `<woo>${text}</woo>`);
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nota-paginas-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("note pages of earlier builds", () => {
  it("are rendered the first time, kept the next time, and rendered again when their note changes", async () => {
    const cache = new BuildCache(join(dir, "cache"));
    const first = await NotePages.open(input(), cache);
    expect(first.rendered).toEqual(["raalte/2022/brief", "raalte/2022/memo"]);
    await render(join(dir, "een"), first.rendered, "eerste");
    await first.store(first.rendered, join(dir, "een"));
    await first.complete(join(dir, "een"), first.rendered);

    const second = await NotePages.open(input(), cache);
    expect(second.rendered).toEqual([]);
    await second.complete(join(dir, "twee"), []);
    expect(await readFile(join(dir, "twee/raalte/2022/memo/index.html"), "utf8")).toBe("<p>eerste raalte/2022/memo</p>");
    expect(await readFile(join(dir, "twee/raalte/2022/memo.woo.xml"), "utf8")).toBe("<woo>eerste</woo>");

    const changed = await NotePages.open(input("Andere tekst."), cache);
    expect(changed.rendered).toEqual(["raalte/2022/memo"]);
  });

  it("are never kept when the site build did not make them", async () => {
    const pages = await NotePages.open(input(), new BuildCache(join(dir, "cache")));
    await render(join(dir, "uit"), ["raalte/2022/brief"], "alleen");
    await expect(pages.store(pages.rendered, join(dir, "uit"))).rejects.toThrow(/raalte\/2022\/memo\/index.html/);
  });

  it("rendered in several runs end up in one site: each run's notes from the cache, the last run's in place", async () => {
    const pages = await NotePages.open(input(), new BuildCache(join(dir, "cache")));
    const [early, last] = inRuns(pages.rendered, 1);
    await render(join(dir, "run-1"), early!, "run 1");
    await pages.store(early!, join(dir, "run-1"));
    await rm(join(dir, "run-1"), { recursive: true });
    await render(join(dir, "site"), last!, "run 2");
    await pages.store(last!, join(dir, "site"));
    await pages.complete(join(dir, "site"), last!);
    expect(await readFile(join(dir, "site/raalte/2022/brief/index.html"), "utf8")).toBe("<p>run 1 raalte/2022/brief</p>");
    expect(await readFile(join(dir, "site/raalte/2022/memo/index.html"), "utf8")).toBe("<p>run 2 raalte/2022/memo</p>");
  });
});

describe("runs of the site build", () => {
  it("are of (nearly) equal size, and one empty run when no note is rendered", () => {
    expect(inRuns([1, 2, 3, 4, 5], 2)).toEqual([[1], [2, 3], [4, 5]]);
    expect(inRuns([1, 2, 3, 4], 2)).toEqual([[1, 2], [3, 4]]);
    expect(inRuns(Array.from({ length: 301 }, (_, i) => i), 300).map((run) => run.length)).toEqual([150, 151]);
    expect(inRuns([], 300)).toEqual([[]]);
  });
});
