// Astro's build in a process of its own (see build-site.ts). Its settings come from the
// environment that build-site.ts sets; a failure is reported as one JSON line on stderr.
import { build } from "astro";
import { PACKAGE_ROOT } from "../paths.ts";

try {
  await build({ root: PACKAGE_ROOT, logLevel: "error", mode: "production" });
} catch (error) {
  const { message, loc } = error as { message: string; loc?: { file?: string; line?: number; column?: number } };
  process.stderr.write(`\n${JSON.stringify({ message, file: loc?.file, line: loc?.line, column: loc?.column })}\n`);
  process.exit(1);
}
