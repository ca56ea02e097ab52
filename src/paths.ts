import { resolve } from "node:path";

/** Where an archive's sources live and where its build goes. */
export interface ProjectPaths {
  root: string;
  content: string;
  data: string;
  templates: string;
  /** The publication register: every published version of a note, kept in the repository. */
  register: string;
  /** The published archive. */
  out: string;
  /** Work folders of the build: prepared archive, staging, render cache. */
  work: string;
}

/** The project's paths; `NOTA_ROOT` points at another archive (the benchmark uses it). */
export function projectPaths(root = process.env.NOTA_ROOT ?? process.cwd(), out?: string): ProjectPaths {
  const base = resolve(root);
  return {
    root: base,
    content: resolve(base, "content"),
    data: resolve(base, "data"),
    templates: resolve(base, "templates"),
    register: resolve(base, "publicaties"),
    out: resolve(base, out ?? process.env.NOTA_OUT ?? "dist"),
    work: resolve(base, ".nota"),
  };
}

/** The templates nota ships, used when an archive has none of its own. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, "..");

/** Where the archive is published; links in pages and PDFs point there. */
export const SITE_URL = process.env.NOTA_SITE_URL ?? "https://nota.example.nl";
