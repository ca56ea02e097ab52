import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MINI, nota, notaAsync, REPO } from "./support/run.ts";

/** Each case is the mini fixture with one thing broken; `expect.json` says what nota must report (null: not checked). */
interface Expectation {
  file: string;
  field: string | null;
  line: number | null;
  origin: string;
  message: string;
}

const BAD = join(REPO, "test/fixtures/bad");
const cases = readdirSync(BAD).sort();
/** `file:line:column [field]: message (origin)`, as the command prints a diagnostic. */
const DIAGNOSTIC = /^(?<file>[^:\s]+)(?::(?<line>\d+)(?::\d+)?)?(?: \[(?<field>.+?)\])?: (?<message>.*) \((?<origin>[^()]+)\)$/;
const expectation = (name: string): Expectation => JSON.parse(readFileSync(join(BAD, name, "expect.json"), "utf8"));

/** A crash instead of a diagnostic shows as a stack frame or as nota's last-resort message. */
const CRASH = /^\s+at \S.*:\d+:\d+\)?$|onverwachte fout/m;

/** Every file below `dir` with a hash of its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const entries = await Promise.all(
    files.filter((f) => f.isFile()).map(async (f) => {
      const path = join(f.parentPath, f.name);
      return [path.slice(dir.length + 1), createHash("sha256").update(await readFile(path)).digest("hex")] as const;
    }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe("broken input", () => {
  it("covers every kind of mistake with its own case", () => {
    expect(cases.length).toBeGreaterThanOrEqual(22);
  });

  it("passes the unbroken mini fixture", () => {
    const result = nota(["check", "--root", MINI]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  describe.each(cases)("%s", (name) => {
    const expected = expectation(name);

    it.concurrent("nota check names the file, the field or line, and the cause", async ({ expect }) => {
      const { code, stderr } = await notaAsync(["check", "--root", join(BAD, name)]);
      expect(code).not.toBe(0);
      expect(stderr).not.toMatch(CRASH);
      // One thing is broken, so one problem is reported: no follow-up errors.
      expect(stderr).toMatch(/^nota: 1 probleem gevonden:\n/);
      const reported = DIAGNOSTIC.exec(stderr.split("\n")[1]!.trim())?.groups;
      expect(reported, stderr).toBeDefined();
      expect(reported!.file).toBe(expected.file);
      if (expected.line !== null) expect(Number(reported!.line)).toBe(expected.line);
      if (expected.field !== null) expect(reported!.field).toBe(expected.field);
      expect(reported!.message).toContain(expected.message);
      expect(reported!.origin).toBe(expected.origin);
    });

    it.concurrent("nota build fails and leaves the published archive as it was", async ({ expect }) => {
      const root = await mkdtemp(join(tmpdir(), "nota-bad-"));
      await cp(join(BAD, name), root, { recursive: true });
      const out = join(root, "dist");
      await mkdir(join(out, "testdorp"), { recursive: true });
      await writeFile(join(out, "index.html"), "<!doctype html><title>Vorige uitvoer</title>\n");
      await writeFile(join(out, "testdorp/index.html"), "<p>gepubliceerd</p>\n");
      const before = await snapshot(out);

      const { code, stderr } = await notaAsync(["build", "--root", root, "--out", out, "--no-pdf"]);
      expect(code).not.toBe(0);
      expect(stderr).not.toMatch(CRASH);
      expect(stderr).toContain(expected.file);
      expect(await snapshot(out)).toEqual(before);
      expect((await readdir(root)).filter((entry) => entry.startsWith(".dist"))).toEqual([]);
    });
  });
});
