/**
 * A small reader for PDF page content streams: just enough of the syntax (ISO 32000-1 §7.8.2)
 * to find each operator, its operands and where it sits in the stream, so that later steps can
 * insert marked content around it without rewriting what Chromium wrote.
 */

/** An operand; numbers, by far the most common, as plain numbers. */
export type Operand =
  | number
  | { kind: "name"; value: string }
  /** A string's bytes, one character per byte (latin1). */
  | { kind: "string"; value: string }
  | { kind: "array"; items: Operand[] }
  | { kind: "dict"; entries: Map<string, Operand> }
  | { kind: "other"; value: string };

export interface Operation {
  operator: string;
  operands: Operand[];
  /** Offset of the first operand (or of the operator when there is none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
}

// Character classes by code, for a scanner that runs over every glyph of every page.
const SPACE = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) SPACE[c] = 1;
const ENDS_WORD = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) ENDS_WORD[c] = 1;
const NO_OPERANDS: Operand[] = [];
const HEX = new Uint8Array(256).fill(255);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX[0x41 + i] = HEX[0x61 + i] = 10 + i;

/** Every operation of a content stream, in order. Throws on syntax it cannot follow. */
export function parseContentStream(bytes: Uint8Array): Operation[] {
  return new ContentReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1")).operations();
}

class ContentReader {
  private at = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  operations(): Operation[] {
    const t = this.text;
    const length = t.length;
    const operations: Operation[] = [];
    let operands: Operand[] = NO_OPERANDS;
    let start = -1;
    for (;;) {
      this.skipSpace();
      if (this.at >= length) break;
      if (start < 0) start = this.at;
      const c = t.charCodeAt(this.at);
      // Numbers, most of every stream (a Td per glyph), are read here without a substring.
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2b) {
        if (operands === NO_OPERANDS) operands = [];
        operands.push(this.number());
        continue;
      }
      const token = this.operand();
      if (token !== undefined) {
        if (operands === NO_OPERANDS) operands = [];
        operands.push(token);
        continue;
      }
      const operator = this.word();
      if (operator.length === 0) throw new Error(`unexpected '${t[this.at]}' at ${this.at}`);
      if (operator === "BI") this.skipInlineImage();
      operations.push({ operator, operands: operator === "BI" ? NO_OPERANDS : operands, start, end: this.at });
      operands = NO_OPERANDS;
      start = -1;
    }
    return operations;
  }

  /** A number: optional sign, digits, optional fraction (PDF has no exponents). */
  private number(): number {
    const t = this.text;
    let at = this.at;
    let sign = 1;
    let c = t.charCodeAt(at);
    if (c === 0x2d || c === 0x2b) {
      if (c === 0x2d) sign = -1;
      c = t.charCodeAt(++at);
    }
    let value = 0;
    while (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      c = t.charCodeAt(++at);
    }
    if (c === 0x2e) {
      let scale = 1;
      c = t.charCodeAt(++at);
      while (c >= 0x30 && c <= 0x39) {
        value = value * 10 + (c - 0x30);
        scale *= 10;
        c = t.charCodeAt(++at);
      }
      value /= scale;
    }
    this.at = at;
    return sign * value;
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at);
      if (SPACE[c]) this.at++;
      else if (c === 0x25) while (this.at < t.length && t.charCodeAt(this.at) !== 0x0a && t.charCodeAt(this.at) !== 0x0d) this.at++;
      else break;
    }
  }

  /** An operand at the current position, or undefined when an operator starts here (0 is an operand too). */
  private operand(): Operand | undefined {
    const c = this.text.charCodeAt(this.at);
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x2b) return this.number();
    if (c === 0x2f) {
      this.at++;
      return { kind: "name", value: this.word().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) };
    }
    if (c === 0x3c) return this.text.charCodeAt(this.at + 1) === 0x3c ? this.dict() : { kind: "string", value: this.hexString() };
    if (c === 0x28) return { kind: "string", value: this.literalString() };
    if (c === 0x5b) return this.array();
    if (c === 0x5d || c === 0x3e || c === 0x29 || c === 0x7b || c === 0x7d) throw new Error(`unexpected '${this.text[this.at]}' at ${this.at}`);
    if (this.text.startsWith("true", this.at) || this.text.startsWith("false", this.at) || this.text.startsWith("null", this.at)) {
      const value = this.peekWord();
      if (value === "true" || value === "false" || value === "null") {
        this.at += value.length;
        return { kind: "other", value };
      }
    }
    return undefined;
  }

  private peekWord(): string {
    let end = this.at;
    while (end < this.text.length && !ENDS_WORD[this.text.charCodeAt(end)]) end++;
    return this.text.slice(this.at, end);
  }

  private word(): string {
    const word = this.peekWord();
    this.at += word.length;
    return word;
  }

  private literalString(): string {
    const t = this.text;
    let out = "";
    let depth = 0;
    let from = ++this.at;
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at++);
      if (c === 0x5c) {
        out += t.slice(from, this.at - 1);
        const next = t.charCodeAt(this.at++);
        const escaped = ({ 0x6e: "\n", 0x72: "\r", 0x74: "\t", 0x62: "\b", 0x66: "\f" } as Record<number, string>)[next];
        if (escaped) out += escaped;
        else if (next >= 0x30 && next <= 0x37) {
          let value = next - 0x30;
          for (let i = 0; i < 2 && t.charCodeAt(this.at) >= 0x30 && t.charCodeAt(this.at) <= 0x37; i++) value = value * 8 + (t.charCodeAt(this.at++) - 0x30);
          out += String.fromCharCode(value & 0xff);
        } else if (next === 0x0d) {
          if (t.charCodeAt(this.at) === 0x0a) this.at++;
        } else if (next !== 0x0a) out += String.fromCharCode(next);
        from = this.at;
      } else if (c === 0x28) depth++;
      else if (c === 0x29 && depth-- === 0) return out + t.slice(from, this.at - 1);
    }
    throw new Error("unterminated string");
  }

  private hexString(): string {
    const t = this.text;
    const close = t.indexOf(">", this.at);
    if (close < 0) throw new Error("unterminated hex string");
    let out = "";
    let high = -1;
    for (let i = this.at + 1; i < close; i++) {
      const digit = HEX[t.charCodeAt(i)]!;
      if (digit === 255) continue; // whitespace between digits
      if (high < 0) high = digit;
      else {
        out += String.fromCharCode((high << 4) | digit);
        high = -1;
      }
    }
    if (high >= 0) out += String.fromCharCode(high << 4);
    this.at = close + 1;
    return out;
  }

  private array(): Operand {
    this.at++;
    const items: Operand[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text.charCodeAt(this.at) === 0x5d) {
        this.at++;
        return { kind: "array", items };
      }
      if (this.at >= this.text.length) throw new Error("unterminated array");
      const item = this.operand();
      items.push(item !== undefined ? item : { kind: "other", value: this.word() });
    }
  }

  private dict(): Operand {
    this.at += 2;
    const entries = new Map<string, Operand>();
    for (;;) {
      this.skipSpace();
      if (this.text.startsWith(">>", this.at)) {
        this.at += 2;
        return { kind: "dict", entries };
      }
      if (this.at >= this.text.length) throw new Error("unterminated dictionary");
      const key = this.operand();
      if (typeof key !== "object" || key.kind !== "name") throw new Error(`dictionary key expected at ${this.at}`);
      this.skipSpace();
      const value = this.operand();
      entries.set(key.value, value !== undefined ? value : { kind: "other", value: this.word() });
    }
  }

  /** BI … ID <binary> EI: the data ends at an EI between whitespace. */
  private skipInlineImage(): void {
    const t = this.text;
    const id = t.indexOf("ID", this.at);
    if (id < 0) throw new Error("inline image without ID");
    let at = id + 3;
    for (;;) {
      at = t.indexOf("EI", at);
      if (at < 0) throw new Error("inline image without EI");
      if (SPACE[t.charCodeAt(at - 1)] && (at + 2 >= t.length || SPACE[t.charCodeAt(at + 2)])) break;
      at += 2;
    }
    this.at = at + 2;
  }
}

/** A name operand's value (without the slash). */
export function nameOf(operand: Operand | undefined): string | undefined {
  return typeof operand === "object" && operand.kind === "name" ? operand.value : undefined;
}

/** The MCID of a BDC's property list, when it is given inline (as Chromium writes it). */
export function mcidOf(operation: Operation): number | undefined {
  if (operation.operator !== "BDC") return undefined;
  const properties = operation.operands[1];
  const mcid = typeof properties === "object" && properties.kind === "dict" ? properties.entries.get("MCID") : undefined;
  return typeof mcid === "number" ? mcid : undefined;
}

/** Inserts text at byte offsets (each insertion before the byte at its offset); offsets may repeat. */
export function insertAt(bytes: Uint8Array, insertions: { at: number; text: string }[]): Uint8Array {
  if (insertions.length === 0) return bytes;
  // One latin1 string in, one out: thousands of small buffers cost more than the edit itself.
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const sorted = insertions.length > 1 ? [...insertions].sort((a, b) => a.at - b.at) : insertions;
  const parts: string[] = [];
  let last = 0;
  for (const { at, text } of sorted) {
    parts.push(source.slice(last, at), text);
    last = at;
  }
  parts.push(source.slice(last));
  return Buffer.from(parts.join(""), "latin1");
}
