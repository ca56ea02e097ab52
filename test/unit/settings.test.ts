import { describe, expect, it } from "vitest";
import { NotaError } from "../../src/errors.ts";
import { readSettings } from "../../src/settings.ts";

describe("settings from the environment", () => {
  it("are read once into one value, with defaults", () => {
    expect(readSettings({})).toEqual({ siteUrl: "https://nota.example.nl", root: undefined, out: undefined, browser: undefined, colourProfile: undefined, timestampUrl: undefined, trustRoots: [], notesPerRun: undefined, ci: false });
    expect(
      readSettings({ NOTA_SITE_URL: "https://raad.raalte.nl", PUPPETEER_EXECUTABLE_PATH: "/opt/chrome", NOTA_TRUST_ROOTS: "/a.pem::/b.pem", NOTA_TSA_URL: "http://tsa.example", CI: "true" }),
    ).toMatchObject({ siteUrl: "https://raad.raalte.nl", browser: "/opt/chrome", trustRoots: ["/a.pem", "/b.pem"], timestampUrl: "http://tsa.example", ci: true });
    expect(readSettings({ NOTA_CHROMIUM: "/usr/bin/chromium", PUPPETEER_EXECUTABLE_PATH: "/opt/chrome" }).browser).toBe("/usr/bin/chromium");
    expect(readSettings({ NOTA_NOTES_PER_RUN: "120" }).notesPerRun).toBe(120);
  });

  it("refuse a number of notes per site run that is no whole number above 0", () => {
    for (const text of ["0", "-3", "2.5", "veel", ""]) {
      expect(() => readSettings({ NOTA_NOTES_PER_RUN: text }), text).toThrow(`'${text}' is geen aantal notities`);
    }
  });

  it("refuse a site address that is no web address, naming the setting", () => {
    const error = (() => {
      try {
        readSettings({ NOTA_SITE_URL: "javascript:alert(1)" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(NotaError);
    expect((error as NotaError).diagnostics).toEqual([{ field: "NOTA_SITE_URL", origin: "nota:gebruik", message: "'javascript:alert(1)' is geen webadres; schrijf het als https://raadsinformatie.gemeente.nl" }]);
    expect((error as NotaError).exitCode).toBe(2);
  });
});
