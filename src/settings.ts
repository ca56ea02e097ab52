/** What a user sets in the environment, read once where nota starts (cli/main.ts) and handed down. */
export interface Settings {
  /** Where the archive is published; links in pages and PDFs point there (NOTA_SITE_URL). */
  siteUrl: string;
  /** The archive, when `--root` is not given (NOTA_ROOT). */
  root?: string;
  /** The output folder, when `--out` is not given (NOTA_OUT). */
  out?: string;
}

export const DEFAULT_SITE_URL = "https://nota.example.nl";

export function readSettings(env: Record<string, string | undefined>): Settings {
  return { siteUrl: env.NOTA_SITE_URL ?? DEFAULT_SITE_URL, root: env.NOTA_ROOT, out: env.NOTA_OUT };
}
