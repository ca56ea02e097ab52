#!/usr/bin/env node
// Finds — and as root on Debian installs — what nota needs from the system:
// Chromium for pages and PDFs, an sRGB ICC profile for PDF/A; poppler-utils, qpdf, openssl,
// NSS tools and Apache PDFBox (with a JDK) to check them.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const SRGB_PROFILES = ["/usr/share/color/icc/colord/sRGB.icc", "/usr/share/color/icc/sRGB.icc"]; // as src/pdf/output-intent.ts
const iccProfile = { command: "sRGB.icc", package: "colord-data", found: () => (process.env.NOTA_ICC_PROFILE ? existsSync(process.env.NOTA_ICC_PROFILE) : SRGB_PROFILES.some(existsSync)) };

// Chrome's headless shell prints with a third less memory than the full browser (src/pdf/browser.ts):
// installed where setup can install; elsewhere any Chrome or Chromium will do.
const browser = { command: "chromium-headless-shell", package: "chromium-headless-shell", found: () => browserFound() };
const NEEDS = {
  build: [browser, iccProfile],
  test: [
    browser,
    iccProfile,
    { command: "pdftotext", package: "poppler-utils" },
    { command: "pdfsig", package: "poppler-utils" },
    { command: "qpdf", package: "qpdf" },
    { command: "openssl", package: "openssl" },
    { command: "certutil", package: "libnss3-tools" },
    // The PDFBox check runs as a single-file Java program, which needs the compiler (a JDK).
    { command: "javac", package: "default-jdk-headless" },
    { command: "pdfbox", package: "libpdfbox2-java", found: () => existsSync("/usr/share/java/pdfbox2.jar") && existsSync("/usr/share/java/preflight.jar") },
    // xmpbox reads XMP dates with JAXB, which Java 11 and later no longer ship.
    { command: "jaxb-api", package: "libjaxb-api-java", found: () => existsSync("/usr/share/java/jaxb-api.jar") },
  ],
};

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function browserFound() {
  const configured = process.env.NOTA_CHROMIUM ?? process.env.PUPPETEER_EXECUTABLE_PATH;
  if (configured) return existsSync(configured);
  // The browsers src/pdf/browser.ts looks for, in its order.
  if (existsSync("/usr/bin/chromium-headless-shell")) return true;
  return !canInstall() && ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"].some(existsSync);
}

function canInstall() {
  return process.getuid?.() === 0 && onPath("apt-get");
}

const purpose = process.argv[2] === "test" ? "test" : "build";
const missing = NEEDS[purpose].filter((need) => !(need.found ? need.found() : onPath(need.command)));
if (missing.length === 0) process.exit(0);

const packages = [...new Set(missing.map((m) => m.package))];
if (!canInstall()) {
  console.error(`nota: ontbreekt op dit systeem: ${missing.map((m) => m.command).join(", ")}.`);
  console.error(`Installeer (Debian/Ubuntu): sudo apt-get install ${packages.join(" ")}`);
  console.error("Of wijs een eigen Chrome aan met NOTA_CHROMIUM=/pad/naar/chrome.");
  process.exit(1);
}
console.error(`nota: installeert ${packages.join(", ")} met apt-get …`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { stdio: "inherit", env });
