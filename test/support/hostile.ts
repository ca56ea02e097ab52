/**
 * Harness for the hostile-input corpus (test/fixtures/hostile/). Each case is the mini archive
 * with an overlay written by an attacker; the harness builds it with the real `nota` command in
 * a private temp folder, next to a folder of canaries "outside the archive" and a listening
 * socket that records every connection, and then checks that the attack left no trace.
 *
 * Layout of one case (all under one `mkdtemp`):
 *
 *   <case>/t/                 = <tmp> of the brief: only `archief/` and `buiten/` may exist afterwards
 *   <case>/t/archief/         the archive root: test/fixtures/mini + the overlay (+ dist/ with a fake
 *                             previous publication, + .nota/ after a build)
 *   <case>/t/buiten/          = {{OUTSIDE}}: canaries, each containing CANARY (see writeCanaries)
 *   <case>/ref/               only for "stap": "gelijktijdig": a reference build to compare with
 *   <case>/tweede/archief/    only for "stap": "twee-archieven": a second archive built at the same time
 *
 * From the note folder `archief/content/testdorp/2022/`, `../../../../buiten/` is the canary folder.
 * The nota process gets a TMPDIR of its own (`<tmpdir>/nh-…`, short because Chromium puts a socket
 * in it), so that a run leaves nothing in the machine's temp folder; it is removed with the case.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cp, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { crc32, gunzipSync, deflateSync } from "node:zlib";
import { MINI, REPO } from "./run.ts";

export const HOSTILE = join(REPO, "test/fixtures/hostile");

/** In every canary; anywhere in nota's output or messages it means something outside the archive was read. */
export const CANARY = "NOTA-CANARY-7f3a9c";

/** What a case.json may say (README of the corpus: test/fixtures/hostile/README.md). */
export interface HostileCase {
  klasse: Klasse;
  beschrijving: string;
  verwacht: "geweigerd" | "gebouwd";
  /** geweigerd: a path (or other name) that the error output must contain. */
  bestand?: string;
  /**
   * gebouwd: a clean refusal (exit ≠ 0, no crash, a message naming `bestand`, dist/ unchanged) is as
   * good as a build without trace. For injections of markup into text fields, where the threat model
   * accepts either outcome.
   */
  ookGeweigerd?: boolean;
  /** A case-insensitive regex the error output must match (geweigerd; for "gelijktijdig": the refusal, if any). */
  bericht?: string;
  /** Also print and sign PDFs (default: --no-pdf). */
  pdf?: boolean;
  /** Symlinks the harness makes in the archive: path in the archive → target (placeholders allowed). */
  symlinks?: Record<string, string>;
  /** Paths of the mini archive to delete before the overlay is applied. */
  verwijder?: string[];
  /** How the 127.0.0.1 listener answers: normaal (200 with a canary body), hangt (accepts, never answers), 501. */
  luisteraar?: "normaal" | "hangt" | "501";
  /** Path on the listener where a time-stamp request (POST) may go; any other request fails the case. */
  tsa?: string;
  /** Set NOTA_TSA_URL=http://127.0.0.1:{{PORT}}<tsa> for the build. */
  tsaEnv?: boolean;
  /**
   * Files the harness writes after the overlay, to keep big inputs out of git: path → parts, each a
   * literal string (placeholders allowed) or `{ "herhaal": text, "keer": n }` (text n times).
   */
  genereer?: Record<string, (string | { herhaal: string; keer: number })[]>;
  /**
   * The flow. "bouw" (default): one `nota build`. The others need an archive that builds:
   * "gemeente-bouw": full build, then `--gemeente <gemeente>`; files matching `behoud` must stay byte-identical.
   * "no-pdf-na-pdf": full build with PDFs, then `--no-pdf`; files matching `behoud` must stay byte-identical.
   * "gelijktijdig": two builds of the same archive at once; one may refuse (matching `bericht`), and
   * dist/ must afterwards hold exactly the files of a complete build (compared with a reference build).
   * "twee-archieven": this archive and an untouched copy of mini (in <case>/tweede/) built at the same
   * moment, twice; each published note page must hold its own title (`eigenTekst` here, mini's there).
   */
  stap?: "bouw" | "gemeente-bouw" | "no-pdf-na-pdf" | "gelijktijdig" | "twee-archieven";
  /** For "twee-archieven": a text only this archive's note page has. */
  eigenTekst?: string;
  gemeente?: string;
  /** Regexes of dist/ paths (relative, `/`-separated) that a second build must leave as they were. */
  behoud?: string[];
  /** Texts the printed PDFs must contain (pdf cases that build); default: the mini note's title and first heading. */
  pdfTekst?: string[];
}

export const KLASSEN = ["code", "lezen", "netwerk", "injectie", "dos", "archief", "onduidelijk"] as const;
export type Klasse = (typeof KLASSEN)[number];

export interface LoadedCase extends HostileCase {
  name: string;
  dir: string;
}

export function loadCases(): LoadedCase[] {
  if (!existsSync(HOSTILE)) return [];
  return readdirSync(HOSTILE, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => ({ name, dir: join(HOSTILE, name), ...(JSON.parse(readFileSync(join(HOSTILE, name, "case.json"), "utf8")) as HostileCase) }));
}

/** Upper bound of one `nota` run; the process group is killed after it. */
export const RUN_LIMIT_MS = Number(process.env.NOTA_HOSTILE_LIMIT_MS ?? 90_000);

/** A crash instead of a diagnostic: a stack frame or nota's last-resort message (as in bad-input.test.ts). */
export const CRASH = /^\s+at \S.*:\d+:\d+\)?$|onverwachte fout/m;

// ---------------------------------------------------------------------------------------------
// Running at most two builds at a time (a 2-core machine; Chromium and Astro are heavy)

class Slots {
  private free: number;
  private readonly waiting: { weight: number; go: () => void }[] = [];
  constructor(count: number) {
    this.free = count;
  }
  async take<T>(weight: number, work: () => Promise<T>): Promise<T> {
    if (weight === 0) return work();
    if (this.free >= weight && this.waiting.length === 0) this.free -= weight;
    else await new Promise<void>((go) => this.waiting.push({ weight, go }));
    try {
      return await work();
    } finally {
      this.free += weight;
      while (this.waiting.length > 0 && this.free >= this.waiting[0]!.weight) {
        const next = this.waiting.shift()!;
        this.free -= next.weight;
        next.go();
      }
    }
  }
}

export const slots = new Slots(Number(process.env.NOTA_HOSTILE_PARALLEL ?? 2));

// ---------------------------------------------------------------------------------------------
// The listener: every connection to 127.0.0.1:{{PORT}} is recorded

export interface Recorded {
  connections: number;
  requests: { method: string; url: string; contentType: string }[];
}

export interface Listener {
  port: number;
  recorded: Recorded;
  close: () => Promise<void>;
}

/** A tiny valid PNG whose bytes carry `text` in a tEXt chunk. */
export function pngWithText(text: string): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0); // width
  header.writeUInt32BE(1, 4); // height
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("tEXt", Buffer.from(`Comment\0${text}`, "latin1")),
    chunk("IDAT", deflateSync(Buffer.from([0, 0]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export async function startListener(mode: HostileCase["luisteraar"] = "normaal"): Promise<Listener> {
  const recorded: Recorded = { connections: 0, requests: [] };
  const sockets = new Set<Socket>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    recorded.requests.push({ method: request.method ?? "", url: request.url ?? "", contentType: String(request.headers["content-type"] ?? "") });
    request.resume();
    if (mode === "hangt") return; // accepted, never answered
    if (mode === "501") {
      response.writeHead(501, { "Content-Type": "text/plain" }).end("niet geïmplementeerd\n");
      return;
    }
    // "normaal": whatever is fetched carries the canary, so a fetch that reaches the output shows there too.
    const url = request.url ?? "";
    if (url.endsWith(".png")) response.writeHead(200, { "Content-Type": "image/png" }).end(pngWithText(CANARY));
    else if (url.endsWith(".json")) response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify([{ tekst: CANARY, maand: 1, clienten: 1, jaar: CANARY }]));
    else response.writeHead(200, { "Content-Type": "text/csv" }).end(`tekst,maand,clienten,jaar\n${CANARY},1,1201,${CANARY}\n`);
  });
  server.on("connection", (socket: Socket) => {
    recorded.connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A TLS hello or other garbage is still a connection (counted above); just drop it.
  server.on("clientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    recorded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Layout: archive, canaries, placeholders

export interface Layout {
  caseRoot: string;
  tmp: string;
  archief: string;
  buiten: string;
  systmp: string;
  dist: string;
  /** The publication register nota keeps in the archive (`publicaties/`). */
  register: string;
  /** Placeholder → value, applied to overlay files, generated files and symlink targets. */
  placeholders: Record<string, string>;
}

/** The working folder nota runs in (as test/support/run.ts): relative Vega-Lite URLs resolve against it. */
export const NOTA_CWD = REPO;

export async function makeLayout(name: string, port: number): Promise<Layout> {
  const caseRoot = await mkdtemp(join(tmpdir(), `nota-hostile-${name.slice(0, 40)}-`));
  const tmp = join(caseRoot, "t");
  const archief = join(tmp, "archief");
  const buiten = join(tmp, "buiten");
  // Short: Chromium puts a socket in TMPDIR, and a socket path may not exceed 107 bytes.
  const systmp = await mkdtemp(join(tmpdir(), "nh-"));
  await mkdir(buiten, { recursive: true });
  return {
    caseRoot,
    tmp,
    archief,
    buiten,
    systmp,
    dist: join(archief, "dist"),
    register: join(archief, "publicaties"),
    placeholders: {
      "{{OUTSIDE}}": buiten,
      "{{OUTSIDE_REL}}": relative(NOTA_CWD, buiten),
      "{{PORT}}": String(port),
    },
  };
}

export function substitute(text: string, placeholders: Record<string, string>): string {
  let out = text;
  for (const [key, value] of Object.entries(placeholders)) out = out.split(key).join(value);
  return out;
}

/** The valid nota note that the canary notes are made of (frontmatter as in the mini note). */
function canaryNote(year: string): string {
  return `---
soort: memo
titel: Geheim ${CANARY}
datum: ${year}-06-15
kwartaal: ${year}-Q2
onderwerpen: [jeugdhulp]
kenmerk: GEHEIM-1
portefeuillehouder: wethouder jeugd
status: verzonden
kernboodschap: ${CANARY} staat buiten het archief.
---

## Geheim

Deze tekst (${CANARY}) staat buiten het archief.
`;
}

function canaryDataset(): string {
  return `${JSON.stringify(
    {
      type: "tijdreeks",
      titel: `Geheim ${CANARY}`,
      eenheid: "cliënten",
      kolommen: { maand: "Maand", jaar: "Jaar", clienten: "Aantal cliënten", tekst: CANARY },
      x: "maand",
      y: "clienten",
      reeks: "jaar",
      rijen: [
        { maand: 1, jaar: CANARY, clienten: 1201, tekst: CANARY },
        { maand: 2, jaar: CANARY, clienten: 1210, tekst: CANARY },
      ],
    },
    null,
    2,
  )}\n`;
}

/** A module that, if nota ever runs it, leaves `buiten/GEHACKT`. */
function canaryModule(buiten: string): string {
  const target = JSON.stringify(join(buiten, "GEHACKT"));
  return `// ${CANARY}: dit bestand mag nooit worden uitgevoerd.
import { writeFileSync } from "node:fs";
writeFileSync(${target}, "x");
import("node:fs").then((fs) => fs.writeFileSync(${target}, "x"));
export default ${JSON.stringify(CANARY)};
`;
}

/**
 * The canaries outside the archive. Every file contains CANARY. `geheim.json` and `map/geheim.json`
 * are valid nota datasets, `geheim.vl.json` a valid Vega-Lite spec, `geheim.mdx` (2022) and
 * `map/memo-2021.mdx` (2021) valid notes of gemeente testdorp, so that a symlink or path that
 * reaches them would build and show the canary.
 */
export async function writeCanaries(buiten: string): Promise<void> {
  await mkdir(join(buiten, "map"), { recursive: true });
  const files: Record<string, string | Buffer> = {
    "geheim.txt": `${CANARY} geheim\n`,
    "geheim.json": canaryDataset(),
    "geheim.vl.json": `${JSON.stringify(
      {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: CANARY,
        data: { name: "dataset" },
        mark: "line",
        encoding: { x: { field: "maand", type: "ordinal", title: CANARY }, y: { field: "clienten", type: "quantitative", title: CANARY } },
      },
      null,
      2,
    )}\n`,
    "geheim.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><text x="0" y="15">${CANARY}</text></svg>\n`,
    "geheim.png": pngWithText(CANARY),
    "geheim.csv": `tekst,maand,clienten,jaar\n${CANARY},1,1201,${CANARY}\n${CANARY},2,1210,${CANARY}\n`,
    "geheim.mdx": canaryNote("2022"),
    "grafiek.mjs": canaryModule(buiten),
    "grafiek.js": canaryModule(buiten),
    "map/memo-2021.mdx": canaryNote("2021"),
    "map/geheim.json": canaryDataset(),
  };
  for (const [path, content] of Object.entries(files)) await writeFile(join(buiten, path), content);
}

/** mini + deletions + overlay (with placeholders) + generated files + symlinks. */
export async function makeArchive(c: LoadedCase, layout: Layout): Promise<void> {
  await cp(MINI, layout.archief, { recursive: true });
  for (const path of c.verwijder ?? []) await rm(join(layout.archief, path), { recursive: true, force: true });
  const overlay = (await readdir(c.dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !(e.parentPath === c.dir && e.name === "case.json"));
  for (const entry of overlay) {
    const source = join(entry.parentPath, entry.name);
    const target = join(layout.archief, relative(c.dir, source));
    await mkdir(dirname(target), { recursive: true });
    const bytes = await readFile(source);
    const text = bytes.toString("utf8");
    // Placeholders only in text files; binary files are copied as they are.
    await writeFile(target, Buffer.from(text, "utf8").equals(bytes) ? substitute(text, layout.placeholders) : bytes);
  }
  for (const [path, parts] of Object.entries(c.genereer ?? {})) {
    const target = join(layout.archief, path);
    await mkdir(dirname(target), { recursive: true });
    const text = parts.map((part) => (typeof part === "string" ? substitute(part, layout.placeholders) : part.herhaal.repeat(part.keer))).join("");
    await writeFile(target, text);
  }
  for (const [path, target] of Object.entries(c.symlinks ?? {})) {
    const link = join(layout.archief, path);
    await mkdir(dirname(link), { recursive: true });
    await rm(link, { recursive: true, force: true });
    await symlink(substitute(target, layout.placeholders), link);
  }
}

/** The previous publication that a refused build must leave exactly as it was. */
export const PREVIOUS = { "index.html": "<!doctype html><title>Vorige uitvoer</title>\n", "testdorp/index.html": "<p>gepubliceerd</p>\n" };

export async function writePreviousPublication(dist: string): Promise<void> {
  for (const [path, text] of Object.entries(PREVIOUS)) {
    await mkdir(dirname(join(dist, path)), { recursive: true });
    await writeFile(join(dist, path), text);
  }
}

// ---------------------------------------------------------------------------------------------
// Snapshots

/** Every entry below `dir` (not following symlinks): file → sha256, symlink → its target, folder → "map". */
export async function snapshot(dir: string, skipTop: (name: string) => boolean = () => false): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = async (sub: string) => {
    for (const entry of await readdir(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (!sub && skipTop(entry.name)) continue;
      const full = join(dir, path);
      if (entry.isSymbolicLink()) out[path] = `symlink → ${await readlink(full)}`;
      else if (entry.isDirectory()) {
        out[path] = "map";
        await walk(path);
      } else out[path] = createHash("sha256").update(await readFile(full)).digest("hex");
    }
  };
  await walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function snapshotDiff(before: Record<string, string>, after: Record<string, string>, limit = 8): string[] {
  const changes: string[] = [];
  for (const [path, hash] of Object.entries(before)) {
    if (!(path in after)) changes.push(`verdwenen: ${path}`);
    else if (after[path] !== hash) changes.push(`veranderd: ${path}`);
  }
  for (const path of Object.keys(after)) if (!(path in before)) changes.push(`nieuw: ${path}`);
  return changes.length > limit ? [...changes.slice(0, limit), `… en ${changes.length - limit} meer`] : changes;
}

// ---------------------------------------------------------------------------------------------
// Running nota with a hard time bound

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

const OUTPUT_CAP = 1_000_000;

/**
 * `nota <args>` with the repo's Node, in its own process group, env CI=true, TMPDIR in the case
 * folder and a marker variable. After RUN_LIMIT_MS the group gets SIGTERM, 3 s later SIGKILL;
 * afterwards every process still carrying the marker (Chromium runs in a group of its own) is
 * killed by its pid.
 */
export async function runNota(args: string[], layout: Layout, env: Record<string, string> = {}): Promise<Run> {
  const marker = `${layout.caseRoot}:${randomBytes(4).toString("hex")}`;
  const start = performance.now();
  const child = spawn(process.execPath, [join(REPO, "bin/nota.mjs"), ...args], {
    cwd: NOTA_CWD,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NOTA_ROOT: undefined, NOTA_OUT: undefined, NOTA_TSA_URL: undefined, CI: "true", TMPDIR: layout.systmp, NOTA_HOSTILE_MARKER: marker, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    if (stdout.length < OUTPUT_CAP) stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    if (stderr.length < OUTPUT_CAP) stderr += chunk;
  });
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup("SIGTERM");
    setTimeout(() => {
      killGroup("SIGKILL");
      killMarked(marker);
    }, 3_000).unref();
  }, RUN_LIMIT_MS);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  const ms = performance.now() - start;
  killGroup("SIGKILL");
  killMarked(marker);
  return { code, signal, stdout, stderr, ms, timedOut };
}

/** Kills, by pid, every process whose environment carries this run's marker (only processes this harness started). */
function killMarked(marker: string): void {
  const needle = `NOTA_HOSTILE_MARKER=${marker}\0`;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // not ours, or gone
    }
  }
}

export function excerpt(text: string, max = 1_200): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `${trimmed.slice(0, max / 2)}\n[…]\n${trimmed.slice(-max / 2)}` : trimmed;
}

// ---------------------------------------------------------------------------------------------
// Output checks

/**
 * What a clean build of test/fixtures/mini contains, and so what the checks allow (found with
 * `nota build` on mini, with and without PDFs):
 * - `<script>` only on /zoeken/: `<script src="/pagefind/pagefind-ui.js">` and the script that starts
 *   the Pagefind UI, `<script src="/zoeken.js">` (earlier builds had it inline; one inline script on
 *   /zoeken/ stays allowed). Any other `<script` anywhere in the text of an HTML, SVG or XML file is
 *   an injection, also inside an attribute value (where Astro leaves `<` as it is): the brief asks
 *   for no `<script` at all besides nota's own tags;
 * - `<meta http-equiv>` only as `Content-Security-Policy` (a refresh or set-cookie would be injected);
 * - no event-handler attribute (`on…=`) in any tag of any HTML, SVG or XML file;
 * - the text `javascript:` only in Pagefind's own UI (`pagefind/pagefind-ui.js`, as
 *   `"javascript:void(0);"`, the search form's action; its other UIs are not published);
 * - link and source attributes only with relative URLs or http(s)/mailto/tel;
 * - PDFs with /URI link actions to https only, no /JavaScript, /JS, /Launch or other actions that run
 *   or open something, and exactly one signature whose /Name, /Location, /ContactInfo and /Reason
 *   are those the profile gives.
 * - in archief/ besides the sources: dist/, publicaties/ (the publication register: per published
 *   version its page, text and signed PDF; output like dist/, and it only grows) and .nota/ (nota's work
 *   folder: caches, test PKI, Astro's folders; its contents are not policed, except that no *.lock stays
 *   after a normal exit); `.dist.lock` beside dist/ only after a run that was killed.
 */
export const CLEAN_BUILD = {
  inlineScriptPages: ["zoeken/index.html"],
  scriptSrcPrefix: "/pagefind/",
  scriptSrcPerPage: { "zoeken/index.html": ["/zoeken.js"] } as Record<string, string[]>,
  metaHttpEquiv: ["content-security-policy"],
  vendorJavascriptUrl: { files: /^pagefind\/pagefind-ui\.js$/, text: '"javascript:void(0);"' },
  archiveOutputs: ["dist", ".nota", "publicaties"],
};

/** Texts that may never appear in the output or in nota's messages. */
export function forbiddenTexts(layout: Layout, port: number): { text: string; ignoreCase?: boolean }[] {
  return [
    { text: CANARY },
    { text: "GEHACKT" },
    { text: "PRIVATE KEY" }, // a key read through a chart or image (e.g. .nota/test-pki/test-ca.key)
    { text: "root:x:0:" }, // /etc/passwd
    { text: `127.0.0.1:${port}` }, // a reference to the listener: the published site would reach it
    { text: layout.buiten }, // the absolute path of the folder outside the archive
  ];
}

interface Tag {
  name: string;
  attributes: { name: string; value: string | undefined }[];
  raw: string;
}

/**
 * Every start tag in markup, tokenised as an HTML tokenizer would inside a tag (quoted and unquoted
 * attribute values), but without raw-text states: `<tag …>` inside <style>, <script> or an SVG is
 * tokenised too. That is stricter than a browser, never laxer: an inline <svg><style> is parsed as
 * markup by browsers, so a tag in it is real.
 */
export function startTags(markup: string): Tag[] {
  const tags: Tag[] = [];
  const re = /<([a-zA-Z][^\s/>\0]*)/g;
  for (let match = re.exec(markup); match; match = re.exec(markup)) {
    const name = match[1]!.toLowerCase();
    let i = re.lastIndex;
    const attributes: Tag["attributes"] = [];
    for (;;) {
      while (i < markup.length && /[\s/]/.test(markup[i]!)) i++;
      if (i >= markup.length || markup[i] === ">") break;
      const nameStart = i;
      i++; // an attribute name may start with any character but whitespace, / and >
      while (i < markup.length && !/[\s/>=]/.test(markup[i]!)) i++;
      const attrName = markup.slice(nameStart, i).toLowerCase();
      while (i < markup.length && /\s/.test(markup[i]!)) i++;
      let value: string | undefined;
      if (markup[i] === "=") {
        i++;
        while (i < markup.length && /\s/.test(markup[i]!)) i++;
        const quote = markup[i];
        if (quote === '"' || quote === "'") {
          const end = markup.indexOf(quote, i + 1);
          value = markup.slice(i + 1, end < 0 ? markup.length : end);
          i = end < 0 ? markup.length : end + 1;
        } else {
          const start = i;
          while (i < markup.length && !/[\s>]/.test(markup[i]!)) i++;
          value = markup.slice(start, i);
        }
      }
      attributes.push({ name: attrName, value });
    }
    tags.push({ name, attributes, raw: markup.slice(match.index, Math.min(i + 1, match.index + 200)) });
    re.lastIndex = Math.max(re.lastIndex, i);
  }
  return tags;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n", nbsp: "\u00a0", sol: "/", lpar: "(", rpar: ")" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** The scheme of a URL as a browser would see it: entities decoded, control characters and spaces dropped. */
export function urlScheme(value: string): string | undefined {
  const cleaned = decodeEntities(value).replace(/[\u0000-\u0020\u007f-\u009f\u00a0\u200b\ufeff]/g, "").toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(cleaned)?.[1];
}

const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src", "action", "formaction", "data", "poster", "background", "cite", "longdesc", "usemap", "codebase", "srcset", "ping", "manifest", "icon"]);
const SAFE_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
const FORBIDDEN_TAGS = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base", "foreignobject", "portal", "template"]);

/** Problems with the markup of one HTML/SVG/XML file of the output (`path` relative to dist/). */
export function markupProblems(path: string, markup: string): string[] {
  const problems: string[] = [];
  let inlineScripts = 0;
  const scriptTags = startTags(markup).filter((t) => t.name === "script");
  for (const tag of startTags(markup)) {
    for (const attribute of tag.attributes) {
      if (/^on[a-z]+$/i.test(attribute.name)) problems.push(`${path}: event-handler-attribuut ${attribute.name} in ${tag.raw}`);
      if (URL_ATTRIBUTES.has(attribute.name) && attribute.value !== undefined) {
        for (const url of attribute.name === "srcset" ? attribute.value.split(",") : [attribute.value]) {
          const scheme = urlScheme(url);
          if (scheme && !SAFE_SCHEMES.has(scheme)) problems.push(`${path}: ${attribute.name} met schema '${scheme}:' in ${tag.raw}`);
        }
      }
    }
    if (FORBIDDEN_TAGS.has(tag.name)) problems.push(`${path}: element <${tag.name}> in ${tag.raw}`);
    const httpEquiv = tag.name === "meta" ? tag.attributes.find((a) => a.name === "http-equiv") : undefined;
    if (httpEquiv && !CLEAN_BUILD.metaHttpEquiv.includes((httpEquiv.value ?? "").toLowerCase())) problems.push(`${path}: <meta http-equiv> in ${tag.raw}`);
  }
  for (const tag of scriptTags) {
    const src = tag.attributes.find((a) => a.name === "src")?.value;
    if (tag.attributes.length === 1 && src?.startsWith(CLEAN_BUILD.scriptSrcPrefix) && !src.includes("..")) continue;
    if (tag.attributes.length === 1 && src !== undefined && (CLEAN_BUILD.scriptSrcPerPage[path] ?? []).includes(src)) continue;
    if (tag.attributes.length === 0 && CLEAN_BUILD.inlineScriptPages.includes(path) && ++inlineScripts === 1) continue;
    problems.push(`${path}: ${tag.raw}`);
  }
  // Every `<script` in the text must be one of the tags allowed above (catches `<script` the tokenizer would not call a tag).
  // A `<script` inside a quoted attribute value is text there, as for a browser's parser.
  const inAttributes = startTags(markup).reduce((sum, tag) => sum + tag.attributes.reduce((n, a) => n + (a.value?.match(/<script/gi)?.length ?? 0), 0), 0);
  const raw = (markup.match(/<script/gi)?.length ?? 0) - inAttributes;
  if (raw !== scriptTags.length) problems.push(`${path}: ${raw} keer '<script' in de tekst, ${scriptTags.length} script-tags`);
  return problems;
}

/** CSV cells a spreadsheet would run as a formula (a negative number is fine). */
export function csvProblems(path: string, text: string): string[] {
  const problems: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    for (const cell of line.split(",")) {
      const value = cell.replace(/^"/, "");
      if (/^[=+@\t\r]/.test(value) || (/^-/.test(value) && !/^-\d/.test(value))) problems.push(`${path}: CSV-cel begint als formule: ${cell.slice(0, 60)}`);
    }
  }
  return problems.slice(0, 3);
}

/** All files below `dir` (relative, `/`-separated), not following symlinks; symlinks are listed too. */
export async function filesBelow(dir: string): Promise<{ path: string; symlink: boolean }[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => ({ path: relative(dir, join(e.parentPath, e.name)).split("\\").join("/"), symlink: e.isSymbolicLink() }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Checks every file of a built site: forbidden texts, markup, CSV cells; PDFs separately (pdfProblems). */
export async function outputProblems(dist: string, forbidden: { text: string; ignoreCase?: boolean }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { path, symlink } of await filesBelow(dist)) {
    if (symlink) {
      problems.push(`${path}: symbolische link in de uitvoer`);
      continue;
    }
    const bytes = await readFile(join(dist, path));
    const texts = [bytes.toString("utf8")];
    // Pagefind's index and fragments are gzipped: the text of every page is in them.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        texts.push(gunzipSync(bytes).toString("utf8"));
      } catch {
        problems.push(`${path}: gzip niet te lezen`);
      }
    }
    for (const text of texts) {
      for (const { text: needle } of forbidden) if (text.includes(needle)) problems.push(`${path}: bevat '${needle}'`);
      let scriptUrls = text.toLowerCase();
      if (CLEAN_BUILD.vendorJavascriptUrl.files.test(path)) scriptUrls = scriptUrls.split(CLEAN_BUILD.vendorJavascriptUrl.text).join("");
      for (const scheme of ["javascript:", "vbscript:"]) if (scriptUrls.includes(scheme)) problems.push(`${path}: bevat '${scheme}'`);
    }
    if (/\.(html?|svg|xml|xhtml)$/i.test(path)) problems.push(...markupProblems(path, texts[0]!));
    if (/\.csv$/i.test(path)) problems.push(...csvProblems(path, texts[0]!));
  }
  return [...new Set(problems)];
}

export interface SignatureExpectation {
  name: string;
  location: string;
  contactInfo: string;
  /** A part of /Reason: the college, unbroken. */
  reason: string;
}

/** What a gemeente's profile says the signature dictionary holds (src/sign/stage.ts signatureFields). */
export function signatureExpectation(profile: { naam: string; college: string; adres: string }): SignatureExpectation {
  return { name: `Gemeente ${profile.naam}`, location: profile.naam, contactInfo: profile.adres, reason: `door het ${profile.college}` };
}

function tool(command: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { encoding: "latin1", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? String(result.error ?? "") };
}

/** One printed, signed PDF: its text, its actions and links, its signature dictionary. */
export function pdfProblems(path: string, file: string, forbidden: { text: string }[], mustContain: string[], signature: SignatureExpectation | undefined): string[] {
  const problems: string[] = [];
  const text = spawnSync("pdftotext", ["-q", file, "-"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  if (text.status !== 0) problems.push(`${path}: pdftotext faalt (${text.status})`);
  const plain = text.stdout ?? "";
  for (const { text: needle } of forbidden) if (plain.includes(needle)) problems.push(`${path}: de gedrukte tekst bevat '${needle}'`);
  for (const needle of mustContain) if (!plain.replace(/\s+/g, " ").includes(needle)) problems.push(`${path}: de gedrukte tekst mist '${needle}'`);

  const qdf = join(tmpdir(), `nota-hostile-qdf-${randomBytes(6).toString("hex")}.pdf`);
  const converted = tool("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
  if (converted.code !== 0 && converted.code !== 3) problems.push(`${path}: qpdf faalt (${converted.code}): ${converted.stderr.slice(0, 200)}`);
  else {
    const raw = readFileSync(qdf).toString("latin1");
    for (const { text: needle } of forbidden) if (raw.includes(needle)) problems.push(`${path}: bevat '${needle}'`);
    if (/\/URI\s*\(\s*javascript:/i.test(raw)) problems.push(`${path}: /URI (javascript:`);
    for (const action of ["/JavaScript", "/JS", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/RichMedia", "/EmbeddedFile", "/OpenAction", "/AA"]) {
      if (new RegExp(`${action.replace("/", "\\/")}(?![A-Za-z])`).test(raw)) problems.push(`${path}: ${action} in de PDF`);
    }
    for (const match of raw.matchAll(/\/URI\s*\(((?:\\.|[^\\)])*)\)/g)) {
      const scheme = urlScheme(match[1]!);
      if (scheme !== "https" && scheme !== "http" && scheme !== "mailto") problems.push(`${path}: link naar '${match[1]!.slice(0, 60)}'`);
    }
    for (const match of raw.matchAll(/\/URI\s*<([0-9a-fA-F\s]*)>/g)) {
      const uri = Buffer.from(match[1]!.replace(/\s/g, ""), "hex").toString("latin1");
      if (!/^(https?|mailto):/i.test(uri)) problems.push(`${path}: link naar '${uri.slice(0, 60)}'`);
    }
  }
  rmSync(qdf, { force: true });

  if (signature) {
    const json = tool("qpdf", ["--json=2", "--json-key=qpdf", file]);
    try {
      const objects = (JSON.parse(json.stdout) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] }).qpdf[1];
      const sigs = Object.values(objects)
        .map((o) => o.value)
        .filter((v): v is Record<string, unknown> => !!v && typeof v === "object" && v["/Type"] === "/Sig");
      if (sigs.length !== 1) problems.push(`${path}: ${sigs.length} handtekeningwoordenboeken in plaats van 1`);
      const sig = sigs[0];
      if (sig) {
        const str = (key: string) => (typeof sig[key] === "string" ? (sig[key] as string).replace(/^u:/, "") : undefined);
        if (str("/Name") !== signature.name) problems.push(`${path}: /Name is ${JSON.stringify(str("/Name"))}, verwacht ${JSON.stringify(signature.name)}`);
        if (str("/Location") !== signature.location) problems.push(`${path}: /Location is ${JSON.stringify(str("/Location"))}, verwacht ${JSON.stringify(signature.location)}`);
        if (str("/ContactInfo") !== signature.contactInfo) problems.push(`${path}: /ContactInfo is ${JSON.stringify(str("/ContactInfo"))}, verwacht ${JSON.stringify(signature.contactInfo)}`);
        if (!str("/Reason")?.includes(signature.reason)) problems.push(`${path}: /Reason is ${JSON.stringify(str("/Reason"))}, verwacht '… ${signature.reason} …'`);
        const known = new Set(["/Type", "/Filter", "/SubFilter", "/ByteRange", "/Contents", "/Reason", "/Location", "/Name", "/ContactInfo", "/M", "/Reference", "/Prop_Build"]);
        const extra = Object.keys(sig).filter((k) => !known.has(k));
        if (extra.length > 0) problems.push(`${path}: onverwachte sleutels in de handtekening: ${extra.join(", ")}`);
      }
    } catch (error) {
      problems.push(`${path}: qpdf --json niet te lezen (${json.code}): ${(error as Error).message.slice(0, 100)}`);
    }
  }
  return problems;
}

/** Entries in a folder (names only), sorted; [] when it does not exist. */
export async function entriesOf(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).sort() : [];
}

/** True when `path` is a folder or file (not following a final symlink). */
export async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
