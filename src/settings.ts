import { NotaError } from "./errors.ts";

/** What a user sets in the environment, read once where nota starts (cli/main.ts) and handed down. */
export interface Settings {
  /** Where the archive is published; links in pages and PDFs point there (NOTA_SITE_URL). */
  siteUrl: string;
  /** The archive, when `--root` is not given (NOTA_ROOT). */
  root?: string;
  /** The output folder, when `--out` is not given (NOTA_OUT). */
  out?: string;
  /** Chrome or Chromium to print with, instead of the first one found (NOTA_CHROMIUM, or Puppeteer's PUPPETEER_EXECUTABLE_PATH). */
  browser?: string;
  /** An sRGB ICC profile for PDF/A's output intent, instead of the one found (NOTA_ICC_PROFILE). */
  colourProfile?: string;
  /** A time-stamp service for gemeenten whose profile names none (NOTA_TSA_URL). */
  timestampUrl?: string;
  /** Extra trusted root certificates for `nota verify`, PEM files separated by `:` (NOTA_TRUST_ROOTS). */
  trustRoots: string[];
  /** How many notes' pages one Astro process renders at most (NOTA_NOTES_PER_RUN): fewer takes less memory and more time. */
  notesPerRun?: number;
  /** In CI, progress is printed as lines, never redrawn (CI). */
  ci: boolean;
}

export const DEFAULT_SITE_URL = "https://nota.example.nl";

export function readSettings(env: Record<string, string | undefined>): Settings {
  return {
    siteUrl: siteUrl(env.NOTA_SITE_URL ?? DEFAULT_SITE_URL),
    root: env.NOTA_ROOT,
    out: env.NOTA_OUT,
    browser: env.NOTA_CHROMIUM ?? env.PUPPETEER_EXECUTABLE_PATH,
    colourProfile: env.NOTA_ICC_PROFILE,
    timestampUrl: env.NOTA_TSA_URL,
    trustRoots: env.NOTA_TRUST_ROOTS?.split(":").filter(Boolean) ?? [],
    notesPerRun: env.NOTA_NOTES_PER_RUN === undefined ? undefined : notesPerRun(env.NOTA_NOTES_PER_RUN),
    ci: !!env.CI,
  };
}

function notesPerRun(text: string): number {
  if (/^[1-9]\d{0,5}$/.test(text)) return Number(text);
  throw new NotaError([{ field: "NOTA_NOTES_PER_RUN", origin: "nota:gebruik", message: `'${text}' is geen aantal notities; schrijf een heel getal groter dan 0, zoals 200` }]);
}

/** The site's address as pages and PDFs link to it: an http(s) address. */
function siteUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url && (url.protocol === "https:" || url.protocol === "http:")) return text;
  throw new NotaError([{ field: "NOTA_SITE_URL", origin: "nota:gebruik", message: `'${text}' is geen webadres; schrijf het als https://raadsinformatie.gemeente.nl` }]);
}
