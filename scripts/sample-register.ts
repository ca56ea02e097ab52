// Re-issues the sample archive's publication register (`publicaties/`) with the current renderer
// and a throw-away test CA, as a gemeente's history would have made it: every published note as
// version 1 (the corrected memo and the withdrawn letter with the text of their version 1 from the
// register), then the correction of the Raalte memo as version 2. The CA's certificate goes to test/fixtures/, its key is
// deleted. Only for nota's own sample: a real register is never re-issued.
//
//   node scripts/sample-register.ts
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..");
const corrected = join(repo, "content/raalte/2022/sturingsinformatie-jeugdhulp-2022-q3.mdx");
const withdrawn = join(repo, "content/steenwijkerland/2022/wachttijden-jeugdhulp-2022-q1.mdx");
const originals = new Map([corrected, withdrawn].map((file) => [file, readFileSync(file, "utf8")]));

/** A note's text as its version 1 was published, from the register. */
const firstVersion = (file: string) => readFileSync(join(repo, "publicaties", relative(join(repo, "content"), file).replace(/\.mdx$/, ""), "v1.mdx"), "utf8");
const firstVersions = new Map([corrected, withdrawn].map((file) => [file, firstVersion(file)]));

function build(): void {
  const out = join(mkdtempSync(join(tmpdir(), "nota-register-")), "dist");
  execFileSync(process.execPath, [join(repo, "bin/nota.mjs"), "build", "--root", repo, "--out", out], { stdio: "inherit" });
  rmSync(out, { recursive: true, force: true });
}

rmSync(join(repo, "publicaties"), { recursive: true, force: true });
rmSync(join(repo, ".nota/test-pki"), { recursive: true, force: true });
try {
  for (const [file, text] of firstVersions) writeFileSync(file, text);
  build();
  writeFileSync(corrected, originals.get(corrected)!);
  build();
} finally {
  for (const [file, text] of originals) writeFileSync(file, text);
}
cpSync(join(repo, ".nota/test-pki/test-ca.pem"), join(repo, "test/fixtures/voorbeeldarchief-test-ca.pem"));
rmSync(join(repo, ".nota/test-pki"), { recursive: true, force: true });
console.log("publicaties/ opnieuw uitgegeven; test-CA in test/fixtures/voorbeeldarchief-test-ca.pem, sleutel verwijderd");
