import { spawnSync } from "node:child_process";
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

/** A private copy of a fixture archive to change and build. */
export async function copyFixture(source = MINI): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nota-test-"));
  await cp(source, dir, { recursive: true });
  return dir;
}
