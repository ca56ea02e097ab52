import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { nota, REPO } from "./support/run.ts";
import { SAMPLE_MOMENT } from "./support/site.ts";

/** A private copy of the sample archive's sources, with its publication register. */
function sampleCopy(): string {
  const root = mkdtempSync(join(tmpdir(), "nota-incr-"));
  for (const dir of ["content", "data", "templates/charts", "publicaties"]) cpSync(join(REPO, dir), join(root, dir), { recursive: true });
  return root;
}

/** Builds as of the tests' moment: nothing signed here is put on record, so every build is comparable. */
function build(root: string, env: NodeJS.ProcessEnv = {}) {
  const report = join(root, "report.json");
  const result = nota(["build", "--root", root, "--report", report, "--per", SAMPLE_MOMENT], env);
  expect(result.code, result.stderr).toBe(0);
  const figures = JSON.parse(readFileSync(report, "utf8")) as { notes: number; pdfs: { rendered: number; reused: number; registered: number }; signatures: { signed: number; reused: number } };
  return { ...figures, progress: result.stderr };
}

/** Every file under a folder (relative to it) with the hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .map((file) => [relative(dir, file), createHash("sha256").update(readFileSync(file)).digest("hex")]),
  );
}

describe("incremental builds", () => {
  it("re-render and re-sign only what changed: a corrected note; published versions come from the register, whatever changes", async () => {
    const root = sampleCopy();
    // The first build renders the notes' pages in runs of 3 (4 Astro processes), as a large archive
    // would in runs of 300: the site is byte for byte the one rendered in one run.
    const full = build(root, { NOTA_NOTES_PER_RUN: "3" });
    expect(full.pdfs).toEqual({ rendered: 0, reused: 0, registered: full.notes });
    expect(full.signatures).toEqual({ signed: 0, reused: 0 });
    expect(full.progress.match(/notitiepagina's, deel \d van \d: \d+ notities/g)).toEqual(["notitiepagina's, deel 1 van 4: 2 notities", "notitiepagina's, deel 2 van 4: 3 notities", "notitiepagina's, deel 3 van 4: 2 notities", "notitiepagina's, deel 4 van 4: 3 notities"]);
    expect(snapshot(join(root, "dist"))).toEqual(snapshot(inject("sampleSite")));

    const file = "content/diemen/2018/overschrijding-specialistische-jeugdhulp-2018.mdx";
    const note = join(root, file);
    const correction = 'correcties:\n  - datum: "2026-11-30"\n    reden: "Een zin toegevoegd over de volgende rapportage."\n';
    writeFileSync(note, `${readFileSync(note, "utf8").replace(/^(status: .*\n)/m, `$1${correction}`)}\nEen zin die de griffie later toevoegde.\n`);
    const afterEdit = build(root);
    expect(afterEdit.pdfs).toEqual({ rendered: 1, reused: 0, registered: full.notes - 1 });
    expect(afterEdit.signatures).toEqual({ signed: 1, reused: 0 });
    expect(readFileSync(join(root, "dist/diemen/2018/overschrijding-specialistische-jeugdhulp-2018/index.html"), "utf8")).toContain("Een zin die de griffie later toevoegde.");
    expect(readFileSync(join(root, "dist/diemen/2018/overschrijding-specialistische-jeugdhulp-2018.v1.pdf")).equals(readFileSync(join(root, "publicaties/diemen/2018/overschrijding-specialistische-jeugdhulp-2018/v1.pdf")))).toBe(true);

    // A new house style changes the pages; the signed PDFs of published versions stay as they were published.
    const profileFile = join(root, "data/zwolle/profiel.json");
    const profile = JSON.parse(readFileSync(profileFile, "utf8"));
    profile.huisstijl.kleuren.primair = "#123456";
    writeFileSync(profileFile, JSON.stringify(profile, null, 2));
    const pdfBefore = readFileSync(join(root, "dist/zwolle/2022/impact-tarieven-jeugdhulp-2023.pdf"));
    const afterStyle = build(root);
    expect(afterStyle.pdfs).toEqual({ rendered: 0, reused: 1, registered: full.notes - 1 });
    expect(afterStyle.signatures).toEqual({ signed: 0, reused: 1 });
    expect(readFileSync(join(root, "dist/zwolle/2022/impact-tarieven-jeugdhulp-2023/index.html"), "utf8")).toContain("--kleur-primair: #123456");
    expect(readFileSync(join(root, "dist/zwolle/2022/impact-tarieven-jeugdhulp-2023.pdf")).equals(pdfBefore)).toBe(true);

    const unchanged = build(root);
    expect(unchanged.pdfs.rendered).toBe(0);
    expect(unchanged.signatures.signed).toBe(0);

    // nota keeps each note's page for the next build (src/site/note-pages.ts): an unchanged note's page
    // is that copy, and Astro neither compiles nor renders the note.
    const page = "raalte/2022/sturingsinformatie-jeugdhulp-2022-q2/index.html";
    const cacheDir = join(root, ".nota/cache");
    const notePageEntries = () => readdirSync(cacheDir).filter((name) => readFileSync(join(cacheDir, name), "utf8").includes('/index.html":'));
    const kept = notePageEntries().find((name) => readFileSync(join(cacheDir, name), "utf8").includes(`"${page}"`))!;
    writeFileSync(join(cacheDir, kept), readFileSync(join(cacheDir, kept), "utf8").replace("</body>", "<!-- kopie uit de vorige build --></body>"));
    build(root);
    expect(readFileSync(join(root, "dist", page), "utf8")).toContain("<!-- kopie uit de vorige build -->");

    // The compiled MDX of every note is kept too: with every page rendered anew (no kept pages), an
    // unchanged note's page is made from its kept compiled module, and a build that compiled every
    // published note keeps one entry per note (the edited note's old one pruned; concepts, notes
    // under embargo and withdrawn notes have no page, so Astro never compiles them).
    const compiledDir = join(root, ".nota/astro-site/mdx");
    const compiled = () => readdirSync(compiledDir).filter((name) => !name.startsWith("."));
    const sentence = "Inmiddels lukt dat weer.";
    const entry = compiled().find((name) => readFileSync(join(compiledDir, name), "utf8").includes(sentence))!;
    writeFileSync(join(compiledDir, entry), readFileSync(join(compiledDir, entry), "utf8").replace(sentence, "Uit de bewaarde compilatie."));
    for (const name of notePageEntries()) rmSync(join(cacheDir, name));
    rmSync(join(root, ".nota/astro-site/incremental-build.json"));
    build(root);
    expect(readFileSync(join(root, "dist", page), "utf8")).toContain("Uit de bewaarde compilatie.");
    expect(compiled()).toHaveLength(full.notes);
  });
});

describe("atomic output", () => {
  it("a build killed during PDF rendering leaves the previous output exactly as it was", async () => {
    const root = sampleCopy();
    // Without their register, these gemeenten' notes are printed and signed anew.
    for (const gemeente of ["diemen", "steenwijkerland", "zwolle"]) rmSync(join(root, "publicaties", gemeente), { recursive: true });
    build(root);
    const out = join(root, "dist");
    const before = snapshot(out);
    rmSync(join(root, ".nota/cache"), { recursive: true, force: true });

    const child = spawn(process.execPath, [join(REPO, "bin/nota.mjs"), "build", "--root", root, "--per", SAMPLE_MOMENT], { env: { ...process.env, CI: "true" } });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
    // Interrupted as soon as the first of the PDFs printed anew is in the staging folder, with more to come
    // (Raalte's come from its register before printing starts).
    const staged = () => readdirSync(root).filter((f) => f.includes("staging")).flatMap((f) => readdirSync(join(root, f), { recursive: true }).map(String));
    const killedDuringPdfs = new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        if (!stderr.includes("▸ PDF's") || !staged().some((f) => f.endsWith(".pdf") && !f.startsWith("raalte"))) return;
        clearInterval(poll);
        resolve(child.kill("SIGTERM"));
      }, 20);
      child.on("close", () => {
        clearInterval(poll);
        resolve(false);
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", (c, signal) => resolve(c ?? (signal ? 143 : null))));
    expect(await killedDuringPdfs).toBe(true);
    expect(stderr).not.toContain("Gebouwd");
    expect(code).toBe(143);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root).filter((f) => f.includes("staging"))).toEqual([]);
  });
});
