import { readdirSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join } from "node:path";
import { init, parse } from "es-module-lexer";
import { describe, expect, it } from "vitest";
import { packageName } from "../../src/module-graph.ts";
import { REPO } from "../support/run.ts";

const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const FOLDERS = ["src", "scripts", "bench", "test", "bin", "templates"];

/** The code of a source file: for an .astro file its frontmatter and scripts. */
function code(file: string): string {
  const text = readFileSync(file, "utf8");
  if (!file.endsWith(".astro")) return text;
  return [...text.matchAll(/^---\n([\s\S]*?)\n---|<script[^>]*>([\s\S]*?)<\/script>/gm)].map((m) => m[1] ?? m[2]).join("\n");
}

/** Every import by package name in nota's code, with whether it is for types only. */
async function bareImports(): Promise<{ file: string; name: string; typeOnly: boolean }[]> {
  await init;
  const found: { file: string; name: string; typeOnly: boolean }[] = [];
  for (const folder of FOLDERS) {
    for (const path of readdirSync(join(REPO, folder), { recursive: true, encoding: "utf8" })) {
      if (!/\.(ts|mjs|js|astro)$/.test(path) || path.includes("fixtures")) continue;
      const file = join(folder, path);
      const text = code(join(REPO, file));
      for (const { n, ss, se } of parse(text, file)[0]) {
        if (!n || /^[./#]/.test(n) || isBuiltin(n) || /^[a-z]+:/.test(n)) continue;
        found.push({ file, name: packageName(n), typeOnly: /^(import|export)\s+type\s/.test(text.slice(ss, se)) });
      }
    }
  }
  return found;
}

describe("dependencies", () => {
  it("every package imported by name is declared in package.json; what src/ runs is a dependency", async () => {
    const imports = await bareImports();
    expect(imports.map((i) => i.name)).toEqual(expect.arrayContaining(["pkijs", "pdf-lib", "vitest", "vfile"]));
    const declared = { ...manifest.dependencies, ...manifest.devDependencies };
    const types = (name: string) => `@types/${name.replace(/^@/, "").replace("/", "__")}`;
    const undeclared = imports.filter((i) => !(i.name in declared) && !(i.typeOnly && types(i.name) in declared));
    expect(undeclared).toEqual([]);
    const runtimeInDev = imports.filter((i) => i.file.startsWith("src/") && !i.typeOnly && !(i.name in manifest.dependencies));
    expect(runtimeInDev).toEqual([]);
  });

  it("nota no longer carries a second ASN.1 stack or a signing library", () => {
    for (const name of ["node-forge", "@types/node-forge", "@signpdf/signpdf", "@signpdf/utils"]) expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })).not.toContain(name);
  });
});
