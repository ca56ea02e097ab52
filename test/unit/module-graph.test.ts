import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { moduleGraph } from "../../src/module-graph.ts";
import { REPO } from "../support/run.ts";

/** The fingerprint as a fresh build process computes it (it is memoised within a process). */
function fingerprint(entry: string): string {
  const script = `import { codeFingerprint } from ${JSON.stringify(pathToFileURL(join(REPO, "src/cache.ts")).href)}; console.log(await codeFingerprint(${JSON.stringify(entry)}));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  return result.stdout.trim();
}

describe("code fingerprints from the module graph", () => {
  it("change with a file the entry reaches, not with an unrelated or type-only one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nota-graph-"));
    const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
    write("stage.ts", `import { helper } from "./helper.ts";\nimport type { Shape } from "./types.ts";\nexport const run = (s: Shape) => helper(s);\n`);
    write("helper.ts", `export { deep as helper } from "./deep.ts";\n`);
    write("deep.ts", `import { PDFDocument } from "pdf-lib";\nexport const deep = (s: unknown) => [PDFDocument, s];\nexport const later = () => import("./lazy.ts");\n`);
    write("lazy.ts", `export const lazy = 1;\n`);
    write("types.ts", `export interface Shape { a: number }\n`);
    write("unrelated.ts", `export const other = 1;\n`);
    const entry = join(dir, "stage.ts");

    expect(await moduleGraph([entry])).toEqual({ files: ["deep.ts", "helper.ts", "lazy.ts", "stage.ts"].map((f) => join(dir, f)), packages: ["pdf-lib"] });
    const before = fingerprint(entry);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    write("unrelated.ts", `export const other = 2;\n`);
    write("types.ts", `export interface Shape { a: string }\n`);
    expect(fingerprint(entry)).toBe(before);
    write("lazy.ts", `export const lazy = 2;\n`);
    const afterLazy = fingerprint(entry);
    expect(afterLazy).not.toBe(before);
    write("deep.ts", `import { PDFDocument } from "pdf-lib";\nexport const deep = (s: unknown) => [s, PDFDocument];\nexport const later = () => import("./lazy.ts");\n`);
    expect(fingerprint(entry)).not.toBe(afterLazy);
  });

  it("each stage's graph holds the modules and packages its hand-written list used to name", async () => {
    const src = (files: string[]) => files.map((f) => join(REPO, "src", f));
    const pdf = await moduleGraph([join(REPO, "src/pdf/stage.ts")]);
    expect(pdf.files).toEqual(expect.arrayContaining(src(["pdf/render.ts", "pdf/browser.ts", "pdf/archival.ts", "pdf/artifacts.ts", "pdf/word-spaces.ts", "pdf/structure-tree.ts", "site/plugins/footnote-labels.ts"])));
    expect(pdf.packages).toEqual(expect.arrayContaining(["pdf-lib", "puppeteer-core"]));
    // Only types come from the archive: the PDF cache does not depend on the whole pipeline.
    expect(pdf.files).not.toContain(join(REPO, "src/archive.ts"));

    const signing = await moduleGraph([join(REPO, "src/sign/sign-pdf.ts")]);
    expect(signing.files).toEqual(expect.arrayContaining(src(["sign/placeholder.ts", "sign/cms.ts", "sign/tsa.ts", "pdf/document.ts", "pdf/structure-tree.ts"])));
    expect(signing.packages).toEqual(["asn1js", "pdf-lib", "pkijs"]);

    const charts = await moduleGraph([join(REPO, "src/charts/sandbox-child.ts")]);
    expect(charts.files).toEqual(src(["charts/compile.ts", "charts/describe.ts", "charts/key.ts", "charts/sandbox-child.ts", "charts/theme.ts", "data/rows.ts", "format/dutch.ts"]));
    expect(charts.packages).toEqual(["vega", "vega-interpreter", "vega-lite"]);

    const mdx = await moduleGraph([join(REPO, "src/site/markdown.ts")]);
    expect(mdx.files).toEqual(expect.arrayContaining(src(["site/plugins/remark-bind-note.ts", "site/plugins/remark-resolve-references.ts", "site/plugins/rehype-wrap-sections.ts", "content/components.ts", "content/references.ts"])));
    expect(mdx.packages).toEqual(expect.arrayContaining(["@astrojs/markdown-remark", "unist-util-visit"]));
  });
});
