import { mcidOf, type Operand, type Operation } from "./content-stream.ts";
import { codeOperand, decodeText, type FontText } from "./fonts.ts";

/**
 * Chromium draws no glyph for the space at which a line wraps, so tools that read a structure
 * element's text (screen readers, `pdfinfo -struct-text`) run the last word of a line into the
 * first of the next: "meer" + "dan" → "meerdan". This step finds, in tagged content, each line
 * whose text continues on a new line and shows a space glyph after its last character, in the
 * same font, where it leaves no ink and moves nothing. A font without a space glyph gets an
 * ActualText span instead.
 */

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5],
];

/** Characters after which a line may end without a space: whitespace and hyphens. */
const ENDS_WITHOUT_SPACE = /[\s\u00ad\-\u2010\u2011\u2012\u2013\u2014]$/u;

export interface Shown {
  operation: Operation;
  mcid: number;
  font: FontText;
  text: string;
  x: number;
  y: number;
  /** The direction "up" from the baseline on the page, unit length. */
  up: [number, number];
  /** The font size on the page, after the text and current transformation matrices. */
  size: number;
}

export interface TaggedText {
  /** The insertions that put a space at every wrapped line end in tagged text. */
  insertions: { at: number; text: string }[];
  /** The text of each marked-content sequence, with those spaces. */
  textByMcid: Map<number, string>;
  /** The last text shown in each marked-content sequence. */
  lastShown: Map<number, Shown>;
}

/** Reads the tagged text of a page's content and finds its wrapped line ends. */
export function readTaggedText(operations: Operation[], fonts: Map<string, FontText>): TaggedText {
  const insertions: { at: number; text: string }[] = [];
  const textByMcid = new Map<number, string>();
  const lastShown = new Map<number, Shown>();
  interface GraphicsState { ctm: Matrix; font: FontText | undefined; fontSize: number; leading: number }
  const states: GraphicsState[] = [];
  let state: GraphicsState = { ctm: IDENTITY, font: undefined, fontSize: 0, leading: 0 };
  let lineMatrix = IDENTITY;
  let textMatrix = IDENTITY;
  /** Per open marked-content sequence, the MCID its content belongs to (none in artifacts). */
  const tagging: (number | undefined)[] = [];
  let previous: Shown | undefined;
  let moved = false;

  const numbers = (operands: Operand[]) => operands.map((o) => (o.kind === "number" ? o.value : 0));
  const numberAt = (operands: Operand[], i: number) => (operands[i]?.kind === "number" ? (operands[i] as { value: number }).value : 0);
  // Td moves the line matrix by (tx, ty) in its own space: T(tx, ty) × Tlm.
  const moveLine = (tx: number, ty: number) => {
    const [a, b, c, d, e, f] = lineMatrix;
    lineMatrix = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f];
    textMatrix = lineMatrix;
    moved = true;
  };

  for (const operation of operations) {
    const { operator, operands } = operation;
    switch (operator) {
      case "q": states.push({ ...state }); break;
      case "Q": state = states.pop() ?? state; break;
      case "cm": state.ctm = multiply(numbers(operands) as Matrix, state.ctm); break;
      case "BDC": case "BMC": {
        const artifact = operands[0]?.kind === "name" && operands[0].value === "Artifact";
        tagging.push(artifact ? undefined : (mcidOf(operation) ?? tagging.at(-1)));
        break;
      }
      case "EMC": tagging.pop(); break;
      case "BT": lineMatrix = textMatrix = IDENTITY; moved = true; break;
      case "Tf": {
        const name = operands[0];
        state.font = name?.kind === "name" ? fonts.get(name.value) : undefined;
        state.fontSize = numberAt(operands, 1);
        break;
      }
      case "TL": state.leading = numberAt(operands, 0); break;
      case "Tm": lineMatrix = textMatrix = numbers(operands) as Matrix; moved = true; break;
      case "Td": moveLine(numberAt(operands, 0), numberAt(operands, 1)); break;
      case "TD": state.leading = -numberAt(operands, 1); moveLine(numberAt(operands, 0), numberAt(operands, 1)); break;
      case "T*": moveLine(0, -state.leading); break;
      case "Tj": case "TJ": case "'": case '"': {
        if (operator === "'" || operator === '"') moveLine(0, -state.leading);
        const font = state.font;
        const mcid = tagging.at(-1);
        if (!font || mcid === undefined) break;
        const text = decodeText(font, concatStrings(operands));
        if (text.length === 0) break;
        const m = multiply(textMatrix, state.ctm);
        const scale = Math.hypot(m[2], m[3]) || 1;
        const shown: Shown = { operation, mcid, font, text, x: m[4], y: m[5], up: [m[2] / scale, m[3] / scale], size: Math.abs(state.fontSize) * scale };
        if (previous && moved && startsNewLine(previous, shown) && !ENDS_WITHOUT_SPACE.test(previous.text) && !/^\s/u.test(text)) {
          insertions.push(...spaceAfter(previous));
          textByMcid.set(previous.mcid, `${textByMcid.get(previous.mcid) ?? ""} `);
        }
        textByMcid.set(mcid, (textByMcid.get(mcid) ?? "") + text);
        lastShown.set(mcid, shown);
        previous = shown;
        moved = false;
        break;
      }
    }
  }
  return { insertions, textByMcid, lastShown };
}

/**
 * A paragraph may go on on the next page. The page's last text in reading order (not in paint
 * order: positioned elements paint last) then ends like any wrapped line.
 */
export function pageEndSpace(text: TaggedText, lastMcid: number): { at: number; text: string }[] {
  const shown = text.lastShown.get(lastMcid);
  if (!shown || ENDS_WITHOUT_SPACE.test(shown.text)) return [];
  text.textByMcid.set(lastMcid, `${text.textByMcid.get(lastMcid) ?? ""} `);
  return spaceAfter(shown);
}

/**
 * Text on another line: its baseline is most of a line away, measured across the baseline (so
 * rotated text, such as a chart's axis title, counts too). A superscript (a footnote
 * reference) sits on the same line, less than that above it.
 */
function startsNewLine(previous: Shown, next: Shown): boolean {
  const across = (next.x - previous.x) * previous.up[0] + (next.y - previous.y) * previous.up[1];
  return Math.abs(across) > 0.8 * Math.max(previous.size, next.size);
}

function concatStrings(operands: Operand[]): string {
  let bytes = "";
  for (const operand of operands) {
    if (operand.kind === "string") bytes += operand.value;
    else if (operand.kind === "array") for (const item of operand.items) if (item.kind === "string") bytes += item.value;
  }
  return bytes;
}

/** A space glyph right after the line's last text, or an ActualText span when the font has none. */
function spaceAfter(shown: Shown): { at: number; text: string }[] {
  if (shown.font.spaceCode !== undefined) return [{ at: shown.operation.end, text: ` ${codeOperand(shown.font, shown.font.spaceCode)} Tj` }];
  const actual = Buffer.from(`\ufeff${shown.text} `, "utf16le").swap16().toString("hex");
  return [
    { at: shown.operation.start, text: `/Span <</ActualText <${actual}>>> BDC\n` },
    { at: shown.operation.end, text: "\nEMC" },
  ];
}
