// The benchmark: nota on synthetic archives of growing size, against the print floor (the same pages
// printed by a warm Chromium and nothing else) and against pandoc + WeasyPrint / Chromium.
// Usage: npm run bench [-- --sizes 100,400] [--large] [--notes N] [--peer-notes M] [--keep]
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateArchive, notePath } from "./generate.ts";
import { runMeasured, type Measured } from "./measure.ts";
import { printFloor } from "./floor.ts";
import { ensureTools, exportMarkdown, PEERS, runPeer, toolVersion } from "./peers.ts";

const REPO = resolve(import.meta.dirname, "..");
const NOTA = join(REPO, "bin/nota.mjs");
const RESULTS = join(import.meta.dirname, "results", "latest.json");
const MIB = 1024 * 1024;
/** nota's stage names (src/build.ts) in the benchmark's words; an unknown stage keeps its own name. */
const STAGES: Record<string, string> = {
  "valideren, publicatie en grafieken": "validate/charts",
  "pagina's": "pages",
  zoekindex: "search index",
  "PDF's": "PDFs",
  handtekeningen: "signatures",
  publiceren: "publish",
};
const TARGETS = { floorMultiple: 1.3, incrementalFraction: 0.05, perNoteGrowth: 1.15, peakRssBytes: 1.5 * 1024 * MIB };

interface BuildReport {
  notes: number;
  charts: number;
  seconds: Record<string, number>;
  pdfs?: { rendered: number; reused: number };
}

interface PeerFigures {
  label: string;
  versions?: string[];
  notes?: number;
  seconds?: number;
  notesPerSecond?: number;
  /** nota's notes per second divided by the peer's. */
  notaSpeedup?: number;
  skipped?: string;
  error?: string;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

function count(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) fail(`${option} expects a positive whole number, not '${value}'`);
  return n;
}

/** Runs `nota build` on the archive as a child process, measured; exits on failure with the log's tail. */
async function build(root: string, name: string): Promise<{ measured: Measured; report: BuildReport }> {
  const reportFile = join(root, `report-${name}.json`);
  const logFile = join(root, `build-${name}.log`);
  const measured = await runMeasured(process.execPath, [NOTA, "build", "--root", root, "--out", join(root, "dist"), "--report", reportFile], { cwd: REPO, logFile });
  if (measured.code !== 0) fail(`nota build (${name}) exited with ${measured.code}; the archive is kept in ${root}\n${(await readFile(logFile, "utf8")).split("\n").slice(-30).join("\n")}`);
  return { measured, report: JSON.parse(await readFile(reportFile, "utf8")) as BuildReport };
}

function stageSeconds(report: BuildReport): Record<string, number> {
  return Object.fromEntries(Object.entries(report.seconds).map(([stage, seconds]) => [STAGES[stage] ?? stage, round(seconds, 3)]));
}

function printStages(stages: Record<string, number>, wall: number): void {
  const line = (label: string, seconds: number, note = "") => say(`  ${label.padEnd(16)} ${seconds.toFixed(1).padStart(8)} s ${`${((100 * seconds) / wall).toFixed(1)}%`.padStart(6)}${note}`);
  for (const [stage, seconds] of Object.entries(stages)) line(stage, seconds);
  const staged = Object.values(stages).reduce((a, b) => a + b, 0);
  line("other", wall - staged, "   (start-up, signing keys, PDF sizes; each PDF is signed as it is printed)");
}

function mib(bytes: number): number {
  return Math.round(bytes / MIB);
}

/** One archive size: a full build, the print floor of its pages, and an incremental build. */
async function measureSize(notes: number, keep: boolean): Promise<{ figures: SizeFigures; archive: Awaited<ReturnType<typeof generateArchive>>; root: string }> {
  const root = await mkdtemp(join(os.tmpdir(), `nota-bench-${notes}-`));
  say(`\n== ${notes} synthetic notes in ${root}`);
  const archive = await generateArchive(REPO, root, notes);
  say(`  ${archive.notes.length} notes, ${archive.datasets.size} datasets, ${archive.profiles.size} gemeenten`);
  const check = spawnSync(process.execPath, [NOTA, "check", "--root", root], { cwd: REPO, encoding: "utf8" });
  if (check.status !== 0) fail(`nota check rejects the synthetic archive (a bug in bench/generate.ts, or the schema changed); kept in ${root}\n${check.stdout}${check.stderr}`);

  say(`\nFull build (nota build, cold: empty cache) …`);
  const full = await build(root, "full");
  const fullStages = stageSeconds(full.report);
  const wall = full.measured.seconds;
  printStages(fullStages, wall);
  say(`  ${"total (wall)".padEnd(16)} ${wall.toFixed(1).padStart(8)} s   ${(wall / notes).toFixed(3)} s/note, ${(notes / wall).toFixed(2)} notes/s, ${full.report.charts} charts`);
  const byName = Object.entries(full.measured.peakByName).sort((a, b) => b[1] - a[1]).map(([name, bytes]) => `${name} ${mib(bytes)}`).join(", ");
  say(`  peak RSS (process tree) ${mib(full.measured.peakRssBytes)} MiB: ${byName}; peak PSS ${mib(full.measured.peakPssBytes)} MiB`);

  const pages = archive.notes.map((note) => `/${note.gemeente}/${note.year}/${note.slug}/`);
  const floor = await printFloor(join(root, "dist"), pages);
  say(`  print floor      ${floor.toFixed(1).padStart(8)} s   the same ${pages.length} pages printed by one warm Chromium, 2 at a time; the build is ${(wall / floor).toFixed(2)}× the floor`);

  // The full build published every note: a change is a correction, the note's version 2.
  const edited = archive.notes[Math.floor(archive.notes.length / 2)]!;
  const text = await readFile(notePath(archive, edited), "utf8");
  const correction = `correcties:\n  - datum: "${new Date().toISOString().slice(0, 10)}"\n    reden: "Een zin toegevoegd om een incrementele build te meten."`;
  await writeFile(notePath(archive, edited), `${text.replace(/^(status: .*)$/m, `$1\n${correction}`)}\nDeze zin is toegevoegd om een incrementele build te meten.\n`);
  say(`\nIncremental build (one sentence appended to ${relative(root, notePath(archive, edited))}, as a correction) …`);
  const incremental = await build(root, "incremental");
  const incrementalStages = stageSeconds(incremental.report);
  const fraction = incremental.measured.seconds / wall;
  printStages(incrementalStages, incremental.measured.seconds);
  const reuse = incremental.report.pdfs ? `; PDFs rendered ${incremental.report.pdfs.rendered}, reused ${incremental.report.pdfs.reused}` : "";
  say(`  ${"total (wall)".padEnd(16)} ${incremental.measured.seconds.toFixed(1).padStart(8)} s   ${(100 * fraction).toFixed(1)}% of the full build${reuse}`);
  if (!keep) await rm(join(root, "dist"), { recursive: true, force: true });
  return {
    root,
    archive,
    figures: {
      notes,
      charts: full.report.charts,
      full: { seconds: fullStages, wallSeconds: round(wall, 1), secondsPerNote: round(wall / notes, 4), notesPerSecond: round(notes / wall, 3), peakRssMiB: mib(full.measured.peakRssBytes), peakPssMiB: mib(full.measured.peakPssBytes), peakRssByProgramMiB: Object.fromEntries(Object.entries(full.measured.peakByName).map(([n, b]) => [n, mib(b)])) },
      printFloor: { seconds: round(floor, 1), pages: pages.length, buildMultiple: round(wall / floor) },
      incremental: { note: relative(root, notePath(archive, edited)), seconds: incrementalStages, wallSeconds: round(incremental.measured.seconds, 1), fractionOfFull: round(fraction, 4), pdfs: incremental.report.pdfs, peakRssMiB: mib(incremental.measured.peakRssBytes) },
    },
  };
}

interface SizeFigures {
  notes: number;
  charts: number;
  full: { wallSeconds: number; secondsPerNote: number; notesPerSecond: number; peakRssMiB: number } & Record<string, unknown>;
  printFloor: { seconds: number; pages: number; buildMultiple: number };
  incremental: { wallSeconds: number; fractionOfFull: number } & Record<string, unknown>;
}

function sizesOption(values: { sizes?: string; notes?: string; large?: boolean }): number[] {
  const sizes = values.notes !== undefined ? [count(values.notes, "--notes")] : (values.sizes ?? "100,400").split(",").map((size) => count(size, "--sizes"));
  return [...new Set([...sizes, ...(values.large ? [1600] : [])])].sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: "string" }, notes: { type: "string" }, large: { type: "boolean" }, "peer-notes": { type: "string" }, keep: { type: "boolean" } } });
  const sizes = sizesOption(values);
  const loadAtStart = os.loadavg();
  say(`nota bench: ${sizes.join(", ")} synthetic notes`);
  if (loadAtStart[0]! > os.cpus().length / 2) say(`  warning: load average ${loadAtStart[0]!.toFixed(1)} on ${os.cpus().length} CPUs; other work on this machine skews the figures`);

  const measured = [];
  for (const notes of sizes) measured.push(await measureSize(notes, !!values.keep));
  const figures = measured.map((m) => m.figures);

  // The peers run on (a subset of) the smallest archive.
  const { archive, root, figures: smallest } = measured[0]!;
  const peerNotes = Math.min(smallest.notes, values["peer-notes"] === undefined ? smallest.notes : count(values["peer-notes"], "--peer-notes"));
  const subset = peerNotes < smallest.notes;
  const notaRate = smallest.full.notesPerSecond;
  say(`\nPeers: ${subset ? `a SUBSET of ${peerNotes} of the ${smallest.notes} notes (compare notes/s, not totals)` : `the same ${smallest.notes} notes`} as Markdown + SVG, one process per note, 2 at a time`);
  const exportStart = performance.now();
  const exported = (await exportMarkdown(archive, join(root, "peers"))).slice(0, peerNotes);
  const exportSeconds = (performance.now() - exportStart) / 1000;
  say(`  export (charts compiled by nota's chart module, not counted for the peers): ${exportSeconds.toFixed(1)} s`);
  const peers: Record<string, PeerFigures> = {};
  for (const [key, peer] of Object.entries(PEERS)) {
    const missing = ensureTools(peer.commands, (line) => say(`  ${line}`));
    if (missing.length > 0) {
      peers[key] = { label: peer.label, skipped: `not installed: ${missing.join(", ")}` };
      say(`  ${peer.label.padEnd(22)} skipped: ${missing.join(", ")} not found (install as root: apt-get install -y ${missing.join(" ")})`);
      continue;
    }
    try {
      const seconds = await runPeer(peer, exported, join(root, "peers", key));
      const rate = peerNotes / seconds;
      peers[key] = { label: peer.label, versions: peer.commands.map(toolVersion), notes: peerNotes, seconds: round(seconds, 1), notesPerSecond: round(rate, 3), notaSpeedup: round(notaRate / rate) };
      say(`  ${peer.label.padEnd(22)} ${seconds.toFixed(1).padStart(8)} s   ${rate.toFixed(2)} notes/s   nota/peer ${(notaRate / rate).toFixed(2)}×`);
    } catch (error) {
      peers[key] = { label: peer.label, error: (error as Error).message };
      say(`  ${peer.label.padEnd(22)} FAILED: ${(error as Error).message}`);
    }
  }

  say("\nBy size:");
  say(`  ${"notes".padStart(6)} ${"s/note".padStart(8)} ${"× floor".padStart(8)} ${"incr.".padStart(7)} ${"peak RSS".padStart(9)}`);
  for (const f of figures) say(`  ${String(f.notes).padStart(6)} ${f.full.secondsPerNote.toFixed(3).padStart(8)} ${f.printFloor.buildMultiple.toFixed(2).padStart(8)} ${`${(100 * f.incremental.fractionOfFull).toFixed(1)}%`.padStart(7)} ${`${f.full.peakRssMiB} MiB`.padStart(9)}`);
  const largest = figures.at(-1)!;
  const growth = largest.full.secondsPerNote / smallest.full.secondsPerNote;
  const worstIncremental = Math.max(...figures.map((f) => f.incremental.fractionOfFull));
  const peakRss = Math.max(...figures.map((f) => f.full.peakRssMiB));
  const targets = [
    { name: `full build ≤ ${TARGETS.floorMultiple}× the print floor (${largest.notes} notes)`, value: largest.printFloor.buildMultiple, pass: largest.printFloor.buildMultiple <= TARGETS.floorMultiple },
    { name: `incremental build ≤ ${100 * TARGETS.incrementalFraction}% of the full build (every size)`, value: round(worstIncremental, 4), pass: worstIncremental <= TARGETS.incrementalFraction },
    { name: `time per note flat: at ${largest.notes} notes ≤ ${TARGETS.perNoteGrowth}× that at ${smallest.notes}`, value: figures.length > 1 ? round(growth) : null, pass: figures.length > 1 ? growth <= TARGETS.perNoteGrowth : null },
    { name: "peak RSS < 1.5 GiB (every size)", value: peakRss, pass: peakRss * MIB < TARGETS.peakRssBytes },
  ];
  say("\nTargets:");
  for (const target of targets) say(`  ${target.pass === null ? "n/a " : target.pass ? "PASS" : "FAIL"}  ${target.name}: ${target.value ?? "not measured"}`);

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      loadAverage: { start: loadAtStart.map((l) => round(l)), end: os.loadavg().map((l) => round(l)) },
    },
    sizes: figures,
    peers: { notes: peerNotes, subset, exportSeconds: round(exportSeconds, 1), ...peers },
    targets,
  };
  await mkdir(resolve(RESULTS, ".."), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nResults: ${relative(process.cwd(), RESULTS)}`);
  if (values.keep) say(`Archives, builds and logs kept in ${measured.map((m) => m.root).join(", ")}`);
  else await Promise.all(measured.map((m) => rm(m.root, { recursive: true, force: true })));
}

await main();
