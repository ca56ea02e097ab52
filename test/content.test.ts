import { describe, expect, it } from "vitest";
import { parseNote } from "../src/content/load.ts";
import type { Diagnostic } from "../src/errors.ts";

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
});
