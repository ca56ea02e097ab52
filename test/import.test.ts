import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { cbsUrls, parsePeriod } from "../src/import/cbs.ts";
import type { CbsMapping } from "../src/import/mapping.ts";
import { readDate, readNumber } from "../src/import/cells.ts";
import { provenanceLines } from "../src/site/lib/provenance.ts";
import type { Dataset } from "../src/data/schema.ts";
import { copyFixture, nota, REPO } from "./support/run.ts";

const SAMPLES = "voorbeelden/import/raalte";
const CBS_V3 = ["TypedDataSet", "Perioden", "DataProperties"].map((name) => `${SAMPLES}/cbs/85099NED-${name}.json`);
const EXPECTED = join(REPO, "test/fixtures/import/expected");
const Q1 = ["--gemeente", "raalte", "--kwartaal", "2023-Q1", "--per", "2026-11-26"];

/** The sample archive's sources in a private folder, without the 2023-Q1 datasets the sample mappings made. */
async function sampleArchive(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "nota-import-"));
  for (const part of ["content", "data", "templates", "publicaties"]) await cp(join(REPO, part), join(root, part), { recursive: true });
  for (const name of ["clienten", "begroting-2023", "jeugdhulp-cbs"]) await rm(join(root, `data/raalte/2023-Q1/${name}.json`));
  return root;
}

/** Every file of an archive with its SHA-256: "nothing changed" means this is the same before and after. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const entries = await Promise.all(files.map(async (e) => [join(e.parentPath, e.name), createHash("sha256").update(await readFile(join(e.parentPath, e.name))).digest("hex")] as const));
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

const json = async (file: string) => JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
const importInto = (root: string, args: string[]) => nota(["import", ...args, "--root", root]);

const XLSX_MAPPING = `dataset:
  type: tijdreeks
  titel: Unieke cliënten jeugdhulp per maand
  eenheid: cliënten
  voorbeelddata: true
  x: peildatum
  y: totaal
lezen:
  soort: xlsx
  blad: Cliënten
  bereik: A2:D
  koprijen: 2
kolommen:
  - { kop: Peildatum, soort: datum, id: peildatum }
  - { kop: Unieke cliënten / Specialistisch, id: specialistisch, label: Specialistische jeugdhulp }
  - { kop: Unieke cliënten / Basis, id: basis, label: Basishulp }
  - { kop: Unieke cliënten / Totaal, id: totaal, label: Totaal }
`;

describe("reading cells as a griffie's exports write them", () => {
  it("reads Dutch and other numbers, and refuses text", () => {
    expect(readNumber("1.234,5", ",")).toBe(1234.5);
    expect(readNumber("€ 10.912.000", ",")).toBe(10912000);
    expect(readNumber("−6.250", ",")).toBe(-6250);
    expect(readNumber("12,5%", ",")).toBe(12.5);
    expect(readNumber("1,234.5", ".")).toBe(1234.5);
    expect(readNumber("1234.5", ".")).toBe(1234.5);
    expect(readNumber("1.234,5", ".")).toBeUndefined();
    expect(readNumber("=SUM(A1:A3)", ",")).toBeUndefined();
    expect(readNumber("n.b.", ",")).toBeUndefined();
  });

  it("reads Dutch and ISO dates and Excel serials, and refuses dates that do not exist", () => {
    expect(readDate("1-4-2022")).toBe("2022-04-01");
    expect(readDate("01/04/2022")).toBe("2022-04-01");
    expect(readDate("2022-04-01")).toBe("2022-04-01");
    expect(readDate("1-4-2022 00:00")).toBe("2022-04-01");
    expect(readDate(44927)).toBe("2023-01-01");
    expect(readDate(new Date(Date.UTC(2022, 3, 1)))).toBe("2022-04-01");
    expect(readDate("31-2-2022")).toBeUndefined();
    expect(readDate("april 2022")).toBeUndefined();
  });

  it("reads CBS period codes", () => {
    expect(parsePeriod("2022JJ00")).toEqual({ label: "2022", begin: "2022-01-01", end: "2022-12-31" });
    expect(parsePeriod("2022HJ02")).toEqual({ label: "2022 2e halfjaar", begin: "2022-07-01", end: "2022-12-31" });
    expect(parsePeriod("2022KW02")).toEqual({ label: "2022 2e kwartaal", begin: "2022-04-01", end: "2022-06-30" });
    expect(parsePeriod("2022MM04")).toEqual({ label: "2022 april", begin: "2022-04-01", end: "2022-04-30" });
    expect(parsePeriod("2022KW05")).toBeUndefined();
  });

  it("--online asks the mapping's CBS address for this gemeente's figures, its periods and its topics, and nothing else", () => {
    const mapping = (url: string) => ({ lezen: { soort: "cbs", tabel: "85099NED", url, regio: "RegioS", periode: "Perioden", vast: {} } }) as unknown as CbsMapping;
    expect(cbsUrls(mapping("https://opendata.cbs.nl/ODataApi/odata/85099NED/"), "GM0177")).toEqual([
      "https://opendata.cbs.nl/ODataApi/odata/85099NED/TypedDataSet?$filter=substringof('GM0177',RegioS)&$format=json",
      "https://opendata.cbs.nl/ODataApi/odata/85099NED/Perioden?$format=json",
      "https://opendata.cbs.nl/ODataApi/odata/85099NED/DataProperties?$format=json",
    ]);
    expect(cbsUrls(mapping("https://datasets.cbs.nl/odata/v1/CBS/85099NED"), "GM0177")).toEqual([
      "https://datasets.cbs.nl/odata/v1/CBS/85099NED/Observations?$filter=RegioS eq 'GM0177'",
      "https://datasets.cbs.nl/odata/v1/CBS/85099NED/PeriodenCodes",
      "https://datasets.cbs.nl/odata/v1/CBS/85099NED/MeasureCodes",
    ]);
  });
});

describe("nota import of the sample sources", () => {
  let root: string;
  beforeAll(async () => {
    root = await sampleArchive();
    await writeFile(join(root, "data/raalte/2023-Q1/clienten-xlsx.import.yaml"), XLSX_MAPPING);
    await writeFile(join(root, "data/raalte/2023-Q1/jeugdhulp-cbs-v4.import.yaml"), (await readFile(join(root, "data/raalte/2023-Q1/jeugdhulp-cbs.import.yaml"), "utf8")).replace("JongerenMetJeugdhulp_1", "M001534").replace("JongerenMetJeugdhulpMetVerblijf_2", "M001535"));
  });

  it("the Dutch Excel CSV (Windows-1252, ';', decimal comma, 1-4-2022 dates) gives the expected time series", async () => {
    const result = importInto(root, [`${SAMPLES}/clienten-2023-03.csv`, ...Q1, "--dataset", "clienten", "--ja"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("data/raalte/2023-Q1/clienten.json: 15 rijen nieuw, 0 waarden gewijzigd, 0 rijen weg");
    expect(result.stdout).toContain("+ maand 3, jaar 2023: clienten 490, leeftijd 11,4");
    expect(await json(join(root, "data/raalte/2023-Q1/clienten.json"))).toEqual(await json(join(EXPECTED, "clienten-csv.json")));
  });

  it("the workbook (merged header cells, a formula's cached result, dates as serials) gives the expected time series", async () => {
    const result = importInto(root, [`${SAMPLES}/clienten-2023-03.xlsx`, ...Q1, "--dataset", "clienten-xlsx", "--ja"]);
    expect(result.stderr).toBe("");
    expect(await json(join(root, "data/raalte/2023-Q1/clienten-xlsx.json"))).toEqual(await json(join(EXPECTED, "clienten-xlsx.json")));
  });

  it("the budget workbook gives the expected table, its totals checked", async () => {
    const result = importInto(root, [`${SAMPLES}/begroting-2023.xlsx`, ...Q1, "--dataset", "begroting-2023", "--ja"]);
    expect(result.stderr).toBe("");
    expect(await json(join(root, "data/raalte/2023-Q1/begroting-2023.json"))).toEqual(await json(join(EXPECTED, "begroting-2023.json")));
  });

  it("CBS OData v3 responses give the series per half year, provisional figures marked", async () => {
    const result = importInto(root, [...CBS_V3, ...Q1, "--dataset", "jeugdhulp-cbs", "--ja"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("+ periode 2022 2e halfjaar: begin '2022-07-01', jeugdhulp 1.110, met-verblijf 90, status 'voorlopig'");
    expect(await json(join(root, "data/raalte/2023-Q1/jeugdhulp-cbs.json"))).toEqual(await json(join(EXPECTED, "jeugdhulp-cbs.json")));
  });

  it("CBS OData v4 responses give the same series", async () => {
    const v4 = ["Observations", "PeriodenCodes", "MeasureCodes"].map((name) => `test/fixtures/import/cbs-v4/${name}.json`);
    const result = importInto(root, [...v4, ...Q1, "--dataset", "jeugdhulp-cbs-v4", "--ja"]);
    expect(result.stderr).toBe("");
    const expected = await json(join(EXPECTED, "jeugdhulp-cbs.json"));
    expect(await json(join(root, "data/raalte/2023-Q1/jeugdhulp-cbs-v4.json"))).toEqual({ ...expected, herkomst: { ...(expected.herkomst as object), bestand: "Observations.json" } });
  });

  it("key figures from a workbook: each from the row with its label, in the named column", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Kerncijfers");
    sheet.addRows([["Omschrijving", "Aantal"], ["Basishulp", 1280], ["Specialistische jeugdhulp", { formula: "400+90", result: 490 }], ["Aandeel met verblijf", 0.087]]);
    // Shown as 8,7% and stored as 0,087: nota takes the number shown.
    sheet.getCell("B4").numFmt = "0,0%";
    const file = join(await mkdtemp(join(tmpdir(), "nota-import-src-")), "kerncijfers.xlsx");
    await workbook.xlsx.writeFile(file);
    await writeFile(
      join(root, "data/raalte/2023-Q1/kerncijfers.import.yaml"),
      `dataset: { type: kerncijfers, titel: Kerncijfers jeugdhulp, eenheid: cliënten, peildatum: "2023-03-01" }
lezen: { soort: xlsx, blad: Kerncijfers }
labelkolom: Omschrijving
cijfers:
  - { id: clienten-specialistisch, rij: Specialistische jeugdhulp, kolom: Aantal, label: Unieke cliënten met specialistische jeugdhulp }
  - { id: aandeel-verblijf, rij: Aandeel met verblijf, kolom: Aantal, eenheid: procent }
`,
    );
    const result = importInto(root, [file, ...Q1, "--dataset", "kerncijfers", "--ja"]);
    expect(result.stderr).toBe("");
    expect(await json(join(root, "data/raalte/2023-Q1/kerncijfers.json"))).toEqual({
      type: "kerncijfers",
      titel: "Kerncijfers jeugdhulp",
      eenheid: "cliënten",
      voorbeelddata: false,
      peildatum: "2023-03-01",
      cijfers: [
        { id: "clienten-specialistisch", label: "Unieke cliënten met specialistische jeugdhulp", waarde: 490 },
        { id: "aandeel-verblijf", label: "Aandeel met verblijf", waarde: 8.7, eenheid: "procent" },
      ],
      herkomst: { bestand: "kerncijfers.xlsx", blad: "Kerncijfers", opgehaald: "2026-11-26", voorlopig: false },
    });
  });

  it("a mistake in the mapping names the field and its line", async () => {
    const mapping = join(root, "data/raalte/2023-Q1/fout.import.yaml");
    await writeFile(mapping, (await readFile(join(root, "data/raalte/2023-Q1/clienten.import.yaml"), "utf8")).replace("  scheidingsteken:", "  scheidingstekens:").replace("  - kop: Gemeente\n    soort: gemeente\n", "  - kop: Gemeente\n"));
    const result = importInto(root, [`${SAMPLES}/clienten-2023-03.csv`, ...Q1, "--dataset", "fout"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("data/raalte/2023-Q1/fout.import.yaml:14:21 [lezen.scheidingstekens]: onbekend veld 'scheidingstekens' (nota:import)");
    expect(result.stderr).toContain("data/raalte/2023-Q1/fout.import.yaml:20:5 [kolommen[1].id]: geef een 'id': de naam van de kolom in de dataset (nota:import)");
    await rm(mapping);
  });

  it("CBS dimensions held at one code with 'vast'; without it a period twice is refused", async () => {
    // The v3 response as for a table with a Geslacht dimension: totals (T001038) and boys (3000).
    const response = JSON.parse(await readFile(join(REPO, CBS_V3[0]!), "utf8")) as { value: Record<string, unknown>[] };
    response.value = response.value.flatMap((record) => [{ ...record, Geslacht: "T001038" }, { ...record, Geslacht: "3000    ", JongerenMetJeugdhulp_1: 1 }]);
    const file = join(await mkdtemp(join(tmpdir(), "nota-import-src-")), "85099NED-TypedDataSet.json");
    await writeFile(file, JSON.stringify(response));
    const mapping = await readFile(join(root, "data/raalte/2023-Q1/jeugdhulp-cbs.import.yaml"), "utf8");
    await writeFile(join(root, "data/raalte/2023-Q1/geslacht.import.yaml"), mapping);
    const twice = importInto(root, [file, ...CBS_V3.slice(1), ...Q1, "--dataset", "geslacht", "--ja"]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`[value[1].JongerenMetJeugdhulp_1]: 2021 1e halfjaar staat twee keer in het antwoord voor 'JongerenMetJeugdhulp_1': zet de andere dimensies vast onder 'vast' in de mapping`);
    await writeFile(join(root, "data/raalte/2023-Q1/geslacht.import.yaml"), mapping.replace("  tabel: 85099NED\n", "  tabel: 85099NED\n  vast: { Geslacht: T001038 }\n"));
    const held = importInto(root, [file, ...CBS_V3.slice(1), ...Q1, "--dataset", "geslacht", "--ja"]);
    expect(held.stderr).toBe("");
    expect((await json(join(root, "data/raalte/2023-Q1/geslacht.json"))).rijen).toEqual((await json(join(EXPECTED, "jeugdhulp-cbs.json"))).rijen);
  });

  it("the imported datasets pass nota check", () => {
    const result = nota(["check", "--root", root]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("says in Dutch how to use it, with an example", () => {
    const result = nota(["import", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("nota import <bron> --gemeente <g> --kwartaal <2023-Q1> --dataset <naam> [--ja]");
    expect(result.stdout).toContain("Voorbeeld, elk kwartaal weer:");
  });
});

describe("what an import changes", () => {
  let root: string;
  let work: string;
  beforeAll(async () => {
    root = await sampleArchive();
    work = await mkdtemp(join(tmpdir(), "nota-import-src-"));
    expect(importInto(root, [`${SAMPLES}/clienten-2023-03.csv`, ...Q1, "--dataset", "clienten", "--ja"]).code).toBe(0);
  });

  it("shows old → new and writes nothing without confirmation", async () => {
    const csv = (await readFile(join(REPO, SAMPLES, "clienten-2023-03.csv"))).toString("latin1").replace("1-2-2023;Raalte;487;", "1-2-2023;Raalte;489;");
    const file = join(work, "clienten-herzien.csv");
    await writeFile(file, Buffer.from(csv, "latin1"));
    const before = await snapshot(root);
    const result = importInto(root, [file, ...Q1, "--dataset", "clienten"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "data/raalte/2023-Q1/clienten.json: 0 rijen nieuw, 1 waarde gewijzigd, 0 rijen weg, 0 andere velden\n" +
        "  ~ maand 2, jaar 2023: clienten 487 → 489\n" +
        "Niets geschreven: bevestig met --ja.\n",
    );
    expect(await snapshot(root)).toEqual(before);
  });

  it("with --ja writes the revised figures and records the day of the revision", async () => {
    const file = join(work, "clienten-herzien.csv");
    const result = importInto(root, [file, "--gemeente", "raalte", "--kwartaal", "2023-Q1", "--per", "2026-12-03", "--dataset", "clienten", "--ja"]);
    expect(result.code).toBe(0);
    const dataset = await json(join(root, "data/raalte/2023-Q1/clienten.json"));
    expect((dataset.rijen as { clienten: number }[])[13]).toEqual({ maand: 2, jaar: 2023, clienten: 489, leeftijd: 11.3 });
    expect(dataset.herkomst).toEqual({ bestand: "clienten-herzien.csv", opgehaald: "2026-12-03", voorlopig: false, herzien: ["2026-12-03"] });
  });

  it("leaves a dataset alone when the figures are the same", async () => {
    const before = await snapshot(root);
    const result = importInto(root, [join(work, "clienten-herzien.csv"), ...Q1, "--dataset", "clienten", "--ja"]);
    expect(result.stdout).toBe("Geen wijzigingen: de cijfers in data/raalte/2023-Q1/clienten.json zijn gelijk aan die uit de bron; niets geschreven.\n");
    expect(await snapshot(root)).toEqual(before);
  });

  it("next quarter imports with last quarter's mapping and puts a copy of it beside the new dataset", async () => {
    const result = importInto(root, [`${SAMPLES}/clienten-2023-03.csv`, "--gemeente", "raalte", "--kwartaal", "2023-Q2", "--per", "2026-11-26", "--dataset", "clienten", "--ja"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("Geschreven: data/raalte/2023-Q2/clienten.json en data/raalte/2023-Q2/clienten.import.yaml (de mapping van data/raalte/2023-Q1/clienten.import.yaml)");
    expect(await readFile(join(root, "data/raalte/2023-Q2/clienten.import.yaml"), "utf8")).toBe(await readFile(join(root, "data/raalte/2023-Q1/clienten.import.yaml"), "utf8"));
  });
});

describe("figures of a published note", () => {
  let root: string;
  let file: string;
  const note = "content/raalte/2022/sturingsinformatie-jeugdhulp-2022-q3.mdx";
  beforeAll(async () => {
    root = await sampleArchive();
    // The Q3 memo (published, version 2) shows data/raalte/2022-Q3/clienten.json; a new export revises July 2022.
    const published = await json(join(root, "data/raalte/2022-Q3/clienten.json"));
    const field = (name: string) => JSON.stringify(published[name]);
    await writeFile(
      join(root, "data/raalte/2022-Q3/clienten.import.yaml"),
      `dataset: { type: tijdreeks, titel: ${field("titel")}, eenheid: cliënten, bron: ${field("bron")}, voorbeelddata: true, x: maand, y: clienten, reeks: jaar }
lezen: { soort: csv }
kolommen:
  - { kop: Peildatum, soort: datum, maand: maand, jaar: jaar }
  - { kop: Cliënten, id: clienten, label: ${JSON.stringify((published.kolommen as Record<string, string>).clienten)} }
`,
    );
    const lines = (published.rijen as { maand: number; jaar: number; clienten: number }[]).map((r) => `1-${r.maand}-${r.jaar};${r.maand === 7 && r.jaar === 2022 ? 468 : r.clienten}`);
    file = join(await mkdtemp(join(tmpdir(), "nota-import-src-")), "clienten-2022-09.csv");
    await writeFile(file, Buffer.from(`Peildatum;Cliënten\r\n${lines.join("\r\n")}\r\n`, "latin1"));
  });

  it("are not changed in place: the refusal says a correction goes through a new version", async () => {
    const before = await snapshot(root);
    const result = importInto(root, [file, "--gemeente", "raalte", "--kwartaal", "2022-Q3", "--per", "2026-11-26", "--dataset", "clienten", "--ja"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`data/raalte/2022-Q3/clienten.json: versie 2 van raalte/2022/sturingsinformatie-jeugdhulp-2022-q3 is op`);
    expect(result.stderr).toContain(`zet in ${note} onder 'correcties' een correctie (datum en reden) voor versie 3 en importeer dan opnieuw (nota:gepubliceerd)`);
    expect(await snapshot(root)).toEqual(before);
  });

  it("are imported once the note declares its next version", async () => {
    const text = await readFile(join(root, note), "utf8");
    await writeFile(join(root, note), text.replace(/^correcties:\n/m, `correcties:\n  - datum: "2026-11-26"\n    reden: "Het aantal cliënten in juli 2022 is herzien."\n`));
    const result = importInto(root, [file, "--gemeente", "raalte", "--kwartaal", "2022-Q3", "--per", "2026-11-26", "--dataset", "clienten", "--ja"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(
      "data/raalte/2022-Q3/clienten.json: 0 rijen nieuw, 1 waarde gewijzigd, 0 rijen weg, 0 andere velden\n" +
        "  ~ maand 7, jaar 2022: clienten 466 → 468\n" +
        "Deze cijfers komen in de nieuwe versie van raalte/2022/sturingsinformatie-jeugdhulp-2022-q3 (versie 3).\n" +
        "Geschreven: data/raalte/2022-Q3/clienten.json. Controleer met 'nota check'.\n",
    );
  });
});

describe("bad sources: a Dutch message naming file and cell or line, exit ≠ 0, nothing written", () => {
  let root: string;
  let work: string;
  let csv: string;
  beforeAll(async () => {
    root = await sampleArchive();
    await writeFile(join(root, "data/raalte/2023-Q1/clienten-xlsx.import.yaml"), XLSX_MAPPING);
    work = await mkdtemp(join(tmpdir(), "nota-import-bad-"));
    csv = (await readFile(join(REPO, SAMPLES, "clienten-2023-03.csv"))).toString("latin1");
  });

  async function expectRefused(source: string | string[], dataset: string, message: string) {
    const before = await snapshot(root);
    const result = importInto(root, [...[source].flat(), ...Q1, "--dataset", dataset, "--ja"]);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.code).not.toBe(0);
    expect(await snapshot(root)).toEqual(before);
  }

  async function badCsv(name: string, edit: (text: string) => string): Promise<string> {
    const file = join(work, name);
    await writeFile(file, Buffer.from(edit(csv), "latin1"));
    return file;
  }

  async function badWorkbook(name: string, sample: string, edit: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(REPO, SAMPLES, sample));
    edit(workbook.worksheets.find((s) => s.name !== "Toelichting")!);
    const file = join(work, name);
    await workbook.xlsx.writeFile(file);
    return file;
  }

  it("text in a number column (CSV): line and column", async () => {
    const file = await badCsv("tekst.csv", (t) => t.replace("1-5-2022;Raalte;461;", "1-5-2022;Raalte;n.b.;"));
    await expectRefused(file, "clienten", `${file}:6 [kolom 3 'Unieke cliënten specialistische jeugdhulp']: tekst 'n.b.' in getalkolom 'Unieke cliënten specialistische jeugdhulp': verwacht een getal, zoals 1.234 of 1.234,5 (nota:import)`);
  });

  it("text in a number column (XLSX): sheet and cell", async () => {
    const file = await badWorkbook("tekst.xlsx", "clienten-2023-03.xlsx", (sheet) => (sheet.getCell("B7").value = "n.b."));
    await expectRefused(file, "clienten-xlsx", `${file} [Cliënten!B7]: tekst 'n.b.' in getalkolom 'Unieke cliënten / Specialistisch'`);
  });

  it("a formula whose result the workbook does not hold", async () => {
    const file = await badWorkbook("formule.xlsx", "clienten-2023-03.xlsx", (sheet) => (sheet.getCell("D9").value = { formula: "B9+C9" } as ExcelJS.CellFormulaValue));
    await expectRefused(file, "clienten-xlsx", `${file} [Cliënten!D9]: formule zonder opgeslagen uitkomst`);
  });

  it("an empty row inside the data, in a CSV and in a sheet", async () => {
    const file = await badCsv("leeg.csv", (t) => t.replace("1-4-2022;", ";;;\r\n1-4-2022;"));
    await expectRefused(file, "clienten", `${file}:5: lege rij binnen de gegevens`);
    const workbook = await badWorkbook("leeg.xlsx", "clienten-2023-03.xlsx", (sheet) => {
      for (const column of ["A", "B", "C", "D"]) sheet.getCell(`${column}10`).value = null;
    });
    await expectRefused(workbook, "clienten-xlsx", `${workbook} [Cliënten!A10:D10]: lege rij binnen de gegevens`);
  });

  it("a subtotal row inside the data (CSV and a budget sheet)", async () => {
    const file = await badCsv("subtotaal.csv", (t) => t.replace("1-1-2023;", "Totaal 2022;Raalte;5556;11,3\r\n1-1-2023;"));
    await expectRefused(file, "clienten", `${file}:14 [kolom 1 'Peildatum']: subtotaal- of totaalrij 'Totaal 2022' binnen de gegevens`);
    const budget = await badWorkbook("subtotaal.xlsx", "begroting-2023.xlsx", (sheet) => (sheet.getCell("A13").value = "Subtotaal voorzieningen"));
    await expectRefused(budget, "begroting-2023", `${budget} [Begroting 2023!A13]: subtotaal- of totaalrij 'Subtotaal voorzieningen' binnen groep 'Uitgaven' staat niet in de mapping`);
  });

  it("an empty row inside a group of a budget sheet", async () => {
    const file = await badWorkbook("leeg-in-groep.xlsx", "begroting-2023.xlsx", (sheet) => {
      for (const column of ["A", "B", "C", "D"]) sheet.getCell(`${column}13`).value = null;
    });
    await expectRefused(file, "begroting-2023", `${file} [Begroting 2023!A13:D13]: lege rij binnen groep 'Uitgaven'`);
  });

  it("a heading without amounts inside a group of a budget sheet", async () => {
    const file = await badWorkbook("tussenkop.xlsx", "begroting-2023.xlsx", (sheet) => {
      sheet.getCell("A13").value = "Voorzieningen";
      for (const column of ["B", "C", "D"]) sheet.getCell(`${column}13`).value = null;
    });
    await expectRefused(file, "begroting-2023", `${file} [Begroting 2023!A13]: rij 'Voorzieningen' binnen groep 'Uitgaven' heeft geen bedragen`);
  });

  it("a total that is not the sum of its rows, at its cell", async () => {
    const file = await badWorkbook("totaal.xlsx", "begroting-2023.xlsx", (sheet) => (sheet.getCell("C15").value = { formula: "SUM(C12:C14)", result: 11_462_251 }));
    await expectRefused(file, "begroting-2023", `${file} [Begroting 2023!C15]: tabel 'Verwachting financiën jeugdzorg 2023, begroting en prognose', rij 'Totaal uitgaven jeugdzorg', kolom 'Prognose 2023': vermeld 11.462.251, de som van de rijen is 11.462.250`);
  });

  it("another gemeente, in a CSV column and as a CBS region code", async () => {
    const file = await badCsv("zwolle.csv", (t) => t.replace("1-2-2022;Raalte;", "1-2-2022;Zwolle;"));
    await expectRefused(file, "clienten", `${file}:3 [kolom 2 'Gemeente']: gemeente 'Zwolle' hoort niet bij Raalte (GM0177)`);
    const response = join(work, "85099NED-TypedDataSet.json");
    await writeFile(response, (await readFile(join(REPO, CBS_V3[0]!), "utf8")).replace('"ID":119,"RegioS":"GM0177  "', '"ID":119,"RegioS":"GM0193  "'));
    await expectRefused([response, ...CBS_V3.slice(1)], "jeugdhulp-cbs", `${response}:1:259 [value[1].RegioS]: regio 'GM0193' hoort niet bij Raalte (GM0177)`);
  });

  it("a period after the quarter, in a CSV and from CBS", async () => {
    const file = await badCsv("april.csv", (t) => `${t}1-4-2023;Raalte;493;11,5\r\n`);
    await expectRefused(file, "clienten", `${file}:17 [kolom 1 'Peildatum']: datum 1 april 2023 valt na het kwartaal 2023-Q1 (dat eindigt op 31 maart 2023)`);
    const response = join(work, "85099NED-TypedDataSet.json");
    await writeFile(response, (await readFile(join(REPO, CBS_V3[0]!), "utf8")).replace('"Perioden":"2022HJ02"', '"Perioden":"2023HJ01"'));
    await expectRefused([response, ...CBS_V3.slice(1)], "jeugdhulp-cbs", `[value[3].Perioden]: periode 2023 1e halfjaar loopt tot 30 juni 2023, na het kwartaal 2023-Q1`);
  });

  it("a column missing", async () => {
    const file = await badCsv("kolom.csv", (t) => t.replace("Unieke cliënten specialistische jeugdhulp", "Cliënten"));
    await expectRefused(file, "clienten", `${file}:1: kolom 'Unieke cliënten specialistische jeugdhulp' ontbreekt in de kopregel; gevonden: 'Peildatum', 'Gemeente', 'Cliënten', 'Gemiddelde leeftijd'`);
  });

  it("a wrong separator", async () => {
    const file = await badCsv("komma.csv", (t) => t.replaceAll(",", ".").replaceAll(";", ","));
    await expectRefused(file, "clienten", `${file}:1: verkeerd scheidingsteken: de kopregel bevat geen ';' maar wel ','`);
  });

  it("a workbook that would unpack to more than nota reads (a zip bomb)", async () => {
    // The sample workbook with one part declared at 300 MB in its zip directory, as a zip bomb's is.
    const bytes = await readFile(join(REPO, SAMPLES, "clienten-2023-03.xlsx"));
    bytes.writeUInt32LE(300_000_000, bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const file = join(work, "bom.xlsx");
    await writeFile(file, bytes);
    await expectRefused(file, "clienten-xlsx", `${file}: de werkmap pakt uit tot 300 MB (ten hoogste 200 MB): sla alleen het nodige werkblad op (nota:import)`);
  });

  it("a file that is not what its extension says", async () => {
    const workbookAsCsv = join(work, "clienten.csv");
    await cp(join(REPO, SAMPLES, "clienten-2023-03.xlsx"), workbookAsCsv);
    await expectRefused(workbookAsCsv, "clienten", `${workbookAsCsv}: het bestand is geen CSV-bestand maar een zip-bestand, zoals een Excel-werkmap (xlsx): de extensie .csv klopt niet met de inhoud`);
    const csvAsWorkbook = join(work, "clienten.xlsx");
    await writeFile(csvAsWorkbook, Buffer.from(csv, "latin1"));
    await expectRefused(csvAsWorkbook, "clienten-xlsx", `${csvAsWorkbook}: het bestand is geen Excel-werkmap (.xlsx) maar tekst (zoals CSV)`);
  });
});

describe("provenance in the note", () => {
  it("names the CBS table, the provisional periods and the revisions", async () => {
    const dataset = { ...(await json(join(EXPECTED, "jeugdhulp-cbs.json"))), herkomst: { bestand: "x.json", tabel: "85099NED", opgehaald: "2026-11-26", voorlopig: true, herzien: ["2026-12-03", "2027-03-02"] } } as unknown as Dataset;
    expect(provenanceLines(dataset)).toEqual([
      "Ingelezen uit CBS StatLine, tabel 85099NED, op 26 november 2026.",
      "Voorlopige cijfers: 2022 1e halfjaar (nader voorlopig) en 2022 2e halfjaar (voorlopig).",
      "Cijfers herzien op 3 december 2026 en 2 maart 2027.",
    ]);
  });

  it("shows the source under the chart, and when a later import revised figures the note shows", async () => {
    const root = await copyFixture();
    await writeFile(join(root, "data/testdorp/2022-Q2/clienten.import.yaml"), `dataset:
  type: tijdreeks
  titel: Cliënten per maand
  eenheid: cliënten
  voorbeelddata: true
  x: maand
  y: clienten
  reeks: jaar
lezen:
  soort: csv
  scheidingsteken: ","
kolommen:
  - { kop: datum, soort: datum, maand: maand, jaar: jaar }
  - { kop: clients, id: clienten, label: Aantal cliënten }
`);
    const source = join(await mkdtemp(join(tmpdir(), "nota-import-src-")), "export-clientregistratie.csv");
    const run = async (february: number, per: string) => {
      await writeFile(source, `datum,clients\n2021-01-01,1201\n2021-02-01,1210\n2022-01-01,1302\n2022-02-01,${february}\n`);
      return nota(["import", source, "--gemeente", "testdorp", "--kwartaal", "2022-Q2", "--dataset", "clienten", "--per", per, "--ja", "--root", root]);
    };
    expect((await run(1333, "2022-06-01")).stderr).toBe("");
    expect((await run(1340, "2022-06-10")).stdout).toContain("~ maand 2, jaar 2022: clienten 1.333 → 1.340");
    const build = nota(["build", "--no-pdf", "--root", root, "--per", "2026-12-01"]);
    expect(build.stderr).not.toContain("probleem");
    expect(build.code).toBe(0);
    const page = await readFile(join(root, "dist/testdorp/2022/memo-q2/index.html"), "utf8");
    expect(page).toContain("<span>Ingelezen uit export-clientregistratie.csv, op 10 juni 2022.</span><span>Cijfers herzien op 10 juni 2022.</span>");
    // The next quarter's copy made by nota new has not been read from anywhere yet.
    expect(nota(["new", "memo", "--gemeente", "testdorp", "--kwartaal", "2022-Q3", "--root", root]).code).toBe(0);
    const copy = await json(join(root, "data/testdorp/2022-Q3/clienten.json"));
    expect(copy.voorbeelddata).toBe(true);
    expect(copy).not.toHaveProperty("herkomst");
  });
});
