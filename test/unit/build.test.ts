import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildArchive, type BuildEffects } from "../../src/build.ts";
import { NotaError } from "../../src/errors.ts";
import { projectPaths } from "../../src/paths.ts";
import type { Progress } from "../../src/progress.ts";
import type { SiteBuild } from "../../src/site/build-site.ts";
import { MINI } from "../support/run.ts";

// The pipeline in-process, with the site and the browser as fakes: what the build hands the site,
// and what it publishes or keeps, without Astro, Chromium or openssl.

const silent: Progress = { stage: () => {}, start: () => {}, tick: () => {}, done: () => {}, info: () => {} };
const SITE_URL = "https://raad.testdorp.example";

async function miniArchive() {
  const root = join(await mkdtemp(join(tmpdir(), "nota-bouw-")), "archief");
  await cp(MINI, root, { recursive: true, filter: (source) => !source.includes(".nota") });
  return projectPaths(root);
}

/** A site that writes one page per note, and remembers what it was given. */
function fakeEffects(render: (build: SiteBuild) => Promise<void>): BuildEffects & { given: SiteBuild[] } {
  const given: SiteBuild[] = [];
  return {
    given,
    progress: silent,
    now: () => new Date("2026-12-01T12:00:00+01:00"),
    buildSite: async (build) => {
      given.push(build);
      await render(build);
      return build.archive.notes.size;
    },
    launchBrowser: () => Promise.reject(new Error("a build without PDFs starts no browser")),
    secret: () => undefined,
  };
}

const pages = async (build: SiteBuild) => {
  for (const note of build.archive.notes.values()) {
    await mkdir(join(build.outDir, note.id), { recursive: true });
    await writeFile(join(build.outDir, note.id, "index.html"), `<!doctype html><html lang="nl"><title>${note.frontmatter.titel}</title><main>${note.frontmatter.titel}</main></html>`);
  }
};

describe("the build, in-process with a fake site", () => {
  it("hands the site the checked notes, their datasets and charts, and publishes what the site made", async () => {
    const paths = await miniArchive();
    const effects = fakeEffects(pages);
    const report = await buildArchive(paths, { pdf: false, release: false, siteUrl: SITE_URL }, effects);
    const [build] = effects.given;
    expect(build?.siteUrl).toBe(SITE_URL);
    expect([...build!.archive.notes.keys()]).toEqual(["testdorp/2022/memo-q2"]);
    expect([...build!.archive.datasets.keys()].sort()).toEqual(["testdorp/2022-Q2/begroting", "testdorp/2022-Q2/clienten"]);
    const [use] = build!.archive.chartUses.get("testdorp/2022/memo-q2")!;
    expect(build!.archive.charts.get(use!.key)?.svg).toMatch(/^<svg/);
    expect(report).toMatchObject({ notes: 1, charts: 1, pdfs: { rendered: 0, reused: 0, registered: 0 } });
    expect(await readFile(join(paths.out, "testdorp/2022/memo-q2/index.html"), "utf8")).toContain("<main>");
  });

  it("leaves the published archive exactly as it was when the site fails, and frees the archive for the next build", async () => {
    const paths = await miniArchive();
    await buildArchive(paths, { pdf: false, release: false, siteUrl: SITE_URL }, fakeEffects(pages));
    const before = await readFile(join(paths.out, "testdorp/2022/memo-q2/index.html"));
    const failing = fakeEffects(() => Promise.reject(new NotaError([{ file: "site", origin: "nota:site", message: "de site kon niet worden gebouwd" }])));
    await expect(buildArchive(paths, { pdf: false, release: false, siteUrl: SITE_URL }, failing)).rejects.toThrow("de site kon niet worden gebouwd");
    expect(await readFile(join(paths.out, "testdorp/2022/memo-q2/index.html"))).toEqual(before);
    expect((await readdir(join(paths.out, ".."))).filter((name) => name.includes("staging"))).toEqual([]);
    await expect(buildArchive(paths, { pdf: false, release: false, siteUrl: SITE_URL }, fakeEffects(pages))).resolves.toMatchObject({ notes: 1 });
  });

  it("gives up its staging folder and locks at once when interrupted", async () => {
    const paths = await miniArchive();
    const interrupted = new AbortController();
    const effects = {
      ...fakeEffects(async (build) => {
        await pages(build);
        interrupted.abort();
        throw new Error("onderbroken");
      }),
      signal: interrupted.signal,
    };
    await expect(buildArchive(paths, { pdf: false, release: false, siteUrl: SITE_URL }, effects)).rejects.toThrow("onderbroken");
    expect(await readdir(join(paths.out, "..")).then((names) => names.filter((name) => name.startsWith(".dist")))).toEqual([]);
    await expect(buildArchive(paths, { pdf: false, release: false, siteUrl: SITE_URL }, fakeEffects(pages))).resolves.toMatchObject({ notes: 1 });
  });

  it("builds one shard: lists every note, hands the site only its own notes' pages, charts and datasets, and says so in its manifest", async () => {
    const paths = await miniArchive();
    // A second note without a chart: with two shards, each gets one of Testdorp's two notes.
    const memo = await readFile(join(paths.content, "testdorp/2022/memo-q2.mdx"), "utf8");
    await writeFile(join(paths.content, "testdorp/2022/tabel-q2.mdx"), memo.replace("TD-2022-1", "TD-2022-2").replace("Testmemo jeugdhulp", "Testmemo tabel").replace('<Grafiek grafiek="lijn" data="clienten" />', ""));
    const shards = [];
    for (const index of [1, 2]) {
      const effects = fakeEffects(pages);
      const out = join(paths.root, `deel-${index}`);
      await buildArchive({ ...paths, out }, { pdf: false, release: false, siteUrl: SITE_URL, shard: { index, count: 2 } }, effects);
      const { archive } = effects.given[0]!;
      shards.push({ out, archive, manifest: JSON.parse(await readFile(join(out, "nota-deel.json"), "utf8")) });
    }
    for (const { archive } of shards) expect([...archive.notes.keys()].sort()).toEqual(["testdorp/2022/memo-q2", "testdorp/2022/tabel-q2"]);
    const own = shards.map(({ archive }) => [...archive.pages!]);
    expect(own.flat().sort()).toEqual(["testdorp/2022/memo-q2", "testdorp/2022/tabel-q2"]);
    expect(own.map((ids) => ids.length)).toEqual([1, 1]);
    const withChart = shards.find(({ archive }) => archive.pages!.has("testdorp/2022/memo-q2"))!;
    const withTable = shards.find(({ archive }) => archive.pages!.has("testdorp/2022/tabel-q2"))!;
    expect([...withChart.archive.chartUses.keys()]).toEqual(["testdorp/2022/memo-q2"]);
    expect(withChart.archive.charts.size).toBe(1);
    expect([...withTable.archive.chartUses.keys()]).toEqual(["testdorp/2022/tabel-q2"]);
    expect(withTable.archive.charts.size).toBe(0);
    expect([...withTable.archive.datasets.keys()]).toEqual(["testdorp/2022-Q2/begroting"]);
    expect(shards.map(({ manifest }) => [manifest.deel, manifest.delen, manifest.notities, manifest.per, manifest.siteUrl])).toEqual([
      [1, 2, own[0], null, SITE_URL],
      [2, 2, own[1], null, SITE_URL],
    ]);
    expect(shards[0]!.manifest.bronnen).toBe(shards[1]!.manifest.bronnen);
    // The merge makes the search index; a shard makes none.
    for (const { out } of shards) expect(await readdir(out)).not.toContain("pagefind");
  });
});
