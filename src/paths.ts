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

/** The project's paths: the archive at `root`, its output in `out` (relative to the root). */
export function projectPaths(root = process.cwd(), out = "dist"): ProjectPaths {
  const base = resolve(root);
  return {
    root: base,
    content: resolve(base, "content"),
    data: resolve(base, "data"),
    templates: resolve(base, "templates"),
    register: resolve(base, "publicaties"),
    out: resolve(base, out),
    work: resolve(base, ".nota"),
  };
}

/** nota's own folder: its code, the site's sources, the kinds' templates and node_modules. */
export const PACKAGE_ROOT = resolve(import.meta.dirname, "..");
