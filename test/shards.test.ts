import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pdfText } from "./support/pdf.ts";
import { nota, REPO, type CliResult } from "./support/run.ts";
import { openSite, SAMPLE_MOMENT, sampleNotes, searchFor } from "./support/site.ts";

// `nota build --shard i/n` and `nota merge`, end to end with the real command: the sample archive
// in 4 shards (4 processes, one after the other: they share the archive's work folder, which one
// build at a time may use), merged, against the single build of the same archive at the same moment.

const single = inject("sampleSite");
const SHARDS = 4;
let base: string;
let parts: string[];
let merged: string;
let merge: CliResult;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "nota-delen-"));
  parts = [];
  for (let i = 1; i <= SHARDS; i++) {
    const out = join(base, `deel-${i}`);
    const result = nota(["build", "--root", REPO, "--shard", `${i}/${SHARDS}`, "--out", out, "--per", SAMPLE_MOMENT]);
    if (result.code !== 0) throw new Error(`shard ${i} failed (${result.code}):\n${result.stderr}`);
    expect(result.stdout).toMatch(new RegExp(`^Gebouwd \\(deel ${i}/${SHARDS}\\): `));
    parts.push(out);
  }
  merged = join(base, "dist");
  merge = nota(["merge", ...parts, "--out", merged]);
  if (merge.code !== 0) throw new Error(`merge failed (${merge.code}):\n${merge.stderr}`);
});

/** Every file of a site, relative to it, sorted. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

const manifest = async (dir: string) => JSON.parse(await readFile(join(dir, "nota-deel.json"), "utf8")) as { deel: number; delen: number; notities: string[]; register: string[] };
const notePages = (list: string[]) => list.filter((f) => /^[a-z-]+\/\d{4}\/[a-z0-9-]+\/index\.html$/.test(f)).map((f) => f.replace(/\/index\.html$/, ""));

describe("an archive built in 4 shards and merged", () => {
  it("gives each shard a part by gemeente, Raalte's 4 notes split over two shards, and each note one shard", async () => {
    const manifests = await Promise.all(parts.map(manifest));
    const withdrawn = "steenwijkerland/2022/wachttijden-jeugdhulp-2022-q1";
    expect(manifests.map((m) => m.notities)).toEqual([
      ["diemen/2018/overschrijding-specialistische-jeugdhulp-2018", "diemen/2019/sturingsinformatie-jeugdhulp-voorjaar-2019", "raalte/2022/jeugdzorg-in-raalte"],
      ["raalte/2022/sturingsinformatie-jeugdhulp-2022-q2", "raalte/2022/sturingsinformatie-jeugdhulp-2022-q3", "raalte/2022/sturingsinformatie-jeugdhulp-2022-q4"],
      ["steenwijkerland/2021/inkoop-jeugdhulp-regio-ijsselland-2022", "steenwijkerland/2021/nieuwe-werkwijze-jeugdhulp-2022", withdrawn],
      ["zwolle/2022/impact-tarieven-jeugdhulp-2023", "zwolle/2022/nadere-toelichting-impact-tarieven-jeugdhulp-2023"],
    ]);
    expect(manifests.flatMap((m) => m.notities).sort()).toEqual([...(await sampleNotes()), withdrawn].sort());
    // A build as of --per signs nothing new and records nothing.
    expect(manifests.map((m) => m.register)).toEqual([[], [], [], []]);
    for (const [i, part] of parts.entries()) {
      const own = manifests[i]!.notities;
      const list = await files(part);
      expect(notePages(list).sort()).toEqual(own);
      expect(list.filter((f) => f.endsWith(".pdf") && !f.includes(".v")).map((f) => f.replace(/\.pdf$/, ""))).toEqual(own.filter((id) => id !== withdrawn));
      // The search index is made once, by the merge.
      expect(list.some((f) => f.startsWith("pagefind/"))).toBe(false);
    }
  });

  it("merges them, saying what it did: every file of the single build but the search index, which the merge makes", async () => {
    const copied = (await files(single)).filter((f) => !f.startsWith("pagefind/")).length;
    expect(merge.stdout).toMatch(new RegExp(`^Samengevoegd: 4 delen, 11 notities, ${copied} bestanden \\(waarvan \\d+ door meer dan één deel gemaakt, overal gelijk\\) en de zoekindex → `));
  });

  it("has the same files as the single build, and no shard manifest", async () => {
    const mine = await files(merged);
    expect(mine).toEqual(await files(single));
    expect(mine).not.toContain("nota-deel.json");
  });

  it("has every page, feed, sitemap, Woo record, robots.txt, data download, asset and search index file byte for byte as the single build", async () => {
    const differing: string[] = [];
    const compared = (await files(single)).filter((f) => !f.endsWith(".pdf"));
    for (const file of compared) {
      if (!(await readFile(join(merged, file))).equals(await readFile(join(single, file)))) differing.push(file);
    }
    expect(differing).toEqual([]);
    const kinds = new Set(compared.map((f) => f.slice(f.lastIndexOf(".") + 1)));
    expect([...kinds].filter((kind) => ["html", "xml", "txt", "json", "csv"].includes(kind)).sort()).toEqual(["csv", "html", "json", "txt", "xml"]);
  });

  it("has PDFs with the same text as the single build's", async () => {
    const pdfs = (await files(single)).filter((f) => f.endsWith(".pdf"));
    expect(pdfs.length).toBeGreaterThanOrEqual((await sampleNotes()).length);
    for (const pdf of pdfs) expect(pdfText(join(merged, pdf)), pdf).toBe(pdfText(join(single, pdf)));
  });

  describe("finds the same search results", () => {
    let sites: Awaited<ReturnType<typeof openSite>>[];
    beforeAll(async () => {
      sites = [await openSite(single), await openSite(merged)];
    });
    afterAll(() => Promise.all(sites.map((site) => site.close())));

    it.each(["jeugdhulp", "specialistische jeugdhulp", "tarieven 2023", "10.621.692", "Steenwijkerland inkoop", "begroting"])("for '%s'", async (query) => {
      const results: string[][] = [];
      for (const site of sites) results.push(await searchFor(site.page, site.visit, query));
      expect(results[0]!.length).toBeGreaterThan(0);
      expect(results[1]).toEqual(results[0]);
    });
  });
});

describe("the sample archive with a fifth gemeente, in 3 shards on another checkout than the single build", () => {
  // Kampen: Zwolle's profile and notes under another name, not yet in the register, so the shard
  // that owns them prints and signs their PDFs, with its own test certificate, as a CI machine would.
  async function checkout(): Promise<string> {
    const root = await mkdtemp(join(base, "archief-"));
    for (const folder of ["content", "data", "templates", "publicaties"]) await cp(join(REPO, folder), join(root, folder), { recursive: true });
    const profile = (await readFile(join(root, "data/zwolle/profiel.json"), "utf8")).replaceAll("Zwolle", "Kampen").replace("GM0193", "GM0166");
    await cp(join(root, "data/zwolle/2022-Q4"), join(root, "data/kampen/2022-Q4"), { recursive: true });
    await writeFile(join(root, "data/kampen/profiel.json"), profile);
    await mkdir(join(root, "content/kampen/2022"), { recursive: true });
    for (const note of ["impact-tarieven-jeugdhulp-2023", "nadere-toelichting-impact-tarieven-jeugdhulp-2023"]) {
      const text = (await readFile(join(root, "content/zwolle/2022", `${note}.mdx`), "utf8")).replaceAll("Zwolle", "Kampen").replaceAll("zwolle", "kampen").replace(/kenmerk: "ZW-/, 'kenmerk: "KA-');
      await writeFile(join(root, "content/kampen/2022", `${note}.mdx`), text);
    }
    return root;
  }
  const build = (args: string[]) => {
    const result = nota(["build", ...args, "--per", SAMPLE_MOMENT]);
    if (result.code !== 0) throw new Error(`${args.join(" ")} failed (${result.code}):\n${result.stderr}`);
    return result.stdout;
  };
  let single5: string;
  let merged5: string;
  const built: string[] = [];

  beforeAll(async () => {
    const [one, other] = [await checkout(), await checkout()];
    single5 = join(one, "dist");
    build(["--root", one, "--out", single5]);
    const outs = [1, 2, 3].map((i) => join(other, `deel-${i}`));
    for (const [i, out] of outs.entries()) built.push(build(["--root", other, "--shard", `${i + 1}/3`, "--out", out]));
    merged5 = join(other, "dist");
    const result = nota(["merge", ...outs, "--out", merged5]);
    if (result.code !== 0) throw new Error(`merge failed (${result.code}):\n${result.stderr}`);
  });

  it("has Kampen's PDFs printed and signed by the one shard that owns them", () => {
    expect(built.map((stdout) => /(\d+) PDF's gemaakt en (\d+) ondertekend/.exec(stdout)!.slice(1).join("/"))).toEqual(["0/0", "0/0", "2/2"]);
  });

  it("has the same files as the single build, all but the newly signed PDFs byte for byte, and those with the same text", async () => {
    const all = await files(single5);
    expect(await files(merged5)).toEqual(all);
    const differing: string[] = [];
    for (const file of all) if (!(await readFile(join(merged5, file))).equals(await readFile(join(single5, file)))) differing.push(file);
    // Signed at another moment with another test certificate: other bytes, the same text.
    expect(differing).toEqual(["kampen/2022/impact-tarieven-jeugdhulp-2023.pdf", "kampen/2022/nadere-toelichting-impact-tarieven-jeugdhulp-2023.pdf"]);
    for (const pdf of differing) expect(pdfText(join(merged5, pdf))).toBe(pdfText(join(single5, pdf)));
  });
});

describe("nota merge refuses shard outputs that do not fit together", () => {
  /** A copy of shard `i`'s output, its manifest changed. */
  async function changed(i: number, change: (manifest: Record<string, unknown>) => void): Promise<string> {
    const copy = await mkdtemp(join(base, `deel-${i}-anders-`));
    await cp(parts[i - 1]!, copy, { recursive: true });
    const file = join(copy, "nota-deel.json");
    const value = JSON.parse(await readFile(file, "utf8"));
    change(value);
    await writeFile(file, JSON.stringify(value));
    return copy;
  }
  const refused = (args: string[]) => {
    const result = nota(["merge", ...args, "--out", join(base, "geweigerd")]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    return result.stderr;
  };

  it("a missing shard, and one given twice", () => {
    expect(refused(parts.slice(0, 3))).toContain("deel 4/4 ontbreekt; geef nota merge alle 4 delen (nota:delen)");
    expect(refused([...parts, parts[1]!])).toContain(`deel 2/4 komt 2 keer voor: ${parts[1]}, ${parts[1]}`);
  });

  it("a shard built as of another moment, for another site address, or from other sources", async () => {
    const moment = await changed(3, (m) => (m.per = "2026-12-16T11:00:00.000Z"));
    expect(refused([parts[0]!, parts[1]!, moment, parts[3]!])).toContain(`${moment}: gebouwd per moment (--per) "2026-12-16T11:00:00.000Z", deel 1 (${parts[0]}) per moment (--per) "2026-12-01T11:00:00.000Z" (nota:delen)`);
    const site = await changed(2, (m) => (m.siteUrl = "https://raadsinformatie.raalte.nl"));
    expect(refused([parts[0]!, site, parts[2]!, parts[3]!])).toContain(`gebouwd voor siteadres (NOTA_SITE_URL) "https://raadsinformatie.raalte.nl", deel 1`);
    const sources = await changed(4, (m) => (m.bronnen = "0".repeat(64)));
    expect(refused([parts[0]!, parts[1]!, parts[2]!, sources])).toContain("gebouwd uit bronnen (notities, datasets, grafieken, profielen, register) en publicatiestand 000000000000");
  });

  it("shards that both claim a note, and a shared page that differs between shards", async () => {
    const claims = await changed(2, (m) => (m.notities = [...(m.notities as string[]), "raalte/2022/jeugdzorg-in-raalte"]));
    expect(refused([parts[0]!, claims, parts[2]!, parts[3]!])).toContain("notitie raalte/2022/jeugdzorg-in-raalte staat in deel 1 en in deel 2");
    const other = await changed(3, () => {});
    await writeFile(join(other, "index.html"), "<!doctype html><p>anders</p>");
    expect(refused([parts[0]!, parts[1]!, other, parts[3]!])).toContain(`index.html: verschilt tussen deel 1 (${parts[0]}) en deel 3 (${other}) (nota:delen)`);
  });

  it("a shard output with a symbolic link, which could publish a file from elsewhere on the machine", async () => {
    const linked = await changed(4, () => {});
    await symlink("/etc", join(linked, "zwolle", "elders"));
    expect(refused([parts[0]!, parts[1]!, parts[2]!, linked])).toContain(`${relative(REPO, join(linked, "zwolle", "elders"))}: een symbolische koppeling (symlink) is niet toegestaan in het archief`);
    expect(existsSync(join(base, "geweigerd"))).toBe(false);
  });

  it("a folder that is no shard output", () => {
    expect(refused([...parts.slice(0, 3), single])).toContain(`${single}: geen deel van een archief: nota-deel.json ontbreekt; bouw het deel met nota build --shard i/n (nota:delen)`);
  });

  it("a wrong --shard, --shard with --gemeente, and an output folder inside a shard, as usage errors (exit 2)", () => {
    for (const [args, message] of [
      [["build", "--shard", "5/4"], "[--shard]: '5/4' is geen deel; schrijf het als i/n met 1 ≤ i ≤ n, zoals 2/4 voor het tweede van vier delen (nota:gebruik)"],
      [["build", "--shard", "1/4", "--gemeente", "raalte"], "[--shard]: --shard en --gemeente gaan niet samen: een deel kiest zelf zijn gemeenten (nota:gebruik)"],
      [["merge", ...parts, "--out", join(parts[0]!, "dist")], `[--out]: de uitvoermap ${join(parts[0]!, "dist")} valt samen met het deel ${parts[0]}; kies een andere --out (nota:gebruik)`],
      [["merge"], "geen delen genoemd; gebruik: nota merge <deel>... --out <map> (nota:gebruik)"],
    ] as const) {
      const result = nota(["--root", REPO, ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
