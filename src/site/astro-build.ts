// Astro's build in a process of its own (see build-site.ts): the options arrive as one IPC
// message, the outcome goes back as one; Astro's own logging stays on stderr.
import { build } from "astro";
import { siteConfig, type SiteOptions } from "./config.ts";

/** What the child reports back. */
export type AstroOutcome = { ok: true; compiledMdx: string[] } | { ok: false; message: string; file?: string; line?: number; column?: number };

process.once("message", async (options: SiteOptions) => {
  // Started ahead of its run (build-site.ts), elsewhere: Astro and Vite resolve from its root.
  process.chdir(options.root);
  let compiledMdx: string[] = [];
  let outcome: AstroOutcome;
  try {
    await build({ ...siteConfig(options, (used) => (compiledMdx = used)), mode: "production" });
    outcome = { ok: true, compiledMdx };
  } catch (error) {
    const { message, loc } = error as { message: string; loc?: { file?: string; line?: number; column?: number } };
    outcome = { ok: false, message, file: loc?.file, line: loc?.line, column: loc?.column };
  }
  process.send!(outcome, () => process.disconnect());
});
