import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { NotaError, usageError, type Diagnostic } from "../errors.ts";
import { symlinkProblems } from "../files.ts";
import type { Progress } from "../progress.ts";
import { outputLock } from "../publish/lock.ts";
import { replaceFolder } from "../publish/staging.ts";
import { indexSite } from "../search/index-site.ts";
import { gemeenteOf } from "./assign.ts";
import { PART_MANIFEST, readManifest, type PartManifest } from "./manifest.ts";

// `nota merge`: shard outputs (`nota build --shard i/n`) into one published archive. Every shard
// rendered the pages they share (home page, gemeente archives, feeds, sitemaps, Woo sitemaps,
// robots.txt, assets) from all notes, so those must be byte for byte alike and are taken once;
// the rest (a note's page, PDF, Woo record, earlier versions, data downloads) is each shard's own.
// Only the search index spans shards: it is made once over the merged pages.

export interface MergeOptions {
  /** The published archive, where a preview's shards may not go. */
  publishedOut: string;
  progress: Progress;
  /** Aborted on an interrupt: staging and lock are given up, the published archive stays as it was. */
  signal?: AbortSignal;
}

export interface MergeReport {
  parts: number;
  notes: number;
  /** Files in the merged archive besides the search index, and how many of them every shard made. */
  files: number;
  shared: number;
  /** Register files the shards wrote: the versions they signed. */
  recorded: string[];
}

const SEARCH_INDEX = "pagefind";

export async function mergeShards(dirs: string[], out: string, options: MergeOptions): Promise<MergeReport> {
  const target = resolve(out);
  for (const dir of dirs.map((d) => resolve(d))) {
    if (target === dir || target.startsWith(`${dir}${sep}`) || dir.startsWith(`${target}${sep}`)) throw usageError(`de uitvoermap ${out} valt samen met het deel ${dir}; kies een andere --out`, "--out");
  }
  const parts = await readParts(dirs);
  if (parts[0]!.manifest.voorvertoning && target === resolve(options.publishedOut)) {
    throw usageError(`een voorvertoning met concepten komt niet in de gepubliceerde map ${target}; kies een andere --out`, "--out");
  }

  return replaceFolder(target, [outputLock(target)], options.signal, async (staging) => {
    await staging.open();
    options.progress.stage("samenvoegen");
    const { files, shared } = await copyParts(parts, staging.dir);
    options.progress.stage("zoekindex");
    await indexSite(staging.dir, new Set(parts.flatMap((part) => part.manifest.notities.map(gemeenteOf))));
    options.progress.stage("publiceren");
    await staging.publish();
    const notes = parts.reduce((sum, part) => sum + part.manifest.notities.length, 0);
    return { parts: parts.length, notes, files, shared, recorded: parts.flatMap((part) => part.manifest.register) };
  });
}

interface Part {
  dir: string;
  manifest: PartManifest;
}

/** The shard outputs by shard number, refused unless they are all shards of one build, each once. */
async function readParts(dirs: string[]): Promise<Part[]> {
  const read = await Promise.all(dirs.map(async (dir) => ({ dir, manifest: await readManifest(dir) })));
  const unreadable = read.flatMap((part) => (isProblem(part.manifest) ? [part.manifest] : []));
  if (unreadable.length > 0) throw new NotaError(unreadable);
  const parts = (read as Part[]).sort((a, b) => a.manifest.deel - b.manifest.deel);
  const problems: Diagnostic[] = [];
  const problem = (message: string, file?: string) => problems.push({ file, origin: "nota:delen", message });
  const [first] = parts;
  const alike: [keyof PartManifest, string][] = [
    ["nota", "met nota-versie"],
    ["siteUrl", "voor siteadres (NOTA_SITE_URL)"],
    ["per", "per moment (--per)"],
    ["voorvertoning", "als voorvertoning (--concepten)"],
    ["delen", "als deel van"],
    ["bronnen", "uit bronnen (notities, datasets, grafieken, profielen, register) en publicatiestand"],
  ];
  for (const part of parts.slice(1)) {
    for (const [field, what] of alike) {
      if (part.manifest[field] !== first!.manifest[field]) {
        const shown = (value: unknown) => (field === "bronnen" ? String(value).slice(0, 12) : field === "delen" ? `${String(value)} delen` : JSON.stringify(value));
        problem(`gebouwd ${what} ${shown(part.manifest[field])}, deel ${first!.manifest.deel} (${first!.dir}) ${what} ${shown(first!.manifest[field])}`, part.dir);
      }
    }
  }
  if (problems.length > 0) throw new NotaError(problems);
  const count = first!.manifest.delen;
  for (let deel = 1; deel <= count; deel++) {
    const found = parts.filter((part) => part.manifest.deel === deel);
    if (found.length === 0) problem(`deel ${deel}/${count} ontbreekt; geef nota merge alle ${count} delen`);
    if (found.length > 1) problem(`deel ${deel}/${count} komt ${found.length} keer voor: ${found.map((part) => part.dir).join(", ")}`);
  }
  const owner = new Map<string, Part>();
  for (const part of parts) {
    for (const id of part.manifest.notities) {
      const other = owner.get(id);
      if (other && other.manifest.deel !== part.manifest.deel) problem(`notitie ${id} staat in deel ${other.manifest.deel} en in deel ${part.manifest.deel}`, part.dir);
      owner.set(id, part);
    }
  }
  // A link in a shard output could bring a file from elsewhere on the machine into the published archive.
  problems.push(...(await symlinkProblems(process.cwd(), parts.map((part) => part.dir))));
  if (problems.length > 0) throw new NotaError(problems);
  return parts;
}

const isProblem = (value: PartManifest | Diagnostic): value is Diagnostic => "origin" in value;

/**
 * Copies every shard's files into the staging folder. A file more than one shard made must be the
 * same in each: those are the shared pages (and a dataset or picture notes in two shards use).
 */
async function copyParts(parts: Part[], staging: string): Promise<{ files: number; shared: number }> {
  const first = new Map<string, Part>();
  const shared = new Set<string>();
  const differing: Diagnostic[] = [];
  for (const part of parts) {
    for (const file of await partFiles(part.dir)) {
      const earlier = first.get(file);
      if (!earlier) {
        first.set(file, part);
        await mkdir(dirname(join(staging, file)), { recursive: true });
        await copyFile(join(part.dir, file), join(staging, file));
        continue;
      }
      shared.add(file);
      const [a, b] = await Promise.all([readFile(join(earlier.dir, file)), readFile(join(part.dir, file))]);
      if (!a.equals(b)) differing.push({ file, origin: "nota:delen", message: `verschilt tussen deel ${earlier.manifest.deel} (${earlier.dir}) en deel ${part.manifest.deel} (${part.dir})` });
    }
  }
  if (differing.length > 0) throw new NotaError(differing);
  return { files: first.size, shared: shared.size };
}

/** A shard output's files, relative to it, without its manifest and search index. */
async function partFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => file !== PART_MANIFEST && file.split(sep)[0] !== SEARCH_INDEX)
    .sort();
}
