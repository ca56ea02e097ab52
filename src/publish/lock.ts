import { rmSync } from "node:fs";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { NotaError } from "../errors.ts";
import { formatDateTime } from "../format/dutch.ts";

/** The lock beside an output folder: one build or merge at a time writes into it. */
export const outputLock = (out: string) => join(dirname(out), `.${basename(out)}.lock`);

/** A lock held by this process: released when the build ends, also from a signal handler. */
export interface Lock {
  release(): void;
}

/**
 * Takes the lock files, or refuses with a clear message when another build holds one: two
 * builds on one archive or into one output would share caches and overwrite each other's work.
 * A lock left by a process that no longer runs is taken over.
 */
export async function acquireLocks(files: string[]): Promise<Lock> {
  const held: string[] = [];
  try {
    for (const file of files) {
      await acquire(file);
      held.push(file);
    }
  } catch (error) {
    for (const file of held) rmSync(file, { force: true });
    throw error;
  }
  return { release: () => held.forEach((file) => rmSync(file, { force: true })) };
}

async function acquire(file: string, retry = true): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, "wx").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") return undefined;
    throw error;
  });
  if (handle) {
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, gestart: new Date().toISOString() })}\n`);
    await handle.close();
    return;
  }
  const holder = await readFile(file, "utf8").then((text) => JSON.parse(text) as { pid: number; gestart: string }).catch(() => undefined);
  if (holder && isRunning(holder.pid)) {
    throw new NotaError([{ file: relative(process.cwd(), file), origin: "nota:bezig", message: `er loopt al een build van dit archief of naar deze uitvoermap (proces ${holder.pid}, gestart ${formatDateTime(holder.gestart)}); wacht tot die klaar is en probeer het dan opnieuw` }]);
  }
  if (!retry) throw new NotaError([{ file: relative(process.cwd(), file), origin: "nota:slot", message: "het slot van een vorige build kon niet worden opgeruimd; verwijder dit bestand als er geen build meer loopt" }]);
  await rm(file, { force: true });
  await acquire(file, false);
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
