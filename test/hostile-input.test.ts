/**
 * Hostile input (issue 12): an author who can write one note's folder, a dataset, a chart spec or
 * a gemeente profile must not be able to run code in the build, read files outside the archive,
 * reach the network, change what is printed and signed, or damage the published archive.
 *
 * Every case in test/fixtures/hostile/<case>/ is built with the real command (see
 * test/support/hostile.ts for the layout, the canaries and the listener; the corpus format is in
 * test/fixtures/hostile/README.md). A refused case must fail with a diagnostic naming the file and
 * leave the previous publication as it was; a case that builds must show no trace of the attack.
 * Either way nothing outside the archive is read, written or contacted.
 */
import { existsSync } from "node:fs";
import { cp, lstat, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINI } from "./support/run.ts";
import {
  CANARY,
  CLEAN_BUILD,
  CRASH,
  csvProblems,
  entriesOf,
  excerpt,
  filesBelow,
  forbiddenTexts,
  KLASSEN,
  loadCases,
  makeArchive,
  makeLayout,
  markupProblems,
  outputProblems,
  pdfProblems,
  PREVIOUS,
  RUN_LIMIT_MS,
  runNota,
  signatureExpectation,
  slots,
  snapshot,
  snapshotDiff,
  startListener,
  urlScheme,
  writeCanaries,
  writePreviousPublication,
  type Layout,
  type LoadedCase,
  type Run,
  type SignatureExpectation,
} from "./support/hostile.ts";

const cases = loadCases();
/** A case waits for a free slot (at most two builds at a time), so its own bound is generous; each run has RUN_LIMIT_MS. */
const CASE_TIMEOUT = 60 * 60_000;
/** The mini note's title and first heading: a printed note that lost them was changed by the attack. */
const DEFAULT_PDF_TEXT = ["Testmemo jeugdhulp", "Cijfers"];
/** Texts that may never appear in what nota prints: they can only come from outside the archive. */
const SECRET_IN_MESSAGES = [CANARY, "PRIVATE KEY", "root:x:0:"];

/** Builds one case and returns every way in which the attack got through (empty: defended). */
async function runCase(c: LoadedCase): Promise<string[]> {
  const listener = await startListener(c.luisteraar);
  const layout = await makeLayout(c.name, listener.port);
  const problems: string[] = [];
  const runs: { label: string; run: Run }[] = [];
  try {
    await writeCanaries(layout.buiten);
    await makeArchive(c, layout);
    await writePreviousPublication(layout.dist);
    const buitenBefore = await snapshot(layout.buiten);
    const sourcesBefore = await snapshot(layout.archief, isBuildOutput);
    const topBefore = await entriesOf(layout.archief);
    const distBefore = await snapshot(layout.dist);
    const registerBefore = await snapshot(layout.register);

    const env: Record<string, string> = c.tsaEnv ? { NOTA_TSA_URL: `http://127.0.0.1:${listener.port}${c.tsa ?? "/tsa"}` } : {};
    const build = (extra: string[] = [], out = layout.dist) => ["build", "--root", layout.archief, "--out", out, ...extra];
    const pdfFlag = c.pdf ? [] : ["--no-pdf"];
    const run = async (label: string, args: string[]) => {
      const result = await runNota(args, layout, env);
      runs.push({ label, run: result });
      checkRun(label, result, problems);
      return result;
    };

    switch (c.stap ?? "bouw") {
      case "bouw": {
        const result = await run("build", build(pdfFlag));
        if (c.verwacht === "geweigerd" || (c.ookGeweigerd && result.code !== 0 && !result.timedOut)) {
          checkRefused(c, result, problems);
          if (result.code === 0) {
            // Published although it should have been refused: show what the attack achieved.
            problems.push("de vorige publicatie in dist/ is vervangen");
            problems.push(...(await builtOutputProblems(c, layout, listener.port, !!c.pdf)).map((p) => `(in de uitvoer) ${p}`));
          } else {
            const diff = snapshotDiff(distBefore, await snapshot(layout.dist));
            if (diff.length > 0) problems.push(`de vorige publicatie in dist/ is veranderd: ${diff.join("; ")}`);
            const registered = snapshotDiff(registerBefore, await snapshot(layout.register));
            if (registered.length > 0) problems.push(`een geweigerde build veranderde het publicatieregister: ${registered.join("; ")}`);
          }
        } else {
          expectBuilt("build", result, problems);
          problems.push(...(await builtOutputProblems(c, layout, listener.port, !!c.pdf)));
          if (c.pdf && result.code === 0) await verifySignatures(layout, env, problems, runs);
        }
        break;
      }
      case "gemeente-bouw":
      case "no-pdf-na-pdf": {
        const first = await run("eerste build", build(c.stap === "no-pdf-na-pdf" ? [] : pdfFlag));
        expectBuilt("eerste build", first, problems);
        if (first.code !== 0) break;
        const published = await snapshot(layout.dist);
        const register = await snapshot(layout.register);
        const keep = (c.behoud ?? []).map((r) => new RegExp(r));
        const kept = Object.keys(published).filter((path) => published[path] !== "map" && keep.some((r) => r.test(path)));
        if (kept.length === 0) problems.push(`de eerste build publiceerde geen bestanden die passen bij ${JSON.stringify(c.behoud)}: de case test niets`);
        const second = await run("tweede build", build(c.stap === "no-pdf-na-pdf" ? ["--no-pdf"] : [...pdfFlag, "--gemeente", c.gemeente ?? "testdorp"]));
        expectBuilt("tweede build", second, problems);
        const after = await snapshot(layout.dist);
        const damaged = kept.filter((path) => after[path] !== published[path]);
        if (damaged.length > 0) problems.push(`de tweede build veranderde of verwijderde ${damaged.length} gepubliceerde bestanden: ${damaged.slice(0, 6).join(", ")}`);
        problems.push(...appendOnly(register, await snapshot(layout.register)));
        problems.push(...(await builtOutputProblems(c, layout, listener.port, !!c.pdf || c.stap === "no-pdf-na-pdf")));
        break;
      }
      case "twee-archieven": {
        // A second, untouched copy of mini beside this case's archive, built at the same moment: each
        // published site must hold its own note and not the other's (builds share nota's package folder).
        const other = join(layout.caseRoot, "tweede", "archief");
        await cp(MINI, other, { recursive: true });
        const otherDist = join(other, "dist");
        let register: Record<string, string> = {};
        for (let round = 1; round <= 2; round++) {
          const [mine, theirs] = await Promise.all([run(`build ${round} (dit archief)`, build(pdfFlag)), run(`build ${round} (tweede archief)`, ["build", "--root", other, "--out", otherDist, ...pdfFlag])]);
          expectBuilt(`build ${round} (dit archief)`, mine, problems);
          expectBuilt(`build ${round} (tweede archief)`, theirs, problems);
          const page = (dist: string) => readFile(join(dist, "testdorp/2022/memo-q2/index.html"), "utf8").catch(() => "");
          const [own, theirsPage] = await Promise.all([page(layout.dist), page(otherDist)]);
          for (const [label, text, present, absent] of [
            ["dit archief", own, c.eigenTekst ?? "", DEFAULT_PDF_TEXT[0]!],
            ["tweede archief", theirsPage, DEFAULT_PDF_TEXT[0]!, c.eigenTekst ?? ""],
          ] as const) {
            if (!text.includes(present)) problems.push(`build ${round}: de notitie van ${label} mist haar eigen titel '${present}'`);
            if (absent && text.includes(absent)) problems.push(`build ${round}: de notitie van ${label} bevat '${absent}' uit het andere archief`);
          }
          const now = await snapshot(layout.register);
          problems.push(...appendOnly(register, now));
          register = now;
        }
        problems.push(...(await builtOutputProblems(c, layout, listener.port, !!c.pdf)));
        break;
      }
      case "gelijktijdig": {
        const args = build(pdfFlag);
        const both = await Promise.all([run("build A", args), new Promise((r) => setTimeout(r, 300)).then(() => run("build B", args))]);
        const refused = both.filter((r) => r.code !== 0);
        if (refused.length === 2) problems.push(`beide gelijktijdige builds faalden:\n${excerpt(both[0]!.stderr, 600)}\n---\n${excerpt(both[1]!.stderr, 600)}`);
        for (const r of refused) {
          if (c.bericht && !new RegExp(c.bericht, "i").test(r.stderr)) problems.push(`de geweigerde gelijktijdige build meldt niet /${c.bericht}/i:\n${excerpt(r.stderr, 600)}`);
        }
        if (refused.length < 2) {
          // The published folder must be one complete build: exactly the files a build on its own makes.
          const ref = join(layout.caseRoot, "ref", "dist");
          const reference = await runNota(build(pdfFlag, ref), layout, env);
          if (reference.code !== 0) problems.push(`referentiebuild faalde (${reference.code}):\n${excerpt(reference.stderr, 600)}`);
          else {
            const expected = (await filesBelow(ref)).map((f) => f.path);
            const actual = (await filesBelow(layout.dist)).map((f) => f.path);
            const missing = expected.filter((p) => !actual.includes(p));
            const extra = actual.filter((p) => !expected.includes(p));
            if (missing.length + extra.length > 0) problems.push(`dist/ is geen complete build: ontbreekt ${JSON.stringify(missing.slice(0, 5))}, extra ${JSON.stringify(extra.slice(0, 5))}`);
            for (const p of expected.filter((p) => p.endsWith(".html") && actual.includes(p))) {
              if ((await readFile(join(layout.dist, p), "utf8")).trim() === "") problems.push(`dist/${p} is leeg`);
            }
          }
          problems.push(...(await builtOutputProblems(c, layout, listener.port, !!c.pdf)));
        }
        break;
      }
    }

    // Nothing outside the archive changed, was read into messages, or was contacted.
    if (existsSync(join(layout.buiten, "GEHACKT"))) problems.push("CODE UITGEVOERD: buiten/GEHACKT bestaat");
    const buitenDiff = snapshotDiff(buitenBefore, await snapshot(layout.buiten));
    if (buitenDiff.length > 0) problems.push(`buiten/ is veranderd: ${buitenDiff.join("; ")}`);
    const tmpEntries = await entriesOf(layout.tmp);
    if (JSON.stringify(tmpEntries) !== JSON.stringify(["archief", "buiten"])) problems.push(`in <tmp> staat meer dan archief/ en buiten/: ${tmpEntries.join(", ")}`);
    problems.push(...listenerProblems(c, listener.recorded));
    for (const { label, run } of runs) {
      for (const secret of SECRET_IN_MESSAGES) {
        if (run.stdout.includes(secret) || run.stderr.includes(secret)) problems.push(`${label}: de uitvoer van nota bevat '${secret}' (gelezen van buiten het archief)`);
      }
    }

    // Inside the archive: the sources as they were, besides them only what a clean build makes.
    const sourceDiff = snapshotDiff(sourcesBefore, await snapshot(layout.archief, isBuildOutput));
    if (sourceDiff.length > 0) problems.push(`de bronnen in het archief zijn veranderd: ${sourceDiff.join("; ")}`);
    // A lock file is left only by a process that was killed (a timeout, or the kernel on out-of-memory);
    // the next build takes it over. Staging folders, and locks after a normal exit, are nota's mess.
    const killed = runs.some(({ run }) => run.timedOut || run.signal !== null);
    const topAfter = await entriesOf(layout.archief);
    const leftovers = [];
    for (const entry of topAfter.filter((e) => e.startsWith(".dist"))) {
      if ((await lstat(join(layout.archief, entry))).isDirectory() || !killed) leftovers.push(entry);
    }
    if (leftovers.length > 0) problems.push(`tijdelijke bestanden of mappen achtergebleven: ${leftovers.join(", ")}`);
    const unexpected = topAfter.filter((e) => !topBefore.includes(e) && !CLEAN_BUILD.archiveOutputs.includes(e) && !e.startsWith(".dist"));
    if (unexpected.length > 0) problems.push(`nieuw in het archief: ${unexpected.join(", ")}`);
    // .nota/ is nota's own work folder (its layout is nota's business); only a lock may not outlive a normal exit.
    const locks = (await entriesOf(join(layout.archief, ".nota"))).filter((e) => e.endsWith(".lock"));
    if (locks.length > 0 && !killed) problems.push(`slot achtergebleven in .nota/: ${locks.join(", ")}`);
  } finally {
    await listener.close();
    if (!process.env.NOTA_HOSTILE_KEEP) await rm(layout.caseRoot, { recursive: true, force: true });
    else problems.push(`(bewaard in ${layout.caseRoot})`);
    await rm(layout.systmp, { recursive: true, force: true });
  }
  return problems;

  function checkRun(label: string, result: Run, into: string[]) {
    if (result.timedOut || result.ms > RUN_LIMIT_MS) into.push(`${label}: niet klaar binnen ${RUN_LIMIT_MS / 1000} s (afgebroken na ${(result.ms / 1000).toFixed(0)} s)`);
    if (CRASH.test(result.stderr)) into.push(`${label}: crash in plaats van een melding:\n${excerpt(result.stderr)}`);
    if (result.signal && !result.timedOut) into.push(`${label}: afgebroken door ${result.signal}`);
  }
}

/** The archive's own folders that a build writes (and the `.dist*` files beside dist/, checked separately). */
const isBuildOutput = (name: string) => CLEAN_BUILD.archiveOutputs.includes(name) || name.startsWith(".dist");

/** The publication register only grows: a version once registered stays byte for byte. */
function appendOnly(before: Record<string, string>, after: Record<string, string>): string[] {
  const changed = Object.keys(before).filter((path) => before[path] !== "map" && after[path] !== before[path]);
  return changed.length > 0 ? [`het publicatieregister verloor of veranderde ${changed.length} bestanden: ${changed.slice(0, 5).join(", ")}`] : [];
}

function expectBuilt(label: string, result: Run, problems: string[]): void {
  if (result.code !== 0 && !result.timedOut) problems.push(`${label}: exit ${result.code}, verwacht 0:\n${excerpt(result.stderr)}`);
}

function checkRefused(c: LoadedCase, result: Run, problems: string[]): void {
  if (result.timedOut) return; // reported as such
  if (result.code === 0) {
    problems.push("gebouwd (exit 0), verwacht geweigerd");
    return;
  }
  if (c.bestand && !result.stderr.includes(c.bestand)) problems.push(`de melding noemt ${c.bestand} niet:\n${excerpt(result.stderr)}`);
  if (c.bericht && !new RegExp(c.bericht, "i").test(result.stderr)) problems.push(`de melding past niet bij /${c.bericht}/i:\n${excerpt(result.stderr)}`);
}

/** A site that was built and published: checked file by file for traces of the attack. */
async function builtOutputProblems(c: LoadedCase, layout: Layout, port: number, pdf: boolean): Promise<string[]> {
  const problems: string[] = [];
  const index = join(layout.dist, "index.html");
  if (!existsSync(index) || (await readFile(index, "utf8")) === PREVIOUS["index.html"]) problems.push("dist/ bevat nog de vorige publicatie: er is niets gepubliceerd");
  const forbidden = forbiddenTexts(layout, port);
  problems.push(...(await outputProblems(layout.dist, forbidden)));
  if (pdf) {
    const pdfs = (await filesBelow(layout.dist)).filter((f) => f.path.endsWith(".pdf"));
    if (pdfs.length === 0) problems.push("geen PDF's gepubliceerd");
    for (const { path } of pdfs) {
      const gemeente = path.split("/")[0]!;
      let signature: SignatureExpectation | undefined;
      try {
        signature = signatureExpectation(JSON.parse(await readFile(join(layout.archief, "data", gemeente, "profiel.json"), "utf8")));
      } catch {
        problems.push(`${path}: geen leesbaar profiel voor gemeente ${gemeente}`);
      }
      const mustContain = path === "testdorp/2022/memo-q2.pdf" ? (c.pdfTekst ?? DEFAULT_PDF_TEXT) : [];
      problems.push(...pdfProblems(path, join(layout.dist, path), forbidden, mustContain, signature));
    }
  }
  // The publication register (publicaties/) holds each published version's page, text and PDF: output too.
  problems.push(...(await outputProblems(layout.register, forbidden)).map((p) => `publicaties/${p}`));
  for (const { path } of (await filesBelow(layout.register)).filter((f) => f.path.endsWith(".pdf"))) {
    problems.push(...pdfProblems(`publicaties/${path}`, join(layout.register, path), forbidden, [], undefined));
  }
  return problems;
}

async function verifySignatures(layout: Layout, env: Record<string, string>, problems: string[], runs: { label: string; run: Run }[]): Promise<void> {
  const result = await runNota(["verify", layout.dist, "--root", layout.archief], layout, env);
  runs.push({ label: "verify", run: result });
  if (result.code !== 0) problems.push(`nota verify: exit ${result.code}:\n${excerpt(result.stdout + result.stderr, 800)}`);
}

/** No connection at all, except time-stamp requests (POST to the case's TSA path) in TSA cases. */
function listenerProblems(c: LoadedCase, recorded: { connections: number; requests: { method: string; url: string; contentType: string }[] }): string[] {
  const allowed = (r: { method: string; url: string; contentType: string }) => !!c.tsa && r.method === "POST" && r.url === c.tsa && r.contentType === "application/timestamp-query";
  const bad = recorded.requests.filter((r) => !allowed(r));
  const problems = bad.map((r) => `NETWERK: ${r.method} ${r.url} (${r.contentType || "geen content-type"})`);
  const tsaRequests = recorded.requests.length - bad.length;
  if (recorded.connections > tsaRequests && bad.length === 0) problems.push(`NETWERK: ${recorded.connections - tsaRequests} verbinding(en) met de luisteraar zonder (geldig) verzoek`);
  return problems;
}

/**
 * Slots a case takes: two builds at once take two; a case whose build waits half a minute for a
 * time-stamp service that never answers mostly sleeps, and runs beside the others.
 */
function slotWeight(c: LoadedCase): number {
  if (c.luisteraar === "hangt") return 0;
  return c.stap === "gelijktijdig" || c.stap === "twee-archieven" ? 2 : 1;
}

describe("hostile input corpus", () => {
  it("has at least 40 cases covering every class, each well-formed", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.klasse))).toEqual(new Set(KLASSEN));
    for (const c of cases) {
      expect(KLASSEN, c.name).toContain(c.klasse);
      expect(["geweigerd", "gebouwd"], c.name).toContain(c.verwacht);
      expect(c.beschrijving.length, c.name).toBeGreaterThan(10);
      if (c.verwacht === "geweigerd" || c.ookGeweigerd) expect(c.bestand, `${c.name}: a refused case names the file its error must name`).toMatch(/^[\w.-]+(\/[\w.-]+)*$/);
      if (c.ookGeweigerd) expect(c.verwacht, c.name).toBe("gebouwd");
      if (c.bericht) expect(() => new RegExp(c.bericht!, "i"), c.name).not.toThrow();
      for (const r of c.behoud ?? []) expect(() => new RegExp(r), c.name).not.toThrow();
      if (c.stap && c.stap !== "bouw") expect(c.klasse, c.name).toBe("archief");
      if (c.stap === "twee-archieven") expect(c.eigenTekst?.trim().length ?? 0, c.name).toBeGreaterThan(0);
      if (c.tsaEnv || c.luisteraar === "hangt") expect(c.tsa, `${c.name}: a TSA case says which path the TSA request goes to`).toMatch(/^\/\S*$/);
    }
    const perClass = Object.fromEntries(KLASSEN.map((k) => [k, cases.filter((c) => c.klasse === k).length]));
    expect(Math.min(...Object.values(perClass)), JSON.stringify(perClass)).toBeGreaterThanOrEqual(3);
  });

  it("the output checks find planted traces (and pass clean markup)", () => {
    const clean = `<!doctype html><html><head><link rel="stylesheet" href="/a.css"></head><body><a href="/testdorp/">x</a><a href="https://example.org/">y</a><p>if a &lt; b</p></body></html>`;
    expect(markupProblems("testdorp/index.html", clean)).toEqual([]);
    expect(markupProblems("zoeken/index.html", `<script src="/pagefind/pagefind-ui.js"></script><script>new PagefindUI({})</script>`)).toEqual([]);
    expect(markupProblems("zoeken/index.html", `<meta http-equiv="Content-Security-Policy" content="default-src 'self'"><script src="/pagefind/pagefind-ui.js"></script><script src="/zoeken.js"></script>`)).toEqual([]);
    expect(markupProblems("testdorp/index.html", `<script src="/zoeken.js"></script>`)).not.toEqual([]);
    // In a quoted attribute value `<script>` is text, as a browser parses it: not a script.
    expect(markupProblems("testdorp/index.html", `<div aria-label="a <script>b</script>"></div>`)).toEqual([]);
    expect(markupProblems("testdorp/index.html", `<div aria-label="a"><script>b</script></div>`)).not.toEqual([]);
    const planted = [
      `<script>alert(1)</script>`,
      `<SCRIPT SRC="/pagefind/../x.js"></SCRIPT>`,
      `<img src=x onerror=alert(1)>`,
      `<svg><g onload="alert(1)"></g></svg>`,
      `<a href="JaVaScRiPt:alert(1)">x</a>`,
      `<a href="java\tscript:alert(1)">x</a>`,
      `<a href="&#106;avascript:alert(1)">x</a>`,
      `<a href=" &#x6A;avascript&colon;alert(1)">x</a>`,
      `<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`,
      `<a href="vbscript:msgbox">x</a>`,
      `<image xlink:href="file:///etc/passwd"/>`,
      `<iframe src="/x"></iframe>`,
      `<svg><foreignObject><p>x</p></foreignObject></svg>`,
      `<meta http-equiv="refresh" content="0;url=/x">`,
      `<style>@page { content: "x"; }</style><script>x</script>`,
      `<div title='a' onclick='b'>`,
      `<a/onmouseover=alert(1)>`,
    ];
    for (const markup of planted) expect(markupProblems("testdorp/index.html", markup), markup).not.toEqual([]);
    expect(markupProblems("testdorp/index.html", `<script>x</script>`)).not.toEqual([]);
    expect(markupProblems("zoeken/index.html", `<script>a</script><script>b</script>`)).not.toEqual([]);
    expect(urlScheme("&#106;avascript:alert(1)")).toBe("javascript");
    expect(urlScheme("/testdorp/2022/memo-q2/")).toBeUndefined();
    expect(csvProblems("x.csv", "label,begroting\r\nRijk,-100\r\n")).toEqual([]);
    expect(csvProblems("x.csv", "label,begroting\r\n=cmd|' /C calc'!A0,1\r\n")).not.toEqual([]);
    expect(csvProblems("x.csv", 'label,begroting\r\n"@SUM(1+1)",1\r\n')).not.toEqual([]);
  });

  it("the output checks pass a clean build of mini with PDFs (no false alarms)", { timeout: CASE_TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "nota-hostile-schoon-"));
    await writeFile(join(dir, "case.json"), "{}\n");
    const clean: LoadedCase = { name: "schoon", dir, klasse: "onduidelijk", beschrijving: "mini zonder overlay", verwacht: "gebouwd", pdf: true };
    try {
      const problems = await slots.take(1, () => runCase(clean));
      expect(problems, problems.join("\n")).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  describe.concurrent("cases", () => {
    for (const c of cases) {
      it(`${c.klasse}/${c.name} (${c.verwacht})`, { timeout: CASE_TIMEOUT }, async ({ expect }) => {
        const problems = await slots.take(slotWeight(c), () => runCase(c));
        expect(problems, `${c.beschrijving}\n${problems.join("\n")}`).toEqual([]);
      });
    }
  });
});
