import { readFile, writeFile } from "node:fs/promises";
import { deserialize, serialize } from "node:v8";
import { z } from "zod";
import type { PreparedArchive } from "../archive.ts";
import { NotaError } from "../errors.ts";

// The one contract between the pipeline and the site: everything a page may show, handed to the
// site build as a file in that build's own working folder, never read from the environment.

/** Raised whenever the shape below changes, so a site build never reads an input it does not understand. */
export const SITE_INPUT_VERSION = 4;

export interface SiteInput extends PreparedArchive {
  version: typeof SITE_INPUT_VERSION;
  /** Where the archive is published: canonical links, feeds, sitemaps, Woo records. */
  siteUrl: string;
  /** The notes' MDX, which Astro's content collection reads and renders. */
  contentDir: string;
  /**
   * Whether this run renders the archive's own pages (lists, feeds, sitemaps, downloads) beside
   * its notes' pages: a build that renders its notes in several runs does so only in the last.
   */
  archivePages: boolean;
}

// What is checked on read: the envelope and the fields the site indexes by. The values were
// validated by the pipeline that made them; this catches a file from another version or another tool.
const keyed = <T extends z.ZodType>(value: T) => z.map(z.string(), value);
const schema = z.object({
  version: z.literal(SITE_INPUT_VERSION),
  siteUrl: z.url(),
  contentDir: z.string().min(1),
  archivePages: z.boolean(),
  gemeenten: keyed(z.looseObject({ slug: z.string(), naam: z.string() })),
  notes: keyed(z.looseObject({ id: z.string(), gemeente: z.string(), frontmatter: z.looseObject({ titel: z.string(), soort: z.string() }) })),
  datasets: keyed(z.looseObject({ key: z.string(), type: z.string() })),
  charts: keyed(z.looseObject({ key: z.string(), svg: z.string(), alt: z.string() })),
  chartUses: keyed(z.array(z.object({ grafiek: z.string(), data: z.string(), title: z.string(), key: z.string() }))),
  images: z.array(z.object({ file: z.string(), url: z.string() })),
  pdfs: z.set(z.string()),
  publication: keyed(z.looseObject({ earlier: z.array(z.unknown()) })),
  withdrawn: keyed(z.looseObject({ id: z.string(), gemeente: z.string() })),
  pages: z.set(z.string()).optional(),
});

export function encodeSiteInput(input: SiteInput): Buffer {
  return serialize(input);
}

/** Reads a site input, refusing one of another version or shape. */
export function decodeSiteInput(bytes: Uint8Array, file: string): SiteInput {
  let value: unknown;
  try {
    value = deserialize(bytes);
  } catch {
    value = undefined;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const version = (value as { version?: unknown } | undefined)?.version;
    const reason = version !== SITE_INPUT_VERSION ? `versie ${String(version)}, verwacht ${SITE_INPUT_VERSION}` : z.prettifyError(result.error);
    throw new NotaError([{ file, origin: "nota:site", message: `de invoer van de site is onleesbaar (${reason}); bouw opnieuw met deze versie van nota` }]);
  }
  return value as SiteInput;
}

/** What Astro's data store holds of the site input: where the file is, and its digest (plugins/site-input.ts). */
export interface SiteInputEntry {
  file: string;
  digest: string;
}

/** The id of that entry. */
export const SITE_INPUT_ENTRY = "invoer";

export const writeSiteInput = (file: string, input: SiteInput) => writeFile(file, encodeSiteInput(input));
export const readSiteInput = async (file: string) => decodeSiteInput(await readFile(file), file);
