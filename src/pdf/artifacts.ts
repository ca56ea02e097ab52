import { insertAt, mcidOf, nameOf, type Operation } from "./content-stream.ts";

/**
 * PDF/UA wants every piece of page content either in the structure tree (inside a marked-content
 * sequence with an MCID) or marked as an artifact. Chromium tags what the accessibility tree
 * knows and leaves the rest bare: the @page margin boxes (running header, footer, "pagina X van
 * Y"), page and box backgrounds, borders and rules, clipping paths. This step finds those
 * operations and wraps them in `/Artifact BMC … EMC`, which changes nothing on the page.
 */

/** Operators that put something on the page (or build the path that does). */
const PATH = new Set(["m", "l", "c", "v", "y", "h", "re"]);
const PAINT = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "W", "W*"]);
const SHOW_TEXT = new Set(["Tj", "TJ", "'", '"']);
const OTHER_CONTENT = new Set(["Do", "sh", "BI"]);
const MARKED_CONTENT = new Set(["BDC", "BMC", "EMC"]);
const CONTENT = new Set([...PATH, ...PAINT, ...SHOW_TEXT, ...OTHER_CONTENT]);
/** A run of untagged content may not cross these: sequences and q/Q pairs must stay nested. */
const BREAKS = new Set(["q", "Q", ...MARKED_CONTENT]);

/** A stretch of operations, from the first operand of `first` to the end of `last`. */
export interface Run {
  first: number;
  last: number;
}

/**
 * The stretches of content outside any tagged or artifact sequence, each as long as it can be
 * without crossing q/Q, marked content or a text object's bounds. One rule for the wrapping step
 * and for the check in `nota verify`.
 */
export function untaggedRuns(operations: Operation[]): Run[] {
  const runs: Run[] = [];
  const { textEnd, textMarked } = textObjectBounds(operations);
  const stack: boolean[] = [];
  let tagged = 0;
  let run: Run | undefined;
  const close = () => {
    if (run) runs.push(run);
    run = undefined;
  };
  for (let i = 0; i < operations.length; i++) {
    const { operator } = operations[i]!;
    if (BREAKS.has(operator)) {
      close();
      if (operator === "EMC") tagged -= stack.pop() ? 1 : 0;
      else if (operator !== "q" && operator !== "Q") {
        const tagging = operator === "BDC" ? mcidOf(operations[i]!) !== undefined || isArtifact(operations[i]!) : isArtifact(operations[i]!);
        stack.push(tagging);
        if (tagging) tagged++;
      }
      continue;
    }
    if (tagged > 0) continue;
    const end = textEnd[i]!;
    if (end > 0) {
      if (textMarked[i]) {
        // Only the text shown outside the object's own sequences gets wrapped, inside BT … ET.
        close();
        continue;
      }
      run ??= { first: i, last: i };
      run.last = end;
      i = end;
      continue;
    }
    if (operator === "ET") {
      close();
      continue;
    }
    if (CONTENT.has(operator)) {
      run ??= { first: i, last: i };
      run.last = i;
    }
  }
  close();
  return runs;
}

function isArtifact(operation: Operation): boolean {
  return nameOf(operation.operands[0]) === "Artifact";
}

/** For each BT (by index): the index of its ET, and whether marked content opens or closes inside. */
function textObjectBounds(operations: Operation[]): { textEnd: Int32Array; textMarked: Uint8Array } {
  const textEnd = new Int32Array(operations.length);
  const textMarked = new Uint8Array(operations.length);
  for (let i = 0; i < operations.length; i++) {
    if (operations[i]!.operator !== "BT") continue;
    let end = i + 1;
    while (end < operations.length && operations[end]!.operator !== "ET") {
      if (MARKED_CONTENT.has(operations[end]!.operator)) textMarked[i] = 1;
      end++;
    }
    textEnd[i] = Math.min(end, operations.length - 1);
    i = end;
  }
  return { textEnd, textMarked };
}

/** How many content operators lie outside tagged or artifact sequences. */
export function countUntagged(operations: Operation[], runs = untaggedRuns(operations)): number {
  let count = 0;
  for (const run of runs) {
    for (let i = run.first; i <= run.last; i++) {
      const { operator } = operations[i]!;
      if (CONTENT.has(operations[i]!.operator)) count++;
    }
  }
  return count;
}

/** The content stream with every untagged run wrapped as an artifact. */
export function wrapUntagged(bytes: Uint8Array, operations: Operation[]): Uint8Array {
  return insertAt(bytes, artifactInsertions(operations));
}

/** The insertions that wrap each untagged run, for callers that combine them with others. */
export function artifactInsertions(operations: Operation[], runs = untaggedRuns(operations)): { at: number; text: string }[] {
  return runs.flatMap((run) => [
    { at: operations[run.first]!.start, text: "/Artifact BMC\n" },
    { at: operations[run.last]!.end, text: "\nEMC\n" },
  ]);
}
