import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { expect, it } from "vitest";
import { copyFixture, REPO } from "./support/run.ts";

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The page at `url` once it answers with a text that matches `wanted`, or what it last answered after `seconds`. */
async function pageWith(url: string, wanted: RegExp, seconds: number): Promise<string> {
  let last = "";
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    last = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then((response) => response.text(), () => "");
    if (wanted.test(last)) return last;
  }
  return last;
}

// `nota dev` on an archive outside nota's own folder, as a griffie runs it: it serves the notes and
// their open data, and shows a change to a note's source without a restart.
it("nota dev serves an archive outside nota's folder with its open data, and shows a change to a note", { timeout: 120_000 }, async () => {
  const root = await copyFixture();
  const port = await freePort();
  // Without vitest's variables, which make Astro's dev server answer as if under test (every page 404).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST") && name !== "NODE_ENV"));
  const child = spawn(process.execPath, [join(REPO, "bin/nota.mjs"), "dev", "--root", root, "--port", String(port)], { cwd: REPO, env: { ...env, CI: "true" } });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    const url = `http://127.0.0.1:${port}/testdorp/2022/memo-q2/`;
    expect(await pageWith(url, /<h1[^>]*>Testmemo jeugdhulp/, 60), output).toMatch(/<h1[^>]*>Testmemo jeugdhulp/);
    // The page's own download links, as the build writes them (src/data/open-data.ts).
    const page = await pageWith(url, /Testmemo/, 5);
    const csv = page.match(/href="(\/data\/[^"]+\.csv)"/)![1]!;
    expect(await pageWith(`http://127.0.0.1:${port}${csv}`, /\r\n/, 10)).toMatch(/^[a-z]+(,[a-z0-9_]+)+\r\n/);
    expect(JSON.parse(await pageWith(`http://127.0.0.1:${port}${csv.replace(/\.csv$/, ".json")}`, /^\{/, 10))).toHaveProperty("type");
    const note = join(root, "content/testdorp/2022/memo-q2.mdx");
    await writeFile(note, (await readFile(note, "utf8")).replace("titel: Testmemo jeugdhulp", "titel: Testmemo jeugdhulp, herzien"));
    expect(await pageWith(url, /Testmemo jeugdhulp, herzien/, 60), output).toMatch(/<h1[^>]*>Testmemo jeugdhulp, herzien/);
  } finally {
    child.kill("SIGINT");
  }
  expect(await exited, output).toBe(0);
  expect(output).not.toMatch(/ERROR|onverwachte fout/);
});
