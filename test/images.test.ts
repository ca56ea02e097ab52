import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyFixture, notaAsync } from "./support/run.ts";

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><title>Logo</title><rect width="40" height="20" fill="#17456b"/></svg>\n';

describe("pictures in a note", () => {
  it("are published beside the note from its own folder and the gemeente's afbeeldingen/, never as modules, and printed in the PDF", { timeout: 180_000 }, async () => {
    const root = await copyFixture();
    const note = join(root, "content/testdorp/2022/memo-q2.mdx");
    await writeFile(join(root, "content/testdorp/2022/kaart.png"), PNG);
    await mkdir(join(root, "data/testdorp/afbeeldingen"), { recursive: true });
    await writeFile(join(root, "data/testdorp/afbeeldingen/logo.svg"), SVG);
    await writeFile(note, `${await readFile(note, "utf8")}\n![Kaart van Testdorp](kaart.png)\n\n![Logo van Testdorp][logo]\n\n[logo]: /afbeeldingen/logo.svg\n`);

    const out = join(root, "dist");
    const result = await notaAsync(["build", "--root", root, "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const html = readFileSync(join(out, "testdorp/2022/memo-q2/index.html"), "utf8");
    expect(html).toContain('<img src="/testdorp/2022/memo-q2/kaart.png" alt="Kaart van Testdorp"');
    expect(html).toContain('<img src="/testdorp/afbeeldingen/logo.svg" alt="Logo van Testdorp"');
    expect(readFileSync(join(out, "testdorp/2022/memo-q2/kaart.png"))).toEqual(PNG);
    expect(readFileSync(join(out, "testdorp/afbeeldingen/logo.svg"), "utf8")).toBe(SVG);
    // Astro turned no picture into a module or an optimised copy of its own.
    const assets = existsSync(join(out, "_astro")) ? readdirSync(join(out, "_astro")) : [];
    expect(assets.filter((name) => /\.(png|svg)$/.test(name))).toEqual([]);
    // The printed note holds the picture: poppler lists the PNG as an image of the PDF.
    const images = execFileSync("pdfimages", ["-list", join(out, "testdorp/2022/memo-q2.pdf")], { encoding: "utf8" });
    expect(images).toMatch(/^\s*\d+\s+\d+\s+image\s+1\s+1\s/m);
  });
});
