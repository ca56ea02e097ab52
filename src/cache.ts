import { createHash } from "node:crypto";
import { access, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { moduleGraph, readModule } from "./module-graph.ts";
import { PACKAGE_ROOT } from "./paths.ts";

export function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/**
 * A content-addressed store of build products (compiled charts, rendered and signed PDFs). Entries are
 * written atomically; after a successful build, entries it did not use are pruned.
 */
export class BuildCache {
  private readonly dir: string;
  private readonly used = new Set<string>();

  constructor(dir: string) {
    this.dir = dir;
  }

  async get(key: string): Promise<Buffer | undefined> {
    this.used.add(key);
    return readFile(join(this.dir, key)).catch(() => undefined);
  }

  /** Whether an entry is there, without reading it. */
  async has(key: string): Promise<boolean> {
    this.used.add(key);
    return access(join(this.dir, key)).then(() => true, () => false);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.used.add(key);
    await mkdir(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${key}.${process.pid}`);
    await writeFile(temporary, bytes);
    await rename(temporary, join(this.dir, key));
  }

  /** The entries this cache was asked for or given so far. */
  get usedKeys(): string[] {
    return [...this.used];
  }

  /** Removes every entry this cache did not use, except `alsoUsed` (entries another process of the same build used). */
  async prune(alsoUsed: Iterable<string> = []): Promise<void> {
    const keep = new Set([...this.used, ...alsoUsed]);
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(entries.filter((name) => !keep.has(name)).map((name) => rm(join(this.dir, name), { force: true })));
  }
}

const fingerprints = new Map<string, Promise<string>>();

/**
 * A fingerprint of the code behind a cached product: every nota file the entry modules reach at
 * run time (src/module-graph.ts), and the versions of the packages those files import, with the
 * packages each of them depends on directly. When any of it changes, entries made with the old
 * code are stale. Computed once per process.
 */
export function codeFingerprint(...entries: (string | URL)[]): Promise<string> {
  const id = JSON.stringify(entries.map(String));
  let fingerprint = fingerprints.get(id);
  if (!fingerprint) {
    fingerprint = moduleGraph(entries).then(async ({ files, packages }) =>
      sha256(
        ...(await Promise.all(packages.map(packageVersions))).flat(),
        ...(await Promise.all(files.map(async (file) => `${relative(PACKAGE_ROOT, file)}\0${(await readModule(file)).text}`))),
      ),
    );
    fingerprints.set(id, fingerprint);
  }
  return fingerprint;
}

/** `name@version` of a package and of the packages it depends on, as installed beside it. */
async function packageVersions(name: string): Promise<string[]> {
  const dir = join(PACKAGE_ROOT, "node_modules", name);
  const manifest = await readManifest(dir);
  const dependencies = Object.keys(manifest.dependencies ?? {}).map(async (dependency) => {
    const installed = await readManifest(join(dir, "node_modules", dependency)).catch(() => readManifest(join(PACKAGE_ROOT, "node_modules", dependency)).catch(() => undefined));
    return `${dependency}@${installed?.version ?? "ontbreekt"}`;
  });
  return [`${name}@${manifest.version}`, ...(await Promise.all(dependencies))];
}

async function readManifest(dir: string): Promise<{ version: string; dependencies?: Record<string, string> }> {
  return JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { version: string; dependencies?: Record<string, string> };
}
