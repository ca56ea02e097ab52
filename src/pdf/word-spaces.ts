import { mcidOf, nameOf, type Operand, type Operation } from "./content-stream.ts";
import { codeOperand, decodeText, type FontText } from "./fonts.ts";

/**
 * Chromium draws no glyph for the space at which a line wraps, so tools that read a structure
 * element's text (screen readers, `pdfinfo -struct-text`) run the last word of a line into the
 * first of the next: "meer" + "dan" → "meerdan". This step finds, in tagged content, each line
 * whose text continues on a new line and shows a space glyph after its last character, in the
 * same font, where it leaves no ink and moves nothing. A font without a space glyph gets an
 * ActualText span instead.
 */

/** Characters after which a line may end without a space: whitespace and hyphens. */
const ENDS_WITHOUT_SPACE = /[\s\u00ad\-\u2010\u2011\u2012\u2013\u2014]$/u;
const STARTS_WITH_SPACE = /^\s/u;

/** A text-showing operation in tagged content and the font it shows in. */
export interface Shown {
  operation: Operation;
  font: FontText;
}

export interface TaggedText {
  /** The insertions that put a space at every wrapped line end in tagged text. */
  insertions: { at: number; text: string }[];
  /** The text of a marked-content sequence, with those spaces; read only when asked for. */
  textOf(mcid: number): string;
  /** The last text shown in each marked-content sequence. */
  lastShown: Map<number, Shown>;
  /** The operations after which a space goes. */
  spaced: Set<Operation>;
}

interface GraphicsState {
  // The current transformation matrix [a b c d e f].
  a: number; b: number; c: number; d: number; e: number; f: number;
  font: FontText | undefined;
  fontSize: number;
  leading: number;
}

const num = (operands: Operand[], i: number): number => {
  const value = operands[i];
  return typeof value === "number" ? value : 0;
};

/**
 * Reads the tagged text of a page's content and finds its wrapped line ends. It runs over every
 * glyph of every page, so it keeps positions in plain variables and allocates per line, not per glyph.
 */
export function readTaggedText(operations: Operation[], fonts: Map<string, FontText>): TaggedText {
  const insertions: { at: number; text: string }[] = [];
  // Every text-showing operation in tagged content, with its font and MCID, in stream order.
  const shownOps: Operation[] = [];
  const shownFonts: FontText[] = [];
  const shownMcids: number[] = [];
  const spaced = new Set<Operation>();
  /** Per MCID (small integers), the index in shownOps of its last text. */
  const lastIndex: number[] = [];
  const states: GraphicsState[] = [];
  let gs: GraphicsState = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0, font: undefined, fontSize: 0, leading: 0 };
  // The text line matrix [l0 … l5]; the text matrix equals it wherever a position is read.
  let l0 = 1, l1 = 0, l2 = 0, l3 = 1, l4 = 0, l5 = 0;
  /** Per open marked-content sequence, the MCID its content belongs to (none in artifacts). */
  const tagging: (number | undefined)[] = [];
  let current: number | undefined;
  // The previous text shown: its index in shownOps and where it sits on the page.
  let previous = -1;
  let px = 0, py = 0, pUpX = 0, pUpY = 0, pSize = 0;
  let moved = false;

  // Td moves the line matrix by (tx, ty) in its own space: T(tx, ty) × Tlm. Only a move across
  // the baseline (ty ≠ 0) can start another line; Chromium places each glyph with "x 0 Td".
  const moveLine = (tx: number, ty: number) => {
    l4 = tx * l0 + ty * l2 + l4;
    l5 = tx * l1 + ty * l3 + l5;
    if (ty !== 0) moved = true;
  };

  for (const operation of operations) {
    const { operator, operands } = operation;
    switch (operator) {
      case "q": states.push({ ...gs }); break;
      case "Q": gs = states.pop() ?? gs; moved = true; break;
      case "cm": {
        const a = num(operands, 0), b = num(operands, 1), c = num(operands, 2), d = num(operands, 3), e = num(operands, 4), f = num(operands, 5);
        gs = { ...gs, a: a * gs.a + b * gs.c, b: a * gs.b + b * gs.d, c: c * gs.a + d * gs.c, d: c * gs.b + d * gs.d, e: e * gs.a + f * gs.c + gs.e, f: e * gs.b + f * gs.d + gs.f };
        moved = true;
        break;
      }
      case "BDC": case "BMC":
        tagging.push(nameOf(operands[0]) === "Artifact" ? undefined : (mcidOf(operation) ?? current));
        current = tagging[tagging.length - 1];
        break;
      case "EMC": tagging.pop(); current = tagging[tagging.length - 1]; break;
      case "BT": l0 = 1; l1 = 0; l2 = 0; l3 = 1; l4 = 0; l5 = 0; moved = true; break;
      case "Tf": gs.font = fonts.get(nameOf(operands[0]) ?? ""); gs.fontSize = num(operands, 1); break;
      case "TL": gs.leading = num(operands, 0); break;
      case "Tm": l0 = num(operands, 0); l1 = num(operands, 1); l2 = num(operands, 2); l3 = num(operands, 3); l4 = num(operands, 4); l5 = num(operands, 5); moved = true; break;
      case "Td": moveLine(num(operands, 0), num(operands, 1)); break;
      case "TD": gs.leading = -num(operands, 1); moveLine(num(operands, 0), num(operands, 1)); break;
      case "T*": moveLine(0, -gs.leading); break;
      case "Tj": case "TJ": case "'": case '"': {
        if (operator === "'" || operator === '"') moveLine(0, -gs.leading);
        const font = gs.font;
        if (!font || current === undefined) break;
        const index = shownOps.length;
        shownOps.push(operation);
        shownFonts.push(font);
        shownMcids.push(current);
        lastIndex[current] = index;
        if (!moved) {
          previous = index;
          break;
        }
        // Tm × CTM: where the text starts on the page, and which way is up.
        const upX = l2 * gs.a + l3 * gs.c;
        const upY = l2 * gs.b + l3 * gs.d;
        const scale = Math.hypot(upX, upY) || 1;
        const x = l4 * gs.a + l5 * gs.c + gs.e;
        const y = l4 * gs.b + l5 * gs.d + gs.f;
        const size = Math.abs(gs.fontSize) * scale;
        // Another line: the baseline is most of a line away, measured across the baseline (so
        // rotated text, such as a chart's axis title, counts too). A superscript (a footnote
        // reference) sits on the same line, less than that above it.
        if (previous >= 0 && Math.abs((x - px) * pUpX + (y - py) * pUpY) > 0.8 * Math.max(pSize, size)) {
          const before: Shown = { operation: shownOps[previous]!, font: shownFonts[previous]! };
          if (!ENDS_WITHOUT_SPACE.test(lastChar(before)) && !STARTS_WITH_SPACE.test(firstChar({ operation, font }))) {
            insertions.push(...spaceAfter(before));
            spaced.add(before.operation);
          }
        }
        previous = index;
        px = x; py = y; pUpX = upX / scale; pUpY = upY / scale; pSize = size;
        moved = false;
        break;
      }
    }
  }

  const lastShown = new Map<number, Shown>();
  lastIndex.forEach((index, mcid) => lastShown.set(mcid, { operation: shownOps[index]!, font: shownFonts[index]! }));
  let byMcid: Map<number, number[]> | undefined;
  const textOf = (mcid: number) => {
    if (!byMcid) {
      byMcid = new Map();
      shownMcids.forEach((m, i) => {
        const list = byMcid!.get(m);
        if (list) list.push(i);
        else byMcid!.set(m, [i]);
      });
    }
    return (byMcid.get(mcid) ?? []).map((i) => decodeText(shownFonts[i]!, stringBytes(shownOps[i]!.operands)) + (spaced.has(shownOps[i]!) ? " " : "")).join("");
  };
  return { insertions, textOf, lastShown, spaced };
}

/**
 * A paragraph may go on on the next page. The page's last text in reading order (not in paint
 * order: positioned elements paint last) then ends like any wrapped line.
 */
export function pageEndSpace(text: TaggedText, lastMcid: number): { at: number; text: string }[] {
  const shown = text.lastShown.get(lastMcid);
  if (!shown || ENDS_WITHOUT_SPACE.test(lastChar(shown))) return [];
  text.spaced.add(shown.operation);
  return spaceAfter(shown);
}

/** The string operands of a text-showing operation, joined (their bytes as latin1 characters). */
function stringBytes(operands: Operand[]): string {
  let bytes = "";
  for (const operand of operands) {
    if (typeof operand !== "object") continue;
    if (operand.kind === "string") bytes += operand.value;
    else if (operand.kind === "array") for (const item of operand.items) if (typeof item === "object" && item.kind === "string") bytes += item.value;
  }
  return bytes;
}

function lastChar(shown: Shown): string {
  const bytes = stringBytes(shown.operation.operands);
  return decodeText(shown.font, bytes.slice(bytes.length - shown.font.codeLength));
}

function firstChar(shown: Shown): string {
  return decodeText(shown.font, stringBytes(shown.operation.operands).slice(0, shown.font.codeLength));
}

/** A space glyph right after the line's last text, or an ActualText span when the font has none. */
function spaceAfter(shown: Shown): { at: number; text: string }[] {
  if (shown.font.spaceCode !== undefined) return [{ at: shown.operation.end, text: ` ${codeOperand(shown.font, shown.font.spaceCode)} Tj` }];
  const text = decodeText(shown.font, stringBytes(shown.operation.operands));
  const actual = Buffer.from(`\ufeff${text} `, "utf16le").swap16().toString("hex");
  return [
    { at: shown.operation.start, text: `/Span <</ActualText <${actual}>>> BDC\n` },
    { at: shown.operation.end, text: "\nEMC" },
  ];
}
