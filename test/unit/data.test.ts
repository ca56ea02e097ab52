import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDataset } from "../../src/data/load.ts";
import { writeOpenData } from "../../src/data/open-data.ts";
import type { Diagnostic } from "../../src/errors.ts";
import { REPO } from "../support/run.ts";

const SEED_001_TABLE = join(REPO, "data/raalte/2022-Q4/begroting-2022.json");

async function load(json: string) {
  const dir = await mkdtemp(join(tmpdir(), "nota-data-"));
  const file = join(dir, "tabel.json");
  await writeFile(file, json);
  const diagnostics: Diagnostic[] = [];
  const dataset = await loadDataset(file, "raalte", "2022-Q4", "tabel", diagnostics);
  return { dataset, diagnostics, file };
}

describe("datasets", () => {
  it("accepts seed 001's budget table, whose stated totals add up", async () => {
    const { dataset, diagnostics } = await load(await readFile(SEED_001_TABLE, "utf8"));
    expect(diagnostics).toEqual([]);
    expect(dataset?.type).toBe("tabel");
  });

  it("names file, table, row and line when a total does not add up", async () => {
    const table = JSON.parse(await readFile(SEED_001_TABLE, "utf8"));
    const uitgaven = table.groepen.find((g: { label: string }) => g.label === "Uitgaven");
    uitgaven.totaal.waarden.prognose = 11261944;
    const { dataset, diagnostics, file } = await load(JSON.stringify(table, null, 2));
    expect(dataset).toBeUndefined();
    // Only the wrong total: the saldo of its row and the closing balance are checked against the sums, so they do not repeat it.
    expect(diagnostics).toHaveLength(1);
    const problem = diagnostics.find((d) => d.message.includes("de som van de rijen"));
    expect(problem?.file).toBe(file);
    expect(problem?.origin).toBe("nota:totalen");
    expect(problem?.message).toContain("Totaal uitgaven Jeugdzorg");
    expect(problem?.message).toContain("vermeld 11.261.944, de som van de rijen is 11.261.943");
    expect(problem?.field).toMatch(/^groepen\[\d\]\.totaal\.waarden\.prognose$/);
    expect(problem?.line).toBeGreaterThan(1);
  });

  it("checks a difference column and the closing balance", async () => {
    const table = JSON.parse(await readFile(SEED_001_TABLE, "utf8"));
    table.saldo.waarden.saldo = 640251;
    const { diagnostics } = await load(JSON.stringify(table, null, 2));
    expect(diagnostics.map((d) => d.field)).toEqual(["saldo.waarden.saldo"]);
    expect(diagnostics[0]?.message).toContain("Prognose Jeugdzorg");
  });

  it("reports a schema violation with the field path and its line", async () => {
    const { diagnostics } = await load('{\n  "type": "kerncijfers",\n  "titel": "Cijfers",\n  "eenheid": "aantal",\n  "cijfers": [{ "id": "a", "label": "A", "waarde": "veel" }]\n}\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ field: "cijfers[0].waarde", line: 5, origin: "nota:dataset" });
    expect(diagnostics[0]?.message).toMatch(/verwacht getal/);
  });

  it("refuses a provenance address that is not a web address", async () => {
    const herkomst = (url: string) => `{\n  "type": "kerncijfers",\n  "titel": "Cijfers",\n  "eenheid": "aantal",\n  "cijfers": [{ "id": "a", "label": "A", "waarde": 1 }],\n  "herkomst": { "url": ${JSON.stringify(url)}, "opgehaald": "2023-04-01" }\n}\n`;
    const { diagnostics } = await load(herkomst("javascript:alert(1)"));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ field: "herkomst.url", line: 6, origin: "nota:dataset" });
    expect((await load(herkomst("https://opendata.cbs.nl/ODataApi/odata/84753NED"))).diagnostics).toEqual([]);
  });

  it("reports broken JSON with line and column", async () => {
    const { diagnostics } = await load('{\n  "type": "tabel",\n  "titel": "x",,\n}');
    expect(diagnostics[0]).toMatchObject({ line: 3, origin: "nota:dataset" });
    expect(diagnostics[0]?.message).toContain("ongeldige JSON");
  });
});

describe("open data", () => {
  it("writes each dataset as CSV and JSON at its address, a formula kept as text, the source file left out", async () => {
    const table = JSON.parse(await readFile(SEED_001_TABLE, "utf8"));
    table.groepen[0].rijen[0].label = "=HYPERLINK(\"https://example.org\")";
    const { dataset } = await load(JSON.stringify(table));
    const site = await mkdtemp(join(tmpdir(), "nota-open-data-"));
    await writeOpenData([dataset!], site);
    const csv = await readFile(join(site, "data/raalte/2022-Q4/tabel.csv"), "utf8");
    expect(csv.split("\r\n")[0]).toBe(`groep,rij,soort,${table.kolommen.map((c: { id: string }) => c.id).join(",")}`);
    expect(csv).toContain(`,"'=HYPERLINK(""https://example.org"")",rij,`);
    const json = JSON.parse(await readFile(join(site, "data/raalte/2022-Q4/tabel.json"), "utf8"));
    expect(json).not.toHaveProperty("file");
    expect(json.groepen[0].rijen[0].label).toBe(table.groepen[0].rijen[0].label);
    await rm(site, { recursive: true });
  });
});
