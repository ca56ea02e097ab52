import { readFile } from "node:fs/promises";
import { deflateSync } from "node:zlib";
import { PDFName, PDFRawStream, PDFString, type PDFDict, type PDFDocument } from "pdf-lib";
import { findSystemFile } from "../files.ts";

/**
 * sRGB profiles from maintained Debian packages; `scripts/setup.mjs` installs the first
 * (colord-data). Its tone curves are parametric (ICC v4): with icc-profiles-free's v2 profile,
 * whose curves are 1024-point tables, poppler-based viewers drew a page 80 % slower and read
 * its structure ten times slower, building colour transforms from the output intent.
 */
export const SRGB_PROFILES = ["/usr/share/color/icc/colord/sRGB.icc", "/usr/share/color/icc/sRGB.icc"];

/** The sRGB profile: the configured one (settings.ts), or the first one found. */
function findSrgbProfile(configured?: string): string {
  return findSystemFile({
    setting: "NOTA_ICC_PROFILE",
    configured,
    candidates: SRGB_PROFILES,
    origin: "nota:icc",
    missing: "geen sRGB-ICC-profiel gevonden (nodig voor PDF/A): installeer het (Debian: 'apt-get install colord-data', of 'npm run setup')",
  });
}

const profiles = new Map<string, Promise<Uint8Array>>();
const compressed = new WeakMap<Uint8Array, Uint8Array>();

/** The sRGB profile's bytes, read once per process. */
export function srgbProfile(configured?: string): Promise<Uint8Array> {
  const file = findSrgbProfile(configured);
  if (!profiles.has(file)) profiles.set(file, readFile(file));
  return profiles.get(file)!;
}

/**
 * PDF/A's output intent: the colours Chromium writes (DeviceRGB and DeviceGray) are meant as
 * sRGB, the colour space of the page it printed.
 */
export function addOutputIntent(document: PDFDocument, icc: Uint8Array): void {
  const context = document.context;
  // The same profile goes into every PDF: compressed once.
  let deflated = compressed.get(icc);
  if (!deflated) compressed.set(icc, (deflated = deflateSync(icc)));
  const profileRef = context.register(PDFRawStream.of(context.obj({ N: 3, Filter: "FlateDecode", Length: deflated.length }) as PDFDict, deflated));
  const intent = context.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    // context.obj makes names of plain strings; these three are text strings.
    OutputConditionIdentifier: PDFString.of("sRGB IEC61966-2.1"),
    Info: PDFString.of("sRGB IEC61966-2.1"),
    RegistryName: PDFString.of("http://www.color.org"),
    DestOutputProfile: profileRef,
  });
  document.catalog.set(PDFName.of("OutputIntents"), context.obj([intent]));
}
