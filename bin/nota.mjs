#!/usr/bin/env node
// nota's command: runs the TypeScript sources directly on Node ≥ 22.12 (type stripping).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`nota heeft Node 22.12 of nieuwer nodig (dit is ${process.version}). Voer 'npm install' uit: het project installeert zelf Node 24 in node_modules/.bin.\n`);
  process.exit(1);
}
await import("../src/cli/main.ts");
