import { rmSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { acquireLocks } from "./lock.ts";

/**
 * The build writes into a staging folder beside the published one and swaps it in only when
 * everything succeeded. A failure or an interrupt removes the staging folder and leaves the
 * published archive exactly as it was.
 */
export class Staging {
  readonly dir: string;
  private readonly target: string;

  constructor(target: string) {
    this.target = target;
    this.dir = join(dirname(target), `.${basename(target)}.staging-${process.pid}`);
  }

  async open(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
  }

  /** Replaces the published folder by the staging folder in two renames. */
  async publish(): Promise<void> {
    const old = join(dirname(this.target), `.${basename(this.target)}.old-${process.pid}`);
    await rm(old, { recursive: true, force: true });
    await rename(this.target, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
    await rename(this.dir, this.target);
    await rm(old, { recursive: true, force: true });
  }

  /** Synchronous, so it also works from a signal handler. */
  abandon(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Work that replaces the published folder `target`: holds the locks, writes into a staging folder
 * and publishes only what `work` publishes. A failure, or an interrupt through `signal`, gives up
 * staging and locks and leaves the published folder exactly as it was.
 */
export async function replaceFolder<T>(target: string, locks: string[], signal: AbortSignal | undefined, work: (staging: Staging) => Promise<T>): Promise<T> {
  const lock = await acquireLocks(locks);
  const staging = new Staging(target);
  const interrupt = () => {
    staging.abandon();
    lock.release();
  };
  signal?.addEventListener("abort", interrupt, { once: true });
  try {
    return await work(staging);
  } catch (error) {
    staging.abandon();
    throw error;
  } finally {
    signal?.removeEventListener("abort", interrupt);
    lock.release();
  }
}
