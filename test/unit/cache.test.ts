import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BuildCache } from "../../src/cache.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nota-cache-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the build cache", () => {
  it("prunes what neither this build nor the build's other processes used", async () => {
    const earlier = new BuildCache(dir);
    for (const key of ["a", "b", "c"]) await earlier.put(key, Buffer.from(key));
    // A build in two processes (the site in runs, build-site.ts): the first used b, the last uses a.
    const last = new BuildCache(dir);
    expect((await last.get("a"))?.toString()).toBe("a");
    expect(last.usedKeys).toEqual(["a"]);
    await last.prune(["b"]);
    expect((await readdir(dir)).sort()).toEqual(["a", "b"]);
  });
});
