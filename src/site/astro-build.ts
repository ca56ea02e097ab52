// Astro's build in a process of its own (see build-site.ts). Its settings come from the
// environment that build-site.ts sets; a failure is reported as one JSON line on stderr.
// The working folder is this build's own Astro root: Astro keeps per-build state in `<root>/.astro/`
// (the content layer's module list among it), which concurrent builds must not share.
import { join, relative } from "node:path";
import { build } from "astro";
import { PACKAGE_ROOT } from "../paths.ts";

try {
  await build({ root: process.cwd(), configFile: relative(process.cwd(), join(PACKAGE_ROOT, "astro.config.mjs")), logLevel: "error", mode: "production" });
} catch (error) {
  const { message, loc } = error as { message: string; loc?: { file?: string; line?: number; column?: number } };
  process.stderr.write(`\n${JSON.stringify({ message, file: loc?.file, line: loc?.line, column: loc?.column })}\n`);
  process.exit(1);
}
