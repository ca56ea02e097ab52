import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_DOCS, errorDocs } from "../scripts/error-docs.ts";
import { ERRORS, EXIT_CLASSES } from "../src/error-catalogue.ts";
import { formatDiagnostic, formatReport, NotaError, usageError } from "../src/errors.ts";
import { launchBrowser } from "../src/pdf/browser.ts";
import { copyFixture, MINI, nota, REPO } from "./support/run.ts";

const HINT = ERRORS["nota:gebruik"].hint;

describe("error catalogue", () => {
  it("gives every code a Dutch title, message and hint, and an exit code", () => {
    for (const [code, entry] of Object.entries(ERRORS)) {
      expect(entry.title.trim(), code).not.toBe("");
      expect(entry.title, code).not.toMatch(/\.$/);
      expect(entry.message, code).toMatch(/^\S.*\.$/);
      expect(entry.hint, code).toMatch(/^\S.*\.$/);
      expect(Object.keys(EXIT_CLASSES), code).toContain(entry.exit);
    }
    expect(new Set(Object.values(ERRORS).map((e) => e.title)).size).toBe(Object.keys(ERRORS).length);
  });

  it("has no code that src/ never reports", () => {
    const sources = readdirSync(join(REPO, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => /\.(ts|astro)$/.test(f) && f !== "error-catalogue.ts")
      .map((f) => readFileSync(join(REPO, "src", f), "utf8"))
      .join("\n");
    const unused = Object.keys(ERRORS).filter((code) => !sources.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });

  it("is documented in the committed docs/foutmeldingen.md, as the script writes it now", () => {
    expect(readFileSync(ERROR_DOCS, "utf8")).toBe(errorDocs());
    expect(errorDocs()).toContain("### nota:totalen: Totaal klopt niet\n\nEen totaal of saldo in een tabel is niet gelijk aan de som van de rijen.\n\n**Oplossen:** Tel de rijen opnieuw op en verbeter het totaal, of de rij die niet klopt.\n\n**Exitcode:** 1 (invoer)\n");
    expect(errorDocs()).toContain("| 75 | bezig | er loopt al een build");
  });
});

describe("diagnostics", () => {
  it("print what they have: file, line, column, field, message, code", () => {
    expect(formatDiagnostic({ file: "data/a.json", line: 3, column: 7, field: "rijen[0]", origin: "nota:dataset", message: "fout" })).toBe("data/a.json:3:7 [rijen[0]]: fout (nota:dataset)");
    expect(formatDiagnostic({ file: "content/a.mdx", line: 2, origin: "nota:mdx", message: "fout" })).toBe("content/a.mdx:2: fout (nota:mdx)");
    expect(formatDiagnostic({ file: "data", origin: "nota:pad", message: "map niet gevonden" })).toBe("data: map niet gevonden (nota:pad)");
    expect(formatDiagnostic({ field: "--per", origin: "nota:gebruik", message: "geen moment" })).toBe("[--per]: geen moment (nota:gebruik)");
    expect(formatDiagnostic({ origin: "nota:browser", message: "geen browser" })).toBe("geen browser (nota:browser)");
  });

  it("are reported one line each, then the hint once per code", () => {
    const report = formatReport([
      { file: "a.json", origin: "nota:totalen", message: "eerste" },
      { file: "b.mdx", line: 4, origin: "nota:frontmatter", message: "tweede" },
      { file: "c.json", origin: "nota:totalen", message: "derde" },
    ]);
    expect(report).toBe(
      [
        "nota: 3 problemen gevonden:",
        "  a.json: eerste (nota:totalen)",
        "  b.mdx:4: tweede (nota:frontmatter)",
        "  c.json: derde (nota:totalen)",
        "Wat te doen (uitleg per code in docs/foutmeldingen.md):",
        `  nota:totalen: ${ERRORS["nota:totalen"].hint}`,
        `  nota:frontmatter: ${ERRORS["nota:frontmatter"].hint}`,
        "",
      ].join("\n"),
    );
  });

  it("end the command with the highest exit code among their codes", () => {
    expect(new NotaError([{ origin: "nota:totalen", message: "x" }]).exitCode).toBe(1);
    expect(usageError("x").exitCode).toBe(2);
    expect(new NotaError([{ origin: "nota:release", message: "x" }, { origin: "nota:certificaat", message: "y" }]).exitCode).toBe(3);
    expect(new NotaError([{ origin: "nota:tijdstempel", message: "x" }]).exitCode).toBe(4);
    expect(new NotaError([{ origin: "nota:bezig", message: "x" }]).exitCode).toBe(75);
  });
});

describe("failures of the machine are catalogued", () => {
  it("a browser that does not start is named, with its own reason, exit 3", async () => {
    const browser = join(mkdtempSync(join(tmpdir(), "nota-browser-")), "chromium");
    writeFileSync(browser, "#!/bin/sh\necho 'chromium: error while loading shared libraries: libnss3.so' >&2\nexit 127\n");
    chmodSync(browser, 0o755);
    const error = await launchBrowser(browser).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(NotaError);
    expect((error as NotaError).diagnostics).toEqual([
      { file: browser, origin: "nota:browser", message: "de browser start niet: Failed to launch the browser process: Code: 127 stderr: chromium: error while loading shared libraries: libnss3.so" },
    ]);
    expect((error as NotaError).exitCode).toBe(3);
  });
});

describe("the command reports through the one printer", () => {
  it("a broken archive: the problem, its code and the hint, exit 1", () => {
    const result = nota(["check", "--root", join(REPO, "test/fixtures/bad/tabel-totaal")]);
    expect(result.stderr).toBe(
      "nota: 1 probleem gevonden:\n" +
        "  data/testdorp/2022-Q2/begroting.json:15:74 [groepen[1].totaal.waarden.begroting]: tabel 'Begroting test', rij 'Totaal uitgaven', kolom 'Begroting': vermeld 750, de som van de rijen is 750,5 (nota:totalen)\n" +
        "Wat te doen (uitleg per code in docs/foutmeldingen.md):\n" +
        "  nota:totalen: Tel de rijen opnieuw op en verbeter het totaal, of de rij die niet klopt.\n",
    );
    expect(result.code).toBe(1);
  });

  it("a missing system tool is named with what to do, exit 3", async () => {
    const root = await copyFixture();
    const result = nota(["build", "--root", root, "--quiet"], { PATH: "/bestaat-niet" });
    expect(result.stderr).toBe(
      "nota: 1 probleem gevonden:\n" +
        "  openssl niet gevonden; nota maakt er de testcertificaten mee (nota:openssl)\n" +
        "Wat te doen (uitleg per code in docs/foutmeldingen.md):\n" +
        "  nota:openssl: Installeer openssl (Debian: apt-get install openssl), of stel in het profiel het certificaat van de gemeente in.\n",
    );
    expect(result.code).toBe(3);
  });

  it("a wrong option, value or command is a usage error, exit 2", () => {
    const usage = (line: string) => `nota: 1 probleem gevonden:\n  ${line}\nWat te doen (uitleg per code in docs/foutmeldingen.md):\n  nota:gebruik: ${HINT}\n`;
    const cases: [string[], string][] = [
      [["check", "--onbekend"], "[--onbekend]: onbekende optie '--onbekend' (nota:gebruik)"],
      [["check", "--root", MINI, "--per", "morgen"], "[--per]: 'morgen' is geen moment; schrijf het in Nederlandse tijd als 2026-12-15T10:00 of 2026-12-15 (nota:gebruik)"],
      [["build", "--gemeente"], "[--gemeente]: optie '--gemeente' vraagt een waarde (nota:gebruik)"],
      [["build", "--shard", "3"], "[--shard]: '3' is geen deel; schrijf het als i/n met 1 ≤ i ≤ n, zoals 2/4 voor het tweede van vier delen (nota:gebruik)"],
      [["bouw"], "onbekend commando 'bouw'; bekend zijn: check, build, merge, dev, verify, new, import (nota:gebruik)"],
      [["new", "memo", "--gemeente", "testdorp", "--kwartaal", "2023-Q5", "--root", MINI], "[--kwartaal]: kwartaal '2023-Q5': verwacht een kwartaal als 2022-Q3 (nota:gebruik)"],
    ];
    for (const [args, line] of cases) {
      const result = nota(args);
      expect(result.stderr, args.join(" ")).toBe(usage(line));
      expect(result.code, args.join(" ")).toBe(2);
    }
  });
});
