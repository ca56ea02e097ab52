import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
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

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.used.add(key);
    await mkdir(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${key}.${process.pid}`);
    await writeFile(temporary, bytes);
    await rename(temporary, join(this.dir, key));
  }

  async prune(): Promise<void> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(entries.filter((name) => !this.used.has(name)).map((name) => rm(join(this.dir, name), { force: true })));
  }
}

const fingerprints = new Map<string, Promise<string>>();

/**
 * A fingerprint of the code behind a cached product: source files under `src/` and the versions
 * of the packages doing the work. When either changes, the entries made with the old code are stale.
 */
export function codeFingerprint(sources: string[], packages: string[]): Promise<string> {
  const id = JSON.stringify([sources, packages]);
  let fingerprint = fingerprints.get(id);
  if (!fingerprint) {
    fingerprint = Promise.all([
      ...packages.map((name) => readFile(join(PACKAGE_ROOT, "node_modules", name, "package.json"), "utf8").then((json) => `${name}@${(JSON.parse(json) as { version: string }).version}`)),
      ...sources.map((file) => readFile(join(PACKAGE_ROOT, "src", file))),
    ]).then((parts) => sha256(...parts));
    fingerprints.set(id, fingerprint);
  }
  return fingerprint;
}
