import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { nota, REPO } from "./run.ts";
import { SAMPLE_MOMENT } from "./site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    sampleSite: string;
  }
}

/** Builds the sample archive once, with the real command, for every test that reads it. */
export default async function setup(project: TestProject) {
  // A developer may point NOTA_SAMPLE_SITE at a sample already built, to iterate faster.
  if (process.env.NOTA_SAMPLE_SITE) {
    project.provide("sampleSite", process.env.NOTA_SAMPLE_SITE);
    return;
  }
  const out = join(await mkdtemp(join(tmpdir(), "nota-sample-")), "dist");
  const result = nota(["build", "--root", REPO, "--out", out, "--per", SAMPLE_MOMENT]);
  if (result.code !== 0) throw new Error(`sample build failed (${result.code}):\n${result.stderr}`);
  project.provide("sampleSite", out);
}
