import { describe, expect, it } from "vitest";
import { allSettledOrThrow, mapLimited } from "../../src/concurrency.ts";

describe("mapLimited", () => {
  it("keeps the items' order whatever order the work ends in, with never more than the limit under way", async () => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 15, 2, 25, 3];
    const results = await mapLimited(delays, 3, async (delay) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return delay * 2;
    });
    expect(results).toEqual(delays.map((d) => d * 2));
    expect(most).toBe(3);
  });

  it("passes on the first failure once the work under way has ended, and starts no more", async () => {
    const ended: number[] = [];
    const work = async (n: number) => {
      if (n === 2) throw new Error("twee");
      await new Promise((resolve) => setTimeout(resolve, 20));
      ended.push(n);
    };
    await expect(mapLimited([1, 2, 3, 4, 5], 2, work)).rejects.toThrow("twee");
    expect(ended).toEqual([1]);
  });
});

describe("allSettledOrThrow", () => {
  it("gives every result in order", async () => {
    expect(await allSettledOrThrow([Promise.resolve(1), Promise.resolve("twee")])).toEqual([1, "twee"]);
  });

  it("throws the first failure only after the other work has ended", async () => {
    let otherEnded = false;
    const slow = new Promise<void>((resolve) => setTimeout(() => resolve(void (otherEnded = true)), 30));
    await expect(allSettledOrThrow([Promise.reject(new Error("zoekindex")), slow])).rejects.toThrow("zoekindex");
    expect(otherEnded).toBe(true);
  });
});
