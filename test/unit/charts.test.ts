import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkArchive, renderCharts } from "../../src/archive.ts";
import { BuildCache } from "../../src/cache.ts";
import { compileCharts, type ChartJob } from "../../src/charts/cached.ts";
import { compileChart } from "../../src/charts/compile.ts";
import { withSandbox } from "../../src/charts/sandbox.ts";
import { projectPaths } from "../../src/paths.ts";
import { MINI } from "../support/run.ts";

describe("charts", () => {
  it("compiles a Vega-Lite spec with the dataset's values to SVG in the house style, with a text alternative", async () => {
    const paths = projectPaths(MINI);
    const { archive, diagnostics } = await checkArchive(paths);
    expect(diagnostics).toEqual([]);
    const charts = [...(await renderCharts(archive, paths)).charts.values()];
    expect(charts).toHaveLength(1);
    const [chart] = charts;
    // Two series (2021, 2022) drawn as two line paths in the profile's two chart colours.
    const lines = chart!.svg.match(/<g class="mark-line role-mark[^"]*"[^>]*><path[^>]*>/g) ?? [];
    expect(lines).toHaveLength(2);
    expect(chart!.svg).toContain('stroke="#17456b"');
    expect(chart!.svg).toContain('stroke="#d4a017"');
    // Axis labels in Dutch number format, legend with both years.
    expect(chart!.svg).toContain(">1.200</text>");
    expect(chart!.svg).toMatch(/>2021<\/text>[\s\S]*>2022<\/text>/);
    // No English labels of Vega's own ("X-axis titled …"): the page gives the Dutch alt.
    expect(chart!.svg).not.toMatch(/aria-label|aria-roledescription/);
    expect(chart!.alt).toBe(
      "Lijndiagram: Cliënten per maand. Aantal cliënten per maand, 2 reeksen (2021, 2022). 2021: van 1.201 (januari) tot 1.210 (februari), hoogste 1.210 (februari). 2022: van 1.302 (januari) tot 1.333 (februari), hoogste 1.333 (februari). Dit zijn voorbeelddata.",
    );
  });

  it("compiles each chart once even when several notes show it", async () => {
    const paths = projectPaths(MINI);
    const { archive } = await checkArchive(paths);
    const note = archive.notes[0]!;
    archive.notes.push({ ...note, id: `${note.id}-kopie` });
    expect((await renderCharts(archive, paths)).charts.size).toBe(1);
  });

  it("takes a chart from the cache of an earlier build until its data changes", async () => {
    const paths = projectPaths(MINI);
    const { archive } = await checkArchive(paths);
    const dir = await mkdtemp(join(os.tmpdir(), "nota-chart-cache-"));
    const [first] = [...(await renderCharts(archive, paths, new BuildCache(dir))).charts.values()];
    const [entry] = await readdir(dir);
    // Mark the cached SVG: a later build that shows the mark took the chart from the cache.
    const cached = JSON.parse(await readFile(join(dir, entry!), "utf8"));
    await writeFile(join(dir, entry!), JSON.stringify({ ...cached, svg: `${cached.svg}<!-- uit de cache -->` }));
    const [second] = [...(await renderCharts(archive, paths, new BuildCache(dir))).charts.values()];
    expect(second!.svg).toBe(`${first!.svg}<!-- uit de cache -->`);

    const dataset = archive.datasets.get(first!.datasetKey)!;
    archive.datasets.set(first!.datasetKey, { ...dataset, titel: `${dataset.titel} (bijgewerkt)` });
    const [third] = [...(await renderCharts(archive, paths, new BuildCache(dir))).charts.values()];
    expect(third!.svg).not.toContain("uit de cache");
    expect(await readdir(dir)).toHaveLength(2);
  });

  it("compiles a large set of charts in the sandbox's worker threads, each result in its job's place", async () => {
    const paths = projectPaths(MINI);
    const { archive } = await checkArchive(paths);
    const chart = [...archive.specs.values()][0]!;
    const dataset = [...archive.datasets.values()].find((d) => d.type === "tijdreeks")!;
    const profile = [...archive.profiles.values()][0]!;
    const jobs: ChartJob[] = Array.from({ length: 40 }, (_, i) => ({ chart, dataset, profile, title: `Grafiek ${i + 1}`, note: "content/testdorp/2022/memo-q2.mdx" }));
    const { charts: compiled, diagnostics } = await withSandbox((sandbox) => compileCharts(jobs, sandbox));
    expect(diagnostics).toEqual([]);
    expect(compiled.map((c) => c.title)).toEqual(jobs.map((j) => j.title));
    for (const i of [0, 27, 39]) expect(compiled[i]).toEqual(await compileChart(chart, dataset, profile, jobs[i]!.title));
  });

  it("leaves out the axis labels Vega hides because they overlap: unseen, they would still be text in the PDF", async () => {
    const { archive } = await checkArchive(projectPaths(MINI));
    const chart = [...archive.specs.values()][0]!;
    const dataset = [...archive.datasets.values()].find((d) => d.type === "tijdreeks")!;
    const profile = [...archive.profiles.values()][0]!;
    // Twenty ticks on an axis 40 pixels high: most labels overlap, and Vega hides them with opacity 0.
    const crowded = { ...chart, spec: { ...chart.spec, height: 40, encoding: { ...(chart.spec as { encoding: object }).encoding, y: { field: "clienten", type: "quantitative", axis: { tickCount: 20, labelOverlap: true } } } } } as typeof chart;
    const { svg } = await compileChart(crowded, dataset, profile, "Dichte as");
    expect(svg).toMatch(/<g class="mark-text role-axis-label"/);
    expect(svg).not.toMatch(/<text[^>]*opacity="0"/);
    expect((svg.match(/<text[^>]*opacity="1"[^>]*>[\d.]+<\/text>/g) ?? []).length).toBeGreaterThan(1);
  });
});
