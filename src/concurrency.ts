import type { Diagnostic } from "./errors.ts";

/**
 * `work` for each item, at most `limit` at a time, results in the items' order. Loading an archive
 * is mostly waiting for the disk: one file at a time left a 1,600-note `nota check` idle half its time.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      results[index] = await work(items[index]!).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  // After a failure no new work starts, and the failure is passed on once the work under way has
  // ended: a caller that then removes its folder finds nobody still writing into it.
  await allSettledOrThrow(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * How many files are read or written at once: the disk answers several requests in the time of one
 * (a 1,600-note incremental build took its 1,599 cached PDFs one at a time: PDF stage 5.3 s, now 2.2 s).
 */
export const FILES_AT_ONCE = 16;

/** `work` for each file-bound item, FILES_AT_ONCE at a time. */
export function forEachFile<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  return mapLimited(items, FILES_AT_ONCE, work);
}

/**
 * Reads each source with `read`, FILES_AT_ONCE at a time, each reporting its problems into a
 * list of its own: the results and the problems come back in the items' order, as if read one by one.
 */
export async function readEach<T, R>(items: readonly T[], read: (item: T, problems: Diagnostic[]) => Promise<R>): Promise<{ results: R[]; diagnostics: Diagnostic[] }> {
  const done = await forEachFile(items, async (item) => {
    const problems: Diagnostic[] = [];
    return { result: await read(item, problems), problems };
  });
  return { results: done.map(({ result }) => result), diagnostics: done.flatMap(({ problems }) => problems) };
}

/**
 * Waits for all of `work`, also when one fails (so that nothing still writes when the caller cleans
 * up), then gives the results or throws the first failure.
 */
export async function allSettledOrThrow<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const outcomes = await Promise.allSettled(work);
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
