#!/usr/bin/env node
// nota's command: runs the TypeScript sources directly on Node ≥ 22.12 (type stripping).
import { enableCompileCache } from "node:module";
import { fileURLToPath } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`nota heeft Node 22.12 of nieuwer nodig (dit is ${process.version}). Voer 'npm install' uit: het project installeert zelf Node 24 in node_modules/.bin.\n`);
  process.exit(1);
}
// Node keeps the compiled form of nota's modules between runs (a third of a `nota check`); through
// the environment the site build's own process (Astro, Vite) uses it too. Unwritable: Node runs without.
process.env.NODE_COMPILE_CACHE ??= fileURLToPath(new URL("../node_modules/.cache/nota-compile/", import.meta.url));
enableCompileCache(process.env.NODE_COMPILE_CACHE);
await import("../src/cli/main.ts");
