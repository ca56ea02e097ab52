import { spawn, spawnSync } from "node:child_process";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../..");
export const MINI = join(REPO, "test/fixtures/mini");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `nota` command as a user would, with the Node that runs the tests. */
export function nota(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [join(REPO, "bin/nota.mjs"), ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...process.env, NOTA_ROOT: undefined, NOTA_OUT: undefined, CI: "true", ...env },
    timeout: 600_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the test's event loop (for tests that serve something to nota). */
export function notaAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, "bin/nota.mjs"), ...args], {
      cwd: REPO,
      env: { ...process.env, NOTA_ROOT: undefined, NOTA_OUT: undefined, CI: "true", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A private copy of a fixture archive to change and build. */
export async function copyFixture(source = MINI): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nota-test-"));
  // Only the sources: what a build left in the fixture (.nota/, dist/) is no part of it.
  await cp(source, dir, { recursive: true, filter: (path) => !/[/\\](\.nota|dist)$/.test(path) });
  return dir;
}
