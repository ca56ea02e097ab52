import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, inject, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { REPO } from "./support/run.ts";
import { allSampleNotes, htmlPages, sampleNotes } from "./support/site.ts";

const site = inject("sampleSite");
const SITE_URL = "https://nota.example.nl";
const GEMEENTEN = ["diemen", "raalte", "steenwijkerland", "zwolle"];
const read = (path: string) => readFile(join(site, path), "utf8");

/** Parses XML after checking that it is well-formed; lists stay lists, attributes start with @. */
async function readXml(path: string): Promise<Record<string, any>> {
  const xml = await read(path);
  expect(XMLValidator.validate(xml), path).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["entry", "url", "sitemap", "diwoo:trefwoord", "diwoo:hasPart", "diwoo:documenthandeling", "diwoo:omschrijving"].includes(name) }).parse(xml);
}

const frontmatter = async (note: string) => {
  const text = await readFile(join(REPO, "content", `${note}.mdx`), "utf8");
  return parseYaml(text.split(/^---$/m)[1]!) as Record<string, any>;
};
const links = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);

describe("browsing a gemeente's archive", () => {
  it("links the archive page to a page per kind and per topic that lists exactly those notes", async () => {
    const notes = await sampleNotes();
    for (const gemeente of GEMEENTEN) {
      const archive = links(await read(`${gemeente}/index.html`));
      const own = notes.filter((n) => n.startsWith(`${gemeente}/`));
      const meta = await Promise.all(own.map(async (id) => ({ id, fm: await frontmatter(id) })));
      const facets = [
        ...new Set(meta.map(({ fm }) => `soort/${fm.soort}`)),
        ...new Set(meta.flatMap(({ fm }) => fm.onderwerpen.map((o: string) => `onderwerp/${o}`))),
      ];
      for (const facet of facets) {
        const path = `/${gemeente}/${facet}/`;
        expect(archive, path).toContain(path);
        const [field, value] = facet.split("/");
        const expected = meta.filter(({ fm }) => (field === "soort" ? fm.soort === value : fm.onderwerpen.includes(value))).map(({ id }) => `/${id}/`);
        const listed = links(await read(`${path}index.html`)).filter((href) => /^\/[a-z-]+\/\d{4}\//.test(href));
        expect(listed.sort(), path).toEqual(expected.sort());
      }
    }
  });

  it("links notes of one series to the previous and next note by date", async () => {
    const series = ["q2", "q3", "q4"].map((q) => `/raalte/2022/sturingsinformatie-jeugdhulp-2022-${q}/`);
    const nav = async (path: string) => (await read(`${path}index.html`)).match(/<nav class="reeks[\s\S]*?<\/nav>/)?.[0] ?? "";
    expect(links(await nav(series[0]!))).toEqual([series[1]]);
    expect(links(await nav(series[1]!))).toEqual([series[0], series[2]]);
    expect(await nav(series[1]!)).toContain("Vorige en volgende in deze reeks");
    expect(links(await nav(series[2]!))).toEqual([series[1]]);
    expect(await nav("/zwolle/2022/impact-tarieven-jeugdhulp-2023/")).toBe("");
  });
});

describe("feeds and sitemap", () => {
  it("publishes an Atom feed per gemeente with each of its notes", async () => {
    const notes = await sampleNotes();
    for (const gemeente of GEMEENTEN) {
      const { feed } = await readXml(`${gemeente}/feed.xml`);
      expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
      const own = notes.filter((n) => n.startsWith(`${gemeente}/`));
      expect(feed.entry.map((e: any) => e.id).sort()).toEqual(own.map((n) => `${SITE_URL}/${n}/`).sort());
      for (const entry of feed.entry) {
        const fm = await frontmatter(entry.id.slice(SITE_URL.length + 1, -1));
        expect(entry.title).toBe(fm.titel);
        expect(entry.link["@href"]).toBe(entry.id);
        // A correction updates the entry: its date, and the summary says what was corrected.
        const correctie = fm.correcties?.at(-1);
        expect(entry.published).toMatch(new RegExp(`^${fm.datum}T00:00:00\\+0[12]:00$`));
        expect(entry.updated).toMatch(new RegExp(`^${correctie?.datum ?? fm.datum}T00:00:00\\+0[12]:00$`));
        expect(entry.summary).toBe(`${correctie ? `Gecorrigeerd op 26 november 2026 (versie 2): ${correctie.reden} ` : ""}${fm.kernboodschap ?? fm.samenvatting ?? fm.titel}`);
      }
    }
  });

  it("lists every page in sitemap.xml, and only pages that exist; a withdrawn note's page is not listed", async () => {
    const { urlset } = await readXml("sitemap.xml");
    const locs: string[] = urlset.url.map((u: any) => u.loc);
    const withdrawn: string[] = [];
    for (const note of await allSampleNotes()) if ((await frontmatter(note)).ingetrokken) withdrawn.push(`/${note}/`);
    expect(withdrawn).toHaveLength(1);
    expect(locs.map((loc) => loc.slice(SITE_URL.length)).sort()).toEqual((await htmlPages(site)).filter((page) => !withdrawn.includes(page)).sort());
    for (const note of await sampleNotes()) expect(locs).toContain(`${SITE_URL}/${note}/`);
  });

  it("serves each chart's CSV with the same values as its dataset in data/", async () => {
    const charts = new Set<string>();
    for (const note of await sampleNotes()) {
      for (const figure of (await read(`${note}/index.html`)).match(/<figure class="grafiek"[\s\S]*?<\/figure>/g) ?? []) {
        charts.add(figure.match(/href="\/data\/([^"]+)\.csv"/)![1]!);
      }
    }
    expect(charts.size).toBeGreaterThanOrEqual(5);
    for (const key of charts) {
      const dataset = JSON.parse(await readFile(join(REPO, "data", `${key}.json`), "utf8"));
      const [header, ...rows] = parseCsv(await read(`data/${key}.csv`));
      const records = rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i] === "" || Number.isNaN(Number(row[i])) ? row[i] : Number(row[i])])));
      if (dataset.type === "tijdreeks") {
        expect(header, key).toEqual(Object.keys(dataset.kolommen));
        expect(records, key).toEqual(dataset.rijen);
      } else {
        const expected = dataset.groepen.flatMap((g: any) => [...g.rijen, ...(g.totaal ? [g.totaal] : [])]).concat(dataset.saldo ?? []);
        expect(records.map((r) => r.rij), key).toEqual(expected.map((r: any) => r.label));
        records.forEach((record, i) => expect(record, key).toMatchObject(expected[i].waarden));
      }
    }
  });
});

describe("Woo publication (DiWoo)", () => {
  it("publishes a metadata record beside each note, linked from its page", async () => {
    for (const note of await sampleNotes()) {
      const fm = await frontmatter(note);
      const profile = JSON.parse(await readFile(join(REPO, "data", note.split("/")[0]!, "profiel.json"), "utf8"));
      const html = await read(`${note}/index.html`);
      expect(html).toContain(`<link rel="alternate" type="application/xml" title="Woo-metadata (DiWoo)" href="/${note}.woo.xml">`);
      expect(html).toMatch(new RegExp(`<a href="/${note}\\.woo\\.xml"[^>]*>Metadata \\(DiWoo, XML\\)</a>`));

      const { "diwoo:Document": document } = await readXml(`${note}.woo.xml`);
      expect(document["@xmlns:diwoo"]).toBe("https://standaarden.overheid.nl/diwoo/metadata/");
      const woo = document["diwoo:DiWoo"];
      expect(woo["diwoo:publisher"]["@resource"]).toBe(`https://identifier.overheid.nl/tooi/id/gemeente/${profile.cbsCode.toLowerCase()}`);
      expect(woo["diwoo:publisher"]["#text"]).toBe(`gemeente ${profile.naam}`);
      expect(woo["diwoo:titelcollectie"]["diwoo:officieleTitel"]).toBe(fm.titel);
      expect(woo["diwoo:identifiers"]["diwoo:identifier"]).toBe(fm.kenmerk);
      const categorie = woo["diwoo:classificatiecollectie"]["diwoo:informatiecategorieen"]["diwoo:informatiecategorie"];
      expect(categorie["@resource"]).toMatch(/^https:\/\/identifier\.overheid\.nl\/tooi\/def\/thes\/kern\/c_(db4862c3|8c840238)$/);
      expect(woo["diwoo:classificatiecollectie"]["diwoo:trefwoorden"]["diwoo:trefwoord"]).toEqual(fm.onderwerpen);
      const [handeling, ...corrections] = woo["diwoo:documenthandelingen"]["diwoo:documenthandeling"];
      const adopted = fm.status === "vastgesteld";
      expect(handeling["diwoo:soortHandeling"]["#text"]).toBe(adopted ? "vaststelling" : fm.soort === "bijlage" || fm.soort === "presentatie" ? "ontvangst" : "ondertekening");
      expect(handeling["diwoo:atTime"]).toMatch(new RegExp(`^${adopted ? fm.besluit.datum : fm.datum}T00:00:00\\+0[12]:00$`));
      // Each correction is a new version, signed by the college on its date.
      expect(corrections.map((c: any) => [c["diwoo:soortHandeling"]["#text"], c["diwoo:atTime"].slice(0, 10)])).toEqual((fm.correcties ?? []).map((c: any) => ["ondertekening", c.datum]));
      expect(woo["diwoo:language"]["@resource"]).toBe("http://publications.europa.eu/resource/authority/language/NLD");
      expect(woo["diwoo:format"]["@resource"]).toBe("http://publications.europa.eu/resource/authority/file-type/PDF");
      if (fm.bij) expect(woo["diwoo:isPartOf"]["@resource"]).toBe(`${SITE_URL}/${note.split("/")[0]}/${fm.bij}.pdf`);
    }
    const main = (await readXml("zwolle/2022/impact-tarieven-jeugdhulp-2023.woo.xml"))["diwoo:Document"]["diwoo:DiWoo"];
    expect(main["diwoo:hasParts"]["diwoo:hasPart"][0]["@resource"]).toBe(`${SITE_URL}/zwolle/2022/nadere-toelichting-impact-tarieven-jeugdhulp-2023.pdf`);
  });

  it("lists every PDF once in a DiWoo sitemap, reached from robots.txt through sitemap indexes per informatiecategorie", async () => {
    const robots = await read("robots.txt");
    expect(robots).toContain(`Sitemap: ${SITE_URL}/sitemap.xml`);
    const indexes = [...robots.matchAll(/^Sitemap: (\S+)$/gm)].map((m) => m[1]!).filter((url) => url !== `${SITE_URL}/sitemap.xml`);
    expect(indexes.length).toBeGreaterThan(0);
    const pdfs: string[] = [];
    for (const index of indexes) {
      expect(index).toMatch(/\/sitemapindex-diwoo-infocat\d{3}\.xml$/);
      const { sitemapindex } = await readXml(index.slice(SITE_URL.length));
      for (const { loc } of sitemapindex.sitemap) {
        const { urlset } = await readXml(loc.slice(SITE_URL.length));
        expect(urlset["@xmlns:diwoo"]).toBe("https://standaarden.overheid.nl/diwoo/metadata/");
        for (const url of urlset.url) {
          expect(url.loc).toMatch(/^https:\/\/.*\.pdf$/);
          expect(existsSync(join(site, url.loc.slice(SITE_URL.length))), url.loc).toBe(true);
          expect(url["diwoo:Document"]["diwoo:DiWoo"]["diwoo:publisher"]["@resource"]).toMatch(/^https:\/\/identifier\.overheid\.nl\/tooi\/id\/gemeente\/gm\d{4}$/);
          pdfs.push(url.loc);
        }
      }
    }
    expect(pdfs.sort()).toEqual((await sampleNotes()).map((note) => `${SITE_URL}/${note}.pdf`).sort());
  });
});

/** RFC 4180 CSV as the site writes it: commas, double quotes around fields that need them, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trimEnd().split("\r\n")) {
    const fields: string[] = [];
    for (const match of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      const field = match[1]!;
      fields.push(field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);
      if (match[2] === "") break;
    }
    rows.push(fields);
  }
  return rows;
}
