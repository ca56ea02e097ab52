import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { checkArchive, renderCharts } from "../src/archive.ts";
import { formatDate, formatEuro, formatNumber, formatValue } from "../src/format/dutch.ts";
import { projectPaths } from "../src/paths.ts";
import type { Block, Inline, SyntheticArchive, SyntheticDataset, SyntheticNote } from "./generate.ts";

const exec = promisify(execFile);
const TOOL_OPTIONS = { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 };

/** A peer pipeline: Markdown → HTML with pandoc, then HTML → PDF with one process per note. */
export interface Peer {
  label: string;
  commands: string[];
  toPdf: (html: string, pdf: string) => Promise<unknown>;
}

export const PEERS: Record<string, Peer> = {
  "pandoc+weasyprint": {
    label: "pandoc + WeasyPrint",
    commands: ["pandoc", "weasyprint"],
    toPdf: (html, pdf) => exec("weasyprint", [html, pdf], TOOL_OPTIONS),
  },
  "pandoc+chromium": {
    label: "pandoc + Chromium",
    commands: ["pandoc", "chromium"],
    toPdf: async (html, pdf) => {
      // One browser per note, each with its own throw-away profile.
      const profile = await mkdtemp(join(tmpdir(), "nota-bench-chromium-"));
      try {
        const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
        await exec("chromium", [...flags, `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, pathToFileURL(html).href], TOOL_OPTIONS);
      } finally {
        await rm(profile, { recursive: true, force: true });
      }
    },
  },
};

const PACKAGES: Record<string, string> = { pandoc: "pandoc", weasyprint: "weasyprint", chromium: "chromium" };

/** Installs missing tools with apt-get when running as root (updating the package lists if the first try fails); returns what is still missing. */
export function ensureTools(commands: string[], say: (line: string) => void): string[] {
  const missing = () => commands.filter((command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status !== 0);
  const absent = missing();
  if (absent.length === 0 || process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status !== 0) return absent;
  say(`installing ${absent.join(", ")} with apt-get …`);
  const aptGet = (...args: string[]) => spawnSync("apt-get", args, { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, encoding: "utf8" });
  const install = () => aptGet("install", "-y", "-qq", ...absent.map((c) => PACKAGES[c] ?? c));
  let result = install();
  if (result.status !== 0) {
    aptGet("update", "-qq");
    result = install();
  }
  if (result.status !== 0) say(`apt-get install failed:\n${result.stderr}`);
  return missing();
}

export function toolVersion(command: string): string {
  const result = spawnSync(command, ["--version"], { encoding: "utf8" });
  return (result.stdout || result.stderr || "").trim().split("\n")[0] ?? "";
}

/**
 * Exports the notes as plain Markdown, as a peer would get them: charts as SVG files compiled by
 * nota's own chart module, tables as pipe tables, components as formatted text.
 */
export async function exportMarkdown(archive: SyntheticArchive, dir: string): Promise<{ id: string; markdown: string }[]> {
  const paths = projectPaths(archive.root);
  const { archive: checked, diagnostics } = await checkArchive(paths);
  if (diagnostics.length > 0) throw new Error(`synthetic archive has ${diagnostics.length} problem(s), the first: ${diagnostics[0]!.file}: ${diagnostics[0]!.message}`);
  const { charts, uses } = await renderCharts(checked, paths);
  await mkdir(join(dir, "svg"), { recursive: true });
  await mkdir(join(dir, "md"), { recursive: true });
  const exported = [];
  for (const note of archive.notes) {
    const svgs = new Map<Block, string>();
    for (const block of note.blocks) {
      if (block.type !== "chart") continue;
      const key = uses.get(`${note.gemeente}/${note.year}/${note.slug}`)?.find((use) => use.grafiek === block.spec && use.title === block.title)?.key;
      const chart = key && charts.get(key);
      if (!chart) throw new Error(`nota compiled no chart '${block.spec}' for ${note.slug}`);
      const file = `${createHash("sha256").update(key).digest("hex").slice(0, 16)}.svg`;
      await writeFile(join(dir, "svg", file), chart.svg);
      svgs.set(block, file);
    }
    const id = `${note.gemeente}-${note.year}-${note.slug}`;
    const markdown = join(dir, "md", `${id}.md`);
    await writeFile(markdown, toMarkdown(note, archive, (block) => svgs.get(block)!));
    exported.push({ id, markdown });
  }
  return exported;
}

/** Runs a peer over the notes, two at a time, and returns its wall time; fails on the first note that fails. */
export async function runPeer(peer: Peer, notes: { id: string; markdown: string }[], outDir: string): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < notes.length) {
      const note = notes[next++]!;
      const [html, pdf] = [join(outDir, `${note.id}.html`), join(outDir, `${note.id}.pdf`)];
      try {
        await exec("pandoc", [note.markdown, "-s", "-o", html], TOOL_OPTIONS);
        await peer.toPdf(html, pdf);
        if ((await stat(pdf)).size === 0) throw new Error("empty PDF");
      } catch (error) {
        next = notes.length;
        throw new Error(`${peer.label} failed on ${note.id}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return (performance.now() - start) / 1000;
}

function toMarkdown(note: SyntheticNote, archive: SyntheticArchive, svg: (block: Block) => string): string {
  const dataset = (key: string): SyntheticDataset => archive.datasets.get(key)!;
  const inline = (parts: Inline[]) =>
    parts
      .map((part) => {
        if (typeof part === "string") return part;
        if ("bedrag" in part) return formatEuro(part.bedrag);
        if ("getal" in part) return formatNumber(part.getal);
        if ("datum" in part) return formatDate(part.datum);
        return `[^${part.voetnoot}]`;
      })
      .join("");
  const body = note.blocks.map((block) => {
    switch (block.type) {
      case "heading": return `## ${block.text}`;
      case "paragraph": return inline(block.parts);
      case "list": return block.items.map((item) => `- ${inline(item)}`).join("\n");
      case "chart": return `![${block.title}](../svg/${svg(block)})`;
      case "table": return pipeTable(dataset(block.dataset));
      case "figure": {
        const data = dataset(block.dataset);
        const figure = data.type === "kerncijfers" ? data.cijfers.find((c) => c.id === block.id)! : undefined;
        if (!figure) throw new Error(`no key figure '${block.id}' in ${block.dataset}`);
        return `**${formatValue(figure.waarde, figure.eenheid ?? data.eenheid)}** ${figure.label}${figure.peildatum ? ` op ${formatDate(String(figure.peildatum))}` : ""}`;
      }
      case "kader": return [`**${block.title}**`, ...block.paragraphs.map(inline)].map((p) => `> ${p}`).join("\n>\n");
    }
  });
  const profile = archive.profiles.get(note.gemeente)!;
  const meta = [`title: ${JSON.stringify(note.frontmatter.titel)}`, `author: ${JSON.stringify(`Gemeente ${profile.naam}`)}`, `date: ${JSON.stringify(formatDate(note.frontmatter.datum))}`, "lang: nl"];
  const footnotes = note.footnotes.map((text, i) => `[^${i + 1}]: ${text}`);
  return `---\n${meta.join("\n")}\n---\n\n${[...body, ...footnotes].join("\n\n")}\n`;
}

function pipeTable(data: SyntheticDataset): string {
  if (data.type !== "tabel") throw new Error(`<Tabel> of a ${data.type} dataset`);
  const cells = (label: string, values: Record<string, number>, bold = false) => {
    const b = (text: string) => (bold && text ? `**${text}**` : text);
    return `| ${[b(label), ...data.kolommen.map((c) => b(values[c.id] === undefined ? "" : formatValue(values[c.id]!, data.eenheid)))].join(" | ")} |`;
  };
  const lines = [`| Post | ${data.kolommen.map((c) => c.label).join(" | ")} |`, `| --- | ${data.kolommen.map(() => "---:").join(" | ")} |`];
  for (const group of data.groepen) {
    if (group.label) lines.push(cells(group.label, {}, true));
    lines.push(...group.rijen.map((row) => cells(row.label, row.waarden)));
    if (group.totaal) lines.push(cells(group.totaal.label, group.totaal.waarden, true));
  }
  if (data.saldo) lines.push(cells(data.saldo.label, data.saldo.waarden, true));
  return `${lines.join("\n")}\n\n: ${data.titel}`;
}
