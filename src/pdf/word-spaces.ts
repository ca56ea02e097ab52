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

/** One text-showing operation in tagged content, where it sits on the page. */
export interface Shown {
  operation: Operation;
  mcid: number;
  font: FontText;
  x: number;
  y: number;
  /** The direction "up" from the baseline on the page, unit length. */
  upX: number;
  upY: number;
  /** The font size on the page, after the text and current transformation matrices. */
  size: number;
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

/** Reads the tagged text of a page's content and finds its wrapped line ends. */
export function readTaggedText(operations: Operation[], fonts: Map<string, FontText>): TaggedText {
  const insertions: { at: number; text: string }[] = [];
  const shownByMcid = new Map<number, Operation[]>();
  const fontOf = new Map<Operation, FontText>();
  const spaced = new Set<Operation>();
  const lastShown = new Map<number, Shown>();
  const states: GraphicsState[] = [];
  let gs: GraphicsState = { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0, font: undefined, fontSize: 0, leading: 0 };
  // Text matrix and text line matrix: [a b c d e f] of each.
  let tm = [1, 0, 0, 1, 0, 0];
  let tlm = tm;
  /** Per open marked-content sequence, the MCID its content belongs to (none in artifacts). */
  const tagging: (number | undefined)[] = [];
  let previous: Shown | undefined;
  let moved = false;

  // Td moves the line matrix by (tx, ty) in its own space: T(tx, ty) × Tlm.
  const moveLine = (tx: number, ty: number) => {
    tlm = [tlm[0]!, tlm[1]!, tlm[2]!, tlm[3]!, tx * tlm[0]! + ty * tlm[2]! + tlm[4]!, tx * tlm[1]! + ty * tlm[3]! + tlm[5]!];
    tm = tlm;
    moved = true;
  };

  for (const operation of operations) {
    const { operator, operands } = operation;
    switch (operator) {
      case "q": states.push({ ...gs }); break;
      case "Q": gs = states.pop() ?? gs; break;
      case "cm": {
        const [a, b, c, d, e, f] = [num(operands, 0), num(operands, 1), num(operands, 2), num(operands, 3), num(operands, 4), num(operands, 5)];
        gs = { ...gs, a: a * gs.a + b * gs.c, b: a * gs.b + b * gs.d, c: c * gs.a + d * gs.c, d: c * gs.b + d * gs.d, e: e * gs.a + f * gs.c + gs.e, f: e * gs.b + f * gs.d + gs.f };
        break;
      }
      case "BDC": case "BMC":
        tagging.push(nameOf(operands[0]) === "Artifact" ? undefined : (mcidOf(operation) ?? tagging.at(-1)));
        break;
      case "EMC": tagging.pop(); break;
      case "BT": tlm = tm = [1, 0, 0, 1, 0, 0]; moved = true; break;
      case "Tf": gs.font = fonts.get(nameOf(operands[0]) ?? ""); gs.fontSize = num(operands, 1); break;
      case "TL": gs.leading = num(operands, 0); break;
      case "Tm": tlm = tm = [num(operands, 0), num(operands, 1), num(operands, 2), num(operands, 3), num(operands, 4), num(operands, 5)]; moved = true; break;
      case "Td": moveLine(num(operands, 0), num(operands, 1)); break;
      case "TD": gs.leading = -num(operands, 1); moveLine(num(operands, 0), num(operands, 1)); break;
      case "T*": moveLine(0, -gs.leading); break;
      case "Tj": case "TJ": case "'": case '"': {
        if (operator === "'" || operator === '"') moveLine(0, -gs.leading);
        const font = gs.font;
        const mcid = tagging.at(-1);
        if (!font || mcid === undefined) break;
        // Tm × CTM: where the text starts on the page, and which way is up.
        const upX = tm[2]! * gs.a + tm[3]! * gs.c;
        const upY = tm[2]! * gs.b + tm[3]! * gs.d;
        const scale = Math.hypot(upX, upY) || 1;
        const shown: Shown = {
          operation, mcid, font,
          x: tm[4]! * gs.a + tm[5]! * gs.c + gs.e,
          y: tm[4]! * gs.b + tm[5]! * gs.d + gs.f,
          upX: upX / scale, upY: upY / scale, size: Math.abs(gs.fontSize) * scale,
        };
        if (previous && moved && startsNewLine(previous, shown) && !ENDS_WITHOUT_SPACE.test(lastChar(previous)) && !STARTS_WITH_SPACE.test(firstChar(shown))) {
          insertions.push(...spaceAfter(previous));
          spaced.add(previous.operation);
        }
        let list = shownByMcid.get(mcid);
        if (!list) shownByMcid.set(mcid, (list = []));
        list.push(operation);
        fontOf.set(operation, font);
        lastShown.set(mcid, shown);
        previous = shown;
        moved = false;
        break;
      }
    }
  }

  const textOf = (mcid: number) =>
    (shownByMcid.get(mcid) ?? []).map((op) => decodeText(fontOf.get(op)!, stringBytes(op.operands)) + (spaced.has(op) ? " " : "")).join("");
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

/**
 * Text on another line: its baseline is most of a line away, measured across the baseline (so
 * rotated text, such as a chart's axis title, counts too). A superscript (a footnote
 * reference) sits on the same line, less than that above it.
 */
function startsNewLine(previous: Shown, next: Shown): boolean {
  const across = (next.x - previous.x) * previous.upX + (next.y - previous.y) * previous.upY;
  return Math.abs(across) > 0.8 * Math.max(previous.size, next.size);
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
