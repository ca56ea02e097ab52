import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotaError } from "../../src/errors.ts";
import { assignShards, noteIds, parseShard } from "../../src/shard/assign.ts";
import { REPO } from "../support/run.ts";

// The shard assignment (`nota build --shard i/n`): a pure function of the note ids, so every shard
// computes the same one.

/** Gemeenten with the given numbers of notes, ten per year. */
function archive(sizes: Record<string, number>): string[] {
  return Object.entries(sizes).flatMap(([gemeente, n]) => Array.from({ length: n }, (_, i) => `${gemeente}/${2000 + Math.floor(i / 10)}/notitie-${i}`));
}

const loads = (assignment: Map<string, number>, count: number) => Array.from({ length: count }, (_, i) => [...assignment.values()].filter((s) => s === i + 1).length);
const gemeentenOf = (assignment: Map<string, number>, shard: number) => [...new Set([...assignment].filter(([, s]) => s === shard).map(([id]) => id.split("/")[0]))].sort();

describe("shard assignment", () => {
  it("gives every note exactly one shard in 1..n, the same whatever the order of the ids", () => {
    const ids = archive({ raalte: 37, zwolle: 120, diemen: 8, steenwijkerland: 51, kampen: 23 });
    for (const count of [1, 2, 3, 4, 7]) {
      const assignment = assignShards(ids, count);
      expect([...assignment.keys()].sort()).toEqual([...ids].sort());
      expect(new Set(assignment.values()).size).toBe(count);
      expect([...assignment.values()].every((s) => Number.isInteger(s) && s >= 1 && s <= count)).toBe(true);
      expect(assignShards([...ids].reverse(), count)).toEqual(assignment);
    }
  });

  it("keeps a gemeente whole when it is no larger than an even share", () => {
    const assignment = assignShards(archive({ raalte: 100, zwolle: 100, diemen: 100, steenwijkerland: 100 }), 4);
    expect(loads(assignment, 4)).toEqual([100, 100, 100, 100]);
    expect([1, 2, 3, 4].map((s) => gemeentenOf(assignment, s).length)).toEqual([1, 1, 1, 1]);
  });

  it("splits a gemeente larger than an even share by note, and balances the shards", () => {
    const ids = archive({ zwolle: 400, raalte: 60, diemen: 40 });
    const assignment = assignShards(ids, 4);
    const sizes = loads(assignment, 4);
    // Zwolle's 400 notes are more than the share of 125: three shares and a remainder of 25, which
    // fills up the shard that Raalte and Diemen share.
    expect(sizes).toEqual([125, 125, 125, 125]);
    expect([1, 2, 3, 4].map((s) => gemeentenOf(assignment, s))).toEqual([["zwolle"], ["zwolle"], ["zwolle"], ["diemen", "raalte", "zwolle"]]);
    // Uneven sizes: the largest shard stays within 4/3 of the even share.
    for (const count of [2, 3, 5, 6]) {
      const uneven = loads(assignShards(archive({ zwolle: 397, raalte: 61, diemen: 43, kampen: 7 }), count), count);
      expect(Math.max(...uneven)).toBeLessThanOrEqual(Math.ceil((508 / count) * (4 / 3)));
    }
  });

  it("assigns the sample archive's 13 notes to 4 shards by gemeente, Raalte's 4 (more than the share of 3.25) split", async () => {
    const assignment = assignShards(await noteIds(join(REPO, "content")), 4);
    expect(loads(assignment, 4)).toEqual([4, 3, 3, 3]);
    expect([1, 2, 3, 4].map((s) => gemeentenOf(assignment, s))).toEqual([["diemen", "raalte"], ["raalte"], ["steenwijkerland"], ["zwolle"]]);
  });

  it("reads --shard as i/n and refuses anything else as a usage error", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    expect(parseShard("1/1")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/4", "5/4", "4", "a/b", "1/0", "-1/4", "1/4/2"]) {
      const error = (() => {
        try {
          parseShard(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(NotaError);
      expect((error as NotaError).exitCode).toBe(2);
      expect((error as NotaError).diagnostics).toEqual([{ origin: "nota:gebruik", field: "--shard", message: `'${bad}' is geen deel; schrijf het als i/n met 1 ≤ i ≤ n, zoals 2/4 voor het tweede van vier delen` }]);
    }
  });
});
