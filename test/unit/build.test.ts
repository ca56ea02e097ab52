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
});
