import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { formatMoment, parseMoment } from "../src/publication/moment.ts";
import { pdfsig } from "./support/pdf.ts";
import { copyFixture, nota, REPO } from "./support/run.ts";
import { allSampleNotes, sampleNotes } from "./support/site.ts";

const site = inject("sampleSite");
const NOTE = "content/testdorp/2022/memo-q2.mdx";
const DATASET = "data/testdorp/2022-Q2/clienten.json";

/** Every file under a folder, as relative paths. */
const filesIn = async (dir: string) => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(root, file);
  const before = await readFile(path, "utf8");
  const after = change(before);
  expect(after, `${file} unchanged by the edit`).not.toBe(before);
  await writeFile(path, after);
}

/** Adds frontmatter lines after the `status:` line of a note. */
const addFields = (fields: string) => (text: string) => text.replace(/^(status: .*)$/m, `$1\n${fields}`);

/** The /Reason of the (single) signature of a PDF: a literal string, or UTF-16 in hex. */
function signatureReason(pdf: Buffer): string {
  const match = /\/Reason (?:\(((?:[^()\\]|\\.|\([^()]*\))*)\)|<([0-9A-Fa-f]+)>)/.exec(pdf.toString("latin1"))!;
  if (match[1] !== undefined) return match[1].replace(/\\(.)/g, "$1");
  const bytes = Buffer.from(match[2]!, "hex");
  return bytes.subarray(2).swap16().toString("utf16le");
}

function build(root: string, ...args: string[]) {
  const result = nota(["build", "--root", root, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result;
}

describe("moments of publication in Dutch time", () => {
  it("reads wall-clock time in Amsterdam, summer and winter, and refuses what is not a moment", () => {
    expect(parseMoment("2026-12-15T10:00")!.toISOString()).toBe("2026-12-15T09:00:00.000Z");
    expect(parseMoment("2026-07-01T10:00")!.toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(parseMoment("2026-12-15")!.toISOString()).toBe("2026-12-14T23:00:00.000Z");
    expect(parseMoment("2026-03-29T02:30")).toBeUndefined(); // the hour skipped when summer time starts
    expect(parseMoment("2026-02-30T10:00")).toBeUndefined();
    expect(parseMoment("15-12-2026")).toBeUndefined();
    expect(formatMoment(parseMoment("2026-12-15T10:00")!)).toBe("15 december 2026, 10.00 uur");
  });
});

describe("the sample archive as of 1 December 2026", () => {
  const special = {
    concept: "zwolle/2026/wachttijden-jeugdhulp-najaar-2026",
    embargo: "diemen/2026/verwachte-overschrijding-jeugdhulp-2026",
    corrected: "raalte/2022/sturingsinformatie-jeugdhulp-2022-q3",
    withdrawn: "steenwijkerland/2022/wachttijden-jeugdhulp-2022-q1",
  };
  const read = (path: string) => readFile(join(site, path), "utf8");

  it("has a concept, a note under embargo, a corrected and a withdrawn note", async () => {
    const all = await allSampleNotes();
    const published = await sampleNotes();
    for (const id of Object.values(special)) expect(all).toContain(id);
    expect(published).toContain(special.corrected);
    for (const id of [special.concept, special.embargo, special.withdrawn]) expect(published).not.toContain(id);
  });

  it("publishes nothing of the concept and the note under embargo, nor the datasets only they use", async () => {
    const files = await filesIn(site);
    const hidden = [special.concept, special.embargo];
    for (const id of hidden) expect(files.filter((f) => f.includes(id.split("/")[2]!)), id).toEqual([]);
    expect(files.filter((f) => f.startsWith("data/zwolle/2026-Q4") || f.startsWith("data/diemen/2026-Q4"))).toEqual([]);
    for (const file of files.filter((f) => /\.(html|xml|txt|json)$/.test(f))) {
      const text = await read(file);
      for (const id of hidden) expect(text.includes(id), `${file} names ${id}`).toBe(false);
    }
    // The home page counts only published notes: Zwolle has two, Diemen two.
    const home = await read("index.html");
    expect(home).toMatch(/Gemeente Zwolle<\/span><span class="gemeente-aantal">2 notities/);
    expect(home).toMatch(/Gemeente Diemen<\/span><span class="gemeente-aantal">2 notities/);
  });

  it("serves the corrected note's current version with the correction, and version 1 from the register, byte for byte", async () => {
    const id = special.corrected;
    const page = await read(`${id}/index.html`);
    expect(page).toContain("Gecorrigeerd op <time datetime=\"2026-11-26\">26 november 2026</time> — Het regionale bedrag uit de eerste impactanalyse stond er als 4,2 miljoen euro; dat moet 2,4 miljoen euro zijn.");
    expect(page).toContain("2,4 miljoen euro");
    expect(page).toContain(`<a href="/${id}/versie-1/">Versie 1</a>`);
    expect(page).toContain(`<a href="/${id}.v1.pdf" type="application/pdf">ondertekende PDF van versie 1</a>`);

    const old = await read(`${id}/versie-1/index.html`);
    expect(old).toContain("4,2 miljoen euro");
    expect(old).toMatch(/Dit is versie 1, gepubliceerd op 26 november 2026\. Op 26 november 2026 is deze versie vervangen door een correctie:/);
    expect(old).toContain(`<a href="/${id}/">Lees de huidige versie (versie 2)</a>`);
    expect(old).toContain(`href="/${id}.v1.pdf"`);
    expect(old).not.toContain("data-pagefind-body");

    const register = JSON.parse(await readFile(join(REPO, "publicaties", id, "versies.json"), "utf8"));
    expect(register.versies.map((v: { versie: number }) => v.versie)).toEqual([1, 2]);
    for (const [served, kept] of [[`${id}.v1.pdf`, "v1.pdf"], [`${id}.pdf`, "v2.pdf"]] as const) {
      const bytes = await readFile(join(site, served));
      expect(bytes.equals(await readFile(join(REPO, "publicaties", id, kept))), served).toBe(true);
      expect(pdfsig(join(site, served)), served).toContain("Signature Validation: Signature is Valid.");
      expect(pdfsig(join(site, served)), served).toContain("Total document signed");
    }
    expect(signatureReason(await readFile(join(site, `${id}.v1.pdf`)))).toBe("Uitgegeven door het college van burgemeester en wethouders van Raalte op 20 september 2022");
    expect(signatureReason(await readFile(join(site, `${id}.pdf`)))).toBe(`Gecorrigeerd door het college van burgemeester en wethouders van Raalte op 26 november 2026 (versie 2): ${register.versies[1].reden.split("): ")[1]}`);

    const woo = await read(`${id}.woo.xml`);
    expect(woo).toContain("<diwoo:omschrijving>Versie 2, gecorrigeerd op 26 november 2026: Het regionale bedrag");
  });

  it("says what the college did in each signature: adopted, issued or corrected", async () => {
    const adopted = "steenwijkerland/2021/inkoop-jeugdhulp-regio-ijsselland-2022";
    const text = await readFile(join(REPO, "content", `${adopted}.mdx`), "utf8");
    expect(text).toContain("status: vastgesteld");
    expect(signatureReason(await readFile(join(site, `${adopted}.pdf`)))).toMatch(/^Vastgesteld door het college van burgemeester en wethouders van Steenwijkerland op \d+ \w+ 20\d\d$/);
  });

  it("keeps a page at the withdrawn note's address that says when and why, and nothing else of it", async () => {
    const id = special.withdrawn;
    const page = await read(`${id}/index.html`);
    expect(page).toContain("<strong>Ingetrokken op <time datetime=\"2026-11-26\">26 november 2026</time>.</strong> De wachttijden in deze brief waren berekend op een verkeerde peildatum.");
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(page).not.toContain("data-pagefind-body");
    const files = await filesIn(site);
    expect(files.filter((f) => f.includes("wachttijden-jeugdhulp-2022-q1"))).toEqual([`${id}/index.html`]);
    expect(files.filter((f) => f.startsWith("data/steenwijkerland/2022-Q1"))).toEqual([]);
    for (const listing of ["steenwijkerland/index.html", "steenwijkerland/feed.xml", "sitemap.xml", "steenwijkerland/sitemap-diwoo-infocat006.xml", "steenwijkerland/sitemap-diwoo-infocat008.xml"]) {
      if (existsSync(join(site, listing))) expect((await read(listing)).includes("wachttijden-jeugdhulp-2022-q1"), listing).toBe(false);
    }
  });
});

describe("publishing a note: concept, embargo, versions and withdrawal", () => {
  it("a note that still holds nota new's placeholders cannot leave concept", async () => {
    const root = await copyFixture();
    expect(nota(["new", "memo", "--gemeente", "testdorp", "--kwartaal", "2022-Q3", "--root", root]).code).toBe(0);
    const file = "content/testdorp/2022/memo-q3.mdx";
    await edit(root, file, (text) => text.replace("status: concept", "status: verzonden"));
    const check = nota(["check", "--root", root]);
    expect(check.code).toBe(1);
    const line = (await readFile(join(root, file), "utf8")).split("\n").findIndex((l) => l.startsWith("kenmerk:")) + 1;
    expect(check.stderr).toContain(`${file}:${line}:10 [kenmerk]: het veld 'kenmerk' bevat nog 'NOG-INVULLEN' van nota new; met status 'verzonden' wordt de notitie gepubliceerd: vul het in, of zet de status terug op concept (nota:concept)`);
    expect(check.stderr).toMatch(/data\/testdorp\/2022-Q3\/clienten\.json:\d+:\d+ \[bron\]: het veld 'bron' bevat nog 'NOG INVULLEN' van nota new, en notitie testdorp\/2022\/memo-q3 \(status 'verzonden'\) gebruikt deze dataset/);
  });

  it("a note under embargo is published from its moment on: building as of just before and at it flips exactly that note", async () => {
    const root = await copyFixture();
    // A second note that is public throughout.
    await writeFile(join(root, "content/testdorp/2022/altijd-openbaar.mdx"), "---\nsoort: memo\ntitel: Altijd openbaar\ndatum: 2022-06-20\nkwartaal: 2022-Q2\nonderwerpen: [jeugdhulp]\nkenmerk: TD-2022-2\nportefeuillehouder: wethouder jeugd\nstatus: verzonden\nkernboodschap: Een notitie zonder embargo.\n---\n\n## Tekst\n\nGewoon openbaar.\n");
    await edit(root, NOTE, addFields('openbaarVanaf: "2026-12-15T10:00"'));
    expect(nota(["check", "--root", root, "--per", "2026-12-15T09:59"]).stdout).toContain("Niet gepubliceerd per 15 december 2026, 09.59 uur: 1 onder embargo.");
    const before = build(root, "--per", "2026-12-15T09:59", "--out", "voor");
    expect(before.stdout).toContain("Gebouwd: 1 notities");
    const after = build(root, "--per", "2026-12-15T10:00", "--out", "na");
    expect(after.stdout).toContain("Gebouwd: 2 notities");
    const [a, b] = [await filesIn(join(root, "voor")), await filesIn(join(root, "na"))];
    const own = (file: string) => file.includes("memo-q2") || file.startsWith("data/testdorp/2022-Q2/");
    expect(a.filter(own)).toEqual([]);
    expect(b.filter(own).sort()).toEqual(["data/testdorp/2022-Q2/begroting.csv", "data/testdorp/2022-Q2/begroting.json", "data/testdorp/2022-Q2/clienten.csv", "data/testdorp/2022-Q2/clienten.json", "testdorp/2022/memo-q2.pdf", "testdorp/2022/memo-q2.woo.xml", "testdorp/2022/memo-q2/index.html"]);
    // Everything else is the same set of files (the search index names its fragments by content); the listings now name the note.
    const rest = (files: string[]) => files.filter((f) => !own(f) && !f.startsWith("pagefind/"));
    expect(rest(b)).toEqual(rest(a));
    for (const listing of ["testdorp/index.html", "testdorp/feed.xml", "sitemap.xml"]) {
      expect((await readFile(join(root, "voor", listing), "utf8")).includes("memo-q2"), listing).toBe(false);
      expect((await readFile(join(root, "na", listing), "utf8")).includes("memo-q2"), listing).toBe(true);
    }
    // A build as of a moment is a simulation: it puts nothing on record.
    expect(existsSync(join(root, "publicaties"))).toBe(false);
  });

  it("a published version never changes: an edit needs a correction, which publishes version 2 beside version 1, also on a fresh clone", async () => {
    const root = await copyFixture();
    const first = build(root);
    expect(first.stdout).toContain("publicaties/testdorp/2022/memo-q2/versies.json");
    const published = await readFile(join(root, "dist/testdorp/2022/memo-q2.pdf"));
    expect(published.equals(await readFile(join(root, "publicaties/testdorp/2022/memo-q2/v1.pdf")))).toBe(true);
    expect(signatureReason(published)).toBe("Uitgegeven door het college van burgemeester en wethouders van Testdorp op 14 juni 2022");

    // Changing the text or the data of the published note fails, naming the note, the field and what changed.
    await edit(root, NOTE, (text) => text.replace("Een voetnoot.", "Een aangepaste voetnoot."));
    await edit(root, DATASET, (text) => text.replace('"clienten": 1333', '"clienten": 1334'));
    const line = (await readFile(join(root, NOTE), "utf8")).split("\n").findIndex((l) => l.includes("Een aangepaste voetnoot.")) + 1;
    const check = nota(["check", "--root", root]);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${NOTE}:${line} [tekst]: de tekst is gewijzigd sinds versie 1 werd gepubliceerd; voeg onder 'correcties' een correctie toe (datum en reden) voor versie 2, of maak de wijziging ongedaan (nota:gepubliceerd)`);
    expect(check.stderr).toContain(`${DATASET}: dataset is gewijzigd sinds de publicatie van versie 1 van testdorp/2022/memo-q2 (${NOTE});`);
    await edit(root, NOTE, (text) => text.replace("titel: Testmemo jeugdhulp", "titel: Testmemo jeugdhulp 2022"));
    expect(nota(["check", "--root", root]).stderr).toContain(`${NOTE}:3 [titel]: het veld 'titel' is gewijzigd sinds versie 1 werd gepubliceerd`);
    const refused = nota(["build", "--root", root]);
    expect(refused.code).toBe(1);
    expect((await readFile(join(root, "dist/testdorp/2022/memo-q2.pdf"))).equals(published)).toBe(true);

    // Declared as a correction, it is version 2; version 1 keeps its page and its PDF, byte for byte.
    await edit(root, NOTE, addFields('correcties:\n  - datum: "2026-11-26"\n    reden: "De voetnoot en het aantal cliënten in februari 2022 waren onjuist."'));
    expect(nota(["check", "--root", root]).code).toBe(0);
    const second = build(root);
    expect(second.stdout).toContain("1 PDF's gemaakt en 1 ondertekend");
    const v1 = join(root, "dist/testdorp/2022/memo-q2.v1.pdf");
    const v2 = join(root, "dist/testdorp/2022/memo-q2.pdf");
    expect((await readFile(v1)).equals(published)).toBe(true);
    expect((await readFile(v2)).equals(published)).toBe(false);
    for (const pdf of [v1, v2]) {
      expect(pdfsig(pdf), pdf).toContain("Signature Validation: Signature is Valid.");
      expect(pdfsig(pdf), pdf).toContain("Total document signed");
    }
    expect(signatureReason(await readFile(v2))).toBe("Gecorrigeerd door het college van burgemeester en wethouders van Testdorp op 26 november 2026 (versie 2): De voetnoot en het aantal cliënten in februari 2022 waren onjuist.");
    const current = await readFile(join(root, "dist/testdorp/2022/memo-q2/index.html"), "utf8");
    expect(current).toContain("Gecorrigeerd op <time datetime=\"2026-11-26\">26 november 2026</time> — De voetnoot en het aantal cliënten in februari 2022 waren onjuist.");
    expect(current).toContain('<a href="/testdorp/2022/memo-q2/versie-1/">Versie 1</a>');
    const old = await readFile(join(root, "dist/testdorp/2022/memo-q2/versie-1/index.html"), "utf8");
    expect(old).toContain("Een voetnoot.");
    expect(old).toContain("Lees de huidige versie (versie 2)");
    const feed = await readFile(join(root, "dist/testdorp/feed.xml"), "utf8");
    expect(feed).toMatch(/<updated>2026-11-26T00:00:00\+01:00<\/updated><summary>Gecorrigeerd op 26 november 2026 \(versie 2\): De voetnoot/);
    const woo = await readFile(join(root, "dist/testdorp/2022/memo-q2.woo.xml"), "utf8");
    expect(woo).toContain("<diwoo:omschrijving>Versie 2, gecorrigeerd op 26 november 2026: De voetnoot en het aantal cliënten in februari 2022 waren onjuist.</diwoo:omschrijving>");
    expect(woo).toMatch(/<diwoo:soortHandeling resource="[^"]+c_e1ec050e">ondertekening<\/diwoo:soortHandeling><diwoo:atTime>2026-11-26T00:00:00\+01:00<\/diwoo:atTime>/);
    const register = JSON.parse(await readFile(join(root, "publicaties/testdorp/2022/memo-q2/versies.json"), "utf8"));
    expect(register.versies.map((v: { versie: number }) => v.versie)).toEqual([1, 2]);
    expect(Object.keys(register.versies[1].bronnen)).toEqual([DATASET, "data/testdorp/2022-Q2/begroting.json", NOTE, "templates/charts/lijn.vl.json"].sort());

    // A fresh clone has the sources and the register only: it serves both versions unchanged and signs nothing.
    const clone = await mkdtemp(join(tmpdir(), "nota-kloon-"));
    for (const part of ["content", "data", "templates", "publicaties"]) await cp(join(root, part), join(clone, part), { recursive: true });
    const rebuilt = build(clone);
    expect(rebuilt.stdout).toContain("0 PDF's gemaakt en 0 ondertekend (0 en 0 uit de cache, 1 uit het publicatieregister)");
    for (const pdf of ["memo-q2.v1.pdf", "memo-q2.pdf"]) {
      expect((await readFile(join(clone, "dist/testdorp/2022", pdf))).equals(await readFile(join(root, "dist/testdorp/2022", pdf))), pdf).toBe(true);
    }

    // A correction is never taken back, a published note is never a concept again, nor is it deleted.
    const rules = [
      { change: (t: string) => t.replace(/correcties:\n  - datum: .*\n    reden: .*\n/, ""), message: `${NOTE} [correcties]: versie 2 is gepubliceerd op` },
      { change: (t: string) => t.replace("status: verzonden", "status: concept"), message: "[status]: versie 2 is gepubliceerd op" },
    ];
    for (const rule of rules) {
      const text = await readFile(join(clone, NOTE), "utf8");
      await edit(clone, NOTE, rule.change);
      expect(nota(["check", "--root", clone]).stderr).toContain(rule.message);
      await writeFile(join(clone, NOTE), text);
    }

    // Withdrawn: its address says when and why; its text, PDFs, data and listings are gone.
    await edit(clone, NOTE, addFields('ingetrokken: { datum: "2026-11-27", reden: "Het memo ging over de verkeerde gemeente." }'));
    const withdrawn = build(clone);
    expect(withdrawn.stdout).toMatch(/Niet gepubliceerd per .*: 1 ingetrokken\./);
    const files = await filesIn(join(clone, "dist"));
    expect(files.filter((f) => f.includes("memo-q2") || f.startsWith("data/"))).toEqual(["testdorp/2022/memo-q2/index.html"]);
    const tombstone = await readFile(join(clone, "dist/testdorp/2022/memo-q2/index.html"), "utf8");
    expect(tombstone).toContain("<strong>Ingetrokken op <time datetime=\"2026-11-27\">27 november 2026</time>.</strong> Het memo ging over de verkeerde gemeente.");
    expect(await readFile(join(clone, "dist/testdorp/feed.xml"), "utf8")).not.toContain("<entry>");
  });

  it("a correction without a published version, a changed register and a deleted published note are refused", async () => {
    const root = await copyFixture();
    await edit(root, NOTE, addFields('correcties:\n  - datum: "2026-11-26"\n    reden: "Te vroeg."'));
    const line = (await readFile(join(root, NOTE), "utf8")).split("\n").indexOf('  - datum: "2026-11-26"') + 1;
    expect(nota(["check", "--root", root]).stderr).toContain(`${NOTE}:${line} [correcties]: een correctie maakt versie 2, maar er is nog geen versie gepubliceerd (geen publicaties/testdorp/2022/memo-q2/versies.json); haal 'correcties' weg`);
    await writeFile(join(root, NOTE), (await readFile(join(root, NOTE), "utf8")).replace(/correcties:\n.*\n.*\n/, ""));
    build(root);
    // The register holds the hash of each signed PDF: a PDF changed afterwards is caught by nota check.
    const pdf = join(root, "publicaties/testdorp/2022/memo-q2/v1.pdf");
    const bytes = await readFile(pdf);
    await writeFile(pdf, Buffer.concat([bytes, Buffer.from("%\n")]));
    expect(nota(["check", "--root", root]).stderr).toContain("publicaties/testdorp/2022/memo-q2/v1.pdf: de PDF van versie 1 is veranderd sinds de publicatie (SHA-256 klopt niet met versies.json); zet hem terug uit git (nota:register)");
    await writeFile(pdf, bytes);
    const { rm } = await import("node:fs/promises");
    await rm(join(root, NOTE));
    expect(nota(["check", "--root", root]).stderr).toContain("publicaties/testdorp/2022/memo-q2/versies.json: notitie testdorp/2022/memo-q2 is gepubliceerd, maar content/testdorp/2022/memo-q2.mdx bestaat niet meer; zet het bestand terug en trek de notitie in met 'ingetrokken' (datum en reden) (nota:publicatie)");
  });

  it("--release signs no note whose data are still example figures", async () => {
    const root = await copyFixture();
    const result = nota(["build", "--release", "--root", root]);
    // Mini has no real certificate either: the highest exit code class, 3 (configuration), wins.
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("data/testdorp/profiel.json [certificaat]: gemeente Testdorp: --release vraagt een echt certificaat; er is er geen ingesteld (nota:certificaat)");
    expect(result.stderr).toMatch(/^  data\/testdorp\/2022-Q2\/clienten\.json:5:\d+ \[voorbeelddata\]: --release ondertekent notitie testdorp\/2022\/memo-q2 \(content\/testdorp\/2022\/memo-q2\.mdx\) niet: deze dataset is nog gemarkeerd als voorbeelddata/m);
    expect(existsSync(join(root, "dist"))).toBe(false);
  });
});
