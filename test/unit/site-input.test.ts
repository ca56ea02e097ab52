import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotaError } from "../../src/errors.ts";
import { decodeSiteInput, encodeSiteInput, readSiteInput, SITE_INPUT_VERSION, type SiteInput } from "../../src/site/input.ts";

const input = (): SiteInput =>
  ({
    version: SITE_INPUT_VERSION,
    siteUrl: "https://raad.example.nl",
    contentDir: "/archief/content",
    archivePages: true,
    gemeenten: new Map([["raalte", { slug: "raalte", naam: "Raalte" }]]),
    notes: new Map([["raalte/2022/memo", { id: "raalte/2022/memo", gemeente: "raalte", frontmatter: { titel: "Memo", soort: "memo" } }]]),
    datasets: new Map([["raalte/2022-Q2/clienten", { key: "raalte/2022-Q2/clienten", type: "reeks" }]]),
    charts: new Map([["k", { key: "k", svg: "<svg/>", alt: "Grafiek" }]]),
    chartUses: new Map([["raalte/2022/memo", [{ grafiek: "staaf", data: "clienten", title: "Cliënten", key: "k" }]]]),
    images: [],
    pdfs: new Set(["raalte/2022/memo"]),
    publication: new Map([["raalte/2022/memo", { earlier: [] }]]),
    withdrawn: new Map(),
  }) as unknown as SiteInput;

const problem = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof NotaError) return error.diagnostics[0];
    throw error;
  }
  throw new Error("no NotaError");
};

describe("the site input (the contract between pipeline and site)", () => {
  it("comes back as it went, Maps and Sets included", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "nota-invoer-")), "site-invoer.v8");
    await writeFile(file, encodeSiteInput(input()));
    const read = await readSiteInput(file);
    expect(read).toEqual(input());
    expect(read.pdfs.has("raalte/2022/memo")).toBe(true);
    expect(read.chartUses.get("raalte/2022/memo")?.[0]?.key).toBe("k");
  });

  it("refuses an input of another version, naming the file and both versions", () => {
    const old = encodeSiteInput({ ...input(), version: 1 } as unknown as SiteInput);
    expect(problem(() => decodeSiteInput(old, ".nota/bouw-1/site-invoer.v8"))).toEqual({
      file: ".nota/bouw-1/site-invoer.v8",
      origin: "nota:site",
      message: `de invoer van de site is onleesbaar (versie 1, verwacht ${SITE_INPUT_VERSION}); bouw opnieuw met deze versie van nota`,
    });
  });

  it("refuses a file that is no site input, and one with a field of the wrong shape", () => {
    expect(problem(() => decodeSiteInput(Buffer.from("{}"), "x.v8"))?.message).toContain("versie undefined");
    const wrong = encodeSiteInput({ ...input(), pdfs: ["raalte/2022/memo"] } as unknown as SiteInput);
    expect(problem(() => decodeSiteInput(wrong, "x.v8"))?.message).toMatch(/onleesbaar \(.*pdfs/s);
  });
});
