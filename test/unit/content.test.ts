import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BuildCache } from "../../src/cache.ts";
import { loadNotes, parseNote } from "../../src/content/load.ts";
import type { Diagnostic } from "../../src/errors.ts";

const place = { gemeente: "raalte", year: "2022", slug: "memo" };
const frontmatter = `---
soort: memo
titel: Sturingsinformatie jeugdhulp
datum: 2022-06-14
kwartaal: 2022-Q2
onderwerpen: [jeugdhulp]
kenmerk: RA-1
portefeuillehouder: wethouder jeugd
status: verzonden
kernboodschap: Meer cliënten dan vorig jaar.
---
`;

function parse(text: string) {
  const diagnostics: Diagnostic[] = [];
  const note = parseNote(text, "content/raalte/2022/memo.mdx", place, diagnostics);
  return { note, diagnostics };
}

describe("notes", () => {
  it("reads frontmatter and the components a note uses", () => {
    const { note, diagnostics } = parse(`${frontmatter}\n## Cijfers\n\n<Grafiek grafiek="lijn" data="clienten" />\n`);
    expect(diagnostics).toEqual([]);
    expect(note?.id).toBe("raalte/2022/memo");
    expect(note?.components).toEqual([{ name: "Grafiek", attributes: { grafiek: "lijn", data: "clienten" }, line: 15, column: 1 }]);
  });

  it("names the file, field and line of a bad frontmatter field", () => {
    const { note, diagnostics } = parse(frontmatter.replace("soort: memo", "soort: nota").replace("datum: 2022-06-14", "datum: 14-06-2022"));
    expect(note).toBeUndefined();
    expect(diagnostics.map((d) => [d.file, d.field, d.line])).toEqual([
      ["content/raalte/2022/memo.mdx", "soort", 2],
      ["content/raalte/2022/memo.mdx", "datum", 4],
    ]);
  });

  it("requires a college decision on an adopted note", () => {
    const { diagnostics } = parse(frontmatter.replace("status: verzonden", "status: vastgesteld"));
    expect(diagnostics[0]).toMatchObject({ field: "besluit", origin: "nota:frontmatter" });
  });

  it("refuses imports, expressions and unknown components, with their lines", () => {
    const { diagnostics } = parse(`${frontmatter}\nimport X from "./x.js"\n\n<Onbekend />\n\nTekst {1 + 1}\n`);
    expect(diagnostics.map((d) => [d.origin, d.line])).toEqual([
      ["nota:mdx-import", 13],
      ["nota:component", 15],
      ["nota:mdx-expressie", 17],
    ]);
  });

  it("reports an MDX syntax error with its line", () => {
    const { diagnostics } = parse(`${frontmatter}\nEen zin.\n\n<Kader titel="x">\nopen\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.origin).toBe("nota:mdx");
    expect(diagnostics[0]?.line).toBeGreaterThanOrEqual(14);
  });

  it("keeps a note that passed its checks for the next build, until its text changes; a bad note is never kept", async () => {
    const root = mkdtempSync(join(tmpdir(), "nota-notes-"));
    const content = join(root, "content");
    mkdirSync(join(content, "raalte/2022"), { recursive: true });
    const file = join(content, "raalte/2022/memo.mdx");
    writeFileSync(file, `${frontmatter}\nTekst.\n`);
    writeFileSync(join(content, "raalte/2022/kapot.mdx"), `${frontmatter.replace("kenmerk: RA-1\n", "")}\nTekst.\n`);
    const cacheDir = join(root, "cache");
    const load = () => loadNotes(content, new Set(["raalte"]), root, new BuildCache(cacheDir));

    const first = await load();
    expect(first.notes.map((n) => n.id)).toEqual(["raalte/2022/memo"]);
    expect(first.diagnostics.map((d) => d.field)).toEqual(["kenmerk"]);
    const [entry] = readdirSync(cacheDir);
    // Mark the kept note: a later load that shows the mark took it from the cache.
    writeFileSync(join(cacheDir, entry!), readFileSync(join(cacheDir, entry!), "utf8").replace("Sturingsinformatie jeugdhulp", "Uit de cache"));
    const second = await load();
    expect(second.notes[0]!.frontmatter.titel).toBe("Uit de cache");
    expect(second.diagnostics.map((d) => d.field)).toEqual(["kenmerk"]);

    writeFileSync(file, `${frontmatter}\nAndere tekst.\n`);
    const third = await load();
    expect(third.notes[0]!.frontmatter.titel).toBe("Sturingsinformatie jeugdhulp");
    expect(third.notes[0]!.body).toContain("Andere tekst.");
  });
});

describe("publication fields in the frontmatter", () => {
  const withFields = (fields: string) => frontmatter.replace("status: verzonden\n", `status: verzonden\n${fields}\n`);

  it("reads an embargo, corrections and a withdrawal", () => {
    const { note, diagnostics } = parse(withFields('openbaarVanaf: "2026-12-15T10:00"\ncorrecties:\n  - datum: "2026-11-26"\n    reden: "Een bedrag hersteld."\ningetrokken: { datum: "2026-11-27", reden: "Verkeerde gemeente." }'));
    expect(diagnostics).toEqual([]);
    expect(note?.frontmatter).toMatchObject({ openbaarVanaf: "2026-12-15T10:00", correcties: [{ datum: "2026-11-26", reden: "Een bedrag hersteld." }], ingetrokken: { datum: "2026-11-27", reden: "Verkeerde gemeente." } });
  });

  it("names the field and line of a moment that is not one, a correction before the note, and a withdrawn concept", () => {
    const bad = parse(withFields('openbaarVanaf: "15-12-2026 10:00"\ncorrecties:\n  - datum: "2022-01-01"\n    reden: "Te vroeg."'));
    expect(bad.diagnostics.map((d) => [d.field, d.line, d.message])).toEqual([
      ["openbaarVanaf", 10, "verwacht een moment in Nederlandse tijd als 2026-12-15T10:00 (of alleen een datum)"],
      ["correcties[0].datum", 12, "deze correctie ligt vóór de datum van de notitie (2022-06-14)"],
    ]);
    const concept = parse(withFields('ingetrokken: { datum: "2026-11-27", reden: "Weg ermee." }').replace("status: verzonden", "status: concept"));
    expect(concept.diagnostics.map((d) => [d.field, d.line])).toEqual([["ingetrokken", 10]]);
  });
});
