import { describe, expect, it } from "vitest";
import { sourceProblems } from "../../src/charts/check-spec.ts";
import { checkArchive } from "../../src/archive.ts";
import { ChartSandbox } from "../../src/charts/sandbox.ts";
import { attributeProblem } from "../../src/content/components.ts";
import { svgProblem } from "../../src/content/images.ts";
import { datasetRefProblem, imageTarget, linkProblem, specRefProblem } from "../../src/content/references.ts";
import { cssString } from "../../src/escape.ts";
import { projectPaths } from "../../src/paths.ts";
import { MINI } from "../support/run.ts";

const note = { gemeente: "testdorp", year: "2022", slug: "memo-q2" };

describe("what a note may reference", () => {
  it("allows http(s), mailto, tel, relative links and fragments", () => {
    for (const url of ["https://www.raalte.nl/", "http://example.org/a?b=c", "mailto:griffie@raalte.nl", "tel:+31572347799", "../2021/memo/", "#voetnoot-1", "/raalte/"]) {
      expect(linkProblem(url), url).toBeUndefined();
    }
  });

  it("refuses every other scheme, however it is written", () => {
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)", "java\nscript:x", "\u0001javascript:x", "data:text/html,<script>x</script>", "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/", "\\\\evil.example\\x"]) {
      expect(linkProblem(url), JSON.stringify(url)).toBeDefined();
    }
  });

  it("names datasets and chart specs, never paths", () => {
    expect(datasetRefProblem("clienten")).toBeUndefined();
    expect(datasetRefProblem("2021-Q4/clienten")).toBeUndefined();
    for (const ref of ["../../../../buiten/geheim", "2022-Q2/../../x", "/etc/passwd", "Clienten", "a/b/c", "2022-Q5/x", ""]) expect(datasetRefProblem(ref), ref).toBeDefined();
    expect(specRefProblem("lijn-jaarvergelijking")).toBeUndefined();
    for (const ref of ["../../../../buiten/geheim", "lijn.vl", "/tmp/x", "lijn/../x"]) expect(specRefProblem(ref), ref).toBeDefined();
  });

  it("finds images in the note's folder or the gemeente's afbeeldingen/, at a published address beside the note", () => {
    expect(imageTarget(note, "kaart.png")).toEqual({ file: "content/testdorp/2022/kaart.png", url: "/testdorp/2022/memo-q2/kaart.png" });
    expect(imageTarget(note, "./figuren/kaart.svg")).toEqual({ file: "content/testdorp/2022/figuren/kaart.svg", url: "/testdorp/2022/memo-q2/figuren/kaart.svg" });
    expect(imageTarget(note, "/afbeeldingen/logo.png")).toEqual({ file: "data/testdorp/afbeeldingen/logo.png", url: "/testdorp/afbeeldingen/logo.png" });
  });

  it("refuses images elsewhere, of other types, or that could be modules", () => {
    for (const url of ["../../../../buiten/geheim.png", "/etc/hostname", "/usr/share/pixmaps/x.png", "http://127.0.0.1:9/a.png", "file:///x.png", "grafiek.mjs", "x.js", "x.ts", "x.astro", "x.mdx", "x.json", "x.html", ".verborgen/x.png", "a/../b.png", "x.png?import", "%2e%2e/x.png"]) {
      expect("problem" in imageTarget(note, url), url).toBe(true);
    }
  });

  it("checks each component attribute for its kind: numbers without exponents, real dates", () => {
    expect(attributeProblem("Getal", "waarde", "1069000")).toBeUndefined();
    expect(attributeProblem("Bedrag", "waarde", "6961.30")).toBeUndefined();
    expect(attributeProblem("Datum", "waarde", "2022-04-01")).toBeUndefined();
    expect(attributeProblem("Getal", "waarde", "abc")).toMatch(/geen getal/);
    expect(attributeProblem("Bedrag", "waarde", "1e400")).toMatch(/geen getal/);
    expect(attributeProblem("Getal", "waarde", "NaN")).toMatch(/geen getal/);
    expect(attributeProblem("Datum", "waarde", "2022-13-45")).toMatch(/geen bestaande datum/);
    expect(attributeProblem("Datum", "waarde", "2022-02-30")).toMatch(/geen bestaande datum/);
    expect(attributeProblem("Grafiek", "grafiek", "../../x")).toMatch(/geen grafieknaam/);
    expect(attributeProblem("Kader", "onclick", "x")).toMatch(/kent geen attribuut/);
  });
});

describe("chart specs read only their bound dataset", () => {
  const bound = { data: { name: "dataset" }, mark: "line" };
  it("accepts the bound dataset", () => {
    expect(sourceProblems(bound)).toEqual([]);
    expect(sourceProblems({ layer: [bound, { mark: "point" }] })).toEqual([]);
  });

  it("refuses URLs, inline values, generators, links, pictures and style anywhere in the tree", () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ data: { url: "/etc/passwd" } }, ["data"]],
      [{ layer: [{ data: { url: "x.csv" } }] }, ["layer", 0, "data"]],
      [{ hconcat: [bound, { vconcat: [{ data: { name: "dataset", url: "y" } }] }] }, ["hconcat", 1, "vconcat", 0, "data"]],
      [{ facet: { row: { field: "a" } }, spec: { data: { values: [1] } } }, ["spec", "data"]],
      [{ ...bound, transform: [{ lookup: "k", from: { data: { url: "http://127.0.0.1:9/x" }, key: "k" } }] }, ["transform", 0, "from", "data"]],
      [{ data: { sequence: { start: 0, stop: 5e7 } } }, ["data"]],
      [{ ...bound, encoding: { href: { value: "javascript:alert(1)" } } }, ["encoding", "href"]],
      [{ ...bound, mark: "image" }, ["mark"]],
      [{ ...bound, encoding: { url: { field: "u" } } }, ["encoding", "url"]],
      [{ ...bound, datasets: { x: [] } }, ["datasets"]],
      [{ ...bound, config: { background: "red" } }, ["config"]],
    ];
    for (const [spec, path] of cases) expect(sourceProblems(spec).map((p) => p.path), JSON.stringify(spec)).toContainEqual(path);
  });
});

describe("the chart sandbox", () => {
  const spec = (transform: unknown[]) => ({ data: { name: "dataset" }, mark: "point", transform, encoding: { x: { field: "x", type: "quantitative" } } }) as never;

  it("stops a chart that runs past its time limit or its memory, and the next chart still compiles", async () => {
    const paths = projectPaths(MINI);
    const { archive } = await checkArchive(paths);
    const [chart] = [...archive.specs.values()];
    const job = (transform: unknown[]) => ({
      chart: { ...chart!, spec: { ...chart!.spec, transform } as never },
      dataset: [...archive.datasets.values()].find((d) => d.type === "tijdreeks")!,
      profile: [...archive.profiles.values()][0]!,
      title: "Test",
      note: "content/testdorp/2022/memo-q2.mdx",
    });
    const sandbox = new ChartSandbox({ threads: 1, limits: { seconds: 3, memoryMb: 128 } });
    try {
      const started = performance.now();
      const [slow, hungry, fine] = await sandbox.runAll([
        { kind: "render", job: job([{ calculate: "test(/(a+)+$/, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')", as: "x" }]) },
        { kind: "render", job: job([{ impute: "clienten", key: "maand", keyvals: { start: 0, stop: 50_000_000 }, groupby: ["jaar"] }]) },
        { kind: "render", job: job([]) },
      ]);
      expect(slow).toEqual({ error: expect.stringContaining("duurde langer dan 3 seconden") });
      expect(hungry).toEqual({ error: expect.stringMatching(/meer dan 128 MB geheugen|duurde langer dan 3 seconden/) });
      expect(fine).toMatchObject({ result: { title: "Test" } });
      expect(performance.now() - started).toBeLessThan(20_000);
    } finally {
      await sandbox.close();
    }
  });

  it("names an unknown function in an expression in Dutch", async () => {
    const sandbox = new ChartSandbox({ threads: 1 });
    try {
      const [outcome] = await sandbox.runAll([{ kind: "check", spec: spec([{ calculate: "bestaatniet(1)", as: "x" }]) }]);
      expect(outcome).toEqual({ error: "onbekende functie 'bestaatniet' in een expressie" });
    } finally {
      await sandbox.close();
    }
  });
});

describe("escaping", () => {
  it("writes CSS strings that cannot end the string, the declaration or a style element", () => {
    const hostile = `"; } body { display:none } </style><script>alert(1)</script> \\ \n`;
    const css = cssString(hostile);
    // Only letters, digits, harmless marks and hex escapes (`\3c `) between the quotes.
    expect(css).toMatch(/^"(?:[\p{L}\p{N} ,.·:!?()–—/-]|\\[0-9a-f]+ )*"$/u);
    expect(css).toContain("\\3c /style\\3e ");
    expect(cssString("Memo · kenmerk RA-2022-0412")).toBe('"Memo · kenmerk RA-2022-0412"');
  });

  it("refuses SVG pictures that script, embed or reach out", () => {
    const svg = (inner: string, attributes = "") => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attributes}>${inner}</svg>`;
    expect(svgProblem(svg('<rect width="10" height="10" fill="url(#verloop)"/><text x="1" y="5">Kaart</text>'))).toBeUndefined();
    for (const bad of [
      svg("<script>alert(1)</script>"),
      svg('<rect width="1" height="1"/>', 'onload="alert(1)"'),
      svg("<foreignObject><div>x</div></foreignObject>"),
      svg('<use xlink:href="http://evil.example/x.svg#a"/>'),
      svg('<rect fill="url(http://evil.example/x)"/>'),
      svg("<style>@import url(http://evil.example/x.css);</style>"),
      svg('<a href="javascript:alert(1)"><text>x</text></a>'),
      svg("<image href=\"data:image/png;base64,AAAA\"/>"),
      `<!DOCTYPE svg [<!ENTITY x "y">]>${svg("<text>&x;</text>")}`,
    ]) {
      expect(svgProblem(bad), bad).toBeDefined();
    }
  });
});
