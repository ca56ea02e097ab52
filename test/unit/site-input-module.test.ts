import type { Plugin } from "vite";
import { describe, expect, it } from "vitest";
import { siteInput } from "../../src/site/plugins/site-input.ts";

/** The source of `virtual:nota/site-input` as the integration hands it to Vite. */
async function virtualModule(options: Parameters<typeof siteInput>[0]): Promise<string> {
  let plugin: Plugin | undefined;
  const setup = siteInput(options).hooks["astro:config:setup"] as (params: { updateConfig: (config: { vite: { plugins: Plugin[] } }) => void }) => void;
  setup({ updateConfig: (config) => (plugin = config.vite.plugins[0]) });
  const id = (plugin!.resolveId as (id: string) => string)("virtual:nota/site-input");
  return (plugin!.load as (id: string) => string)(id);
}

describe("virtual:nota/site-input", () => {
  it("has Astro compile every note when the build renders all of them", async () => {
    const source = await virtualModule({ inputFile: "/w/site-invoer.v8", contentDir: "/a/content" });
    expect(source).toContain('export const inputFile = "/w/site-invoer.v8";');
    expect(source).toContain('export const notePattern = "*/*/*.mdx";');
  });

  it("has a shard's Astro compile only the notes whose pages it renders", async () => {
    const source = await virtualModule({ inputFile: "/w/i", contentDir: "/a/content", renderedNotes: ["raalte/2022/memo-q2", "zwolle/2023/brief"] });
    expect(source).toContain('export const notePattern = ["raalte/2022/memo-q2.mdx","zwolle/2023/brief.mdx"];');
    expect(await virtualModule({ inputFile: "/w/i", contentDir: "/a/content", renderedNotes: [] })).toContain("export const notePattern = [];");
  });
});
