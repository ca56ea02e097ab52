import { PDFDict, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFContext } from "pdf-lib";
import { streamBytes } from "./streams.ts";

/** What the text steps need of a font: how its codes read as Unicode. */
export interface FontText {
  /** Bytes per character code: 2 for Chromium's Type0 fonts (Identity-H), 1 for simple fonts. */
  codeLength: 1 | 2;
  unicode: Map<number, string>;
  /** The code that reads as a space, when the (subset) font has one. */
  spaceCode?: number;
  hasToUnicode: boolean;
}

/** Reads a font's ToUnicode CMap (bfchar and bfrange, as Chromium and most writers emit them). */
export function readFont(context: PDFContext, font: PDFDict): FontText {
  const codeLength = font.get(PDFName.of("Subtype")) === PDFName.of("Type0") ? 2 : 1;
  const toUnicode = context.lookup(font.get(PDFName.of("ToUnicode")));
  const unicode = toUnicode instanceof PDFRawStream || toUnicode instanceof PDFStream ? parseToUnicode(Buffer.from(streamBytes(toUnicode as PDFRawStream)).toString("latin1")) : new Map<number, string>();
  let spaceCode: number | undefined;
  for (const [code, text] of unicode) if (text === " " && spaceCode === undefined) spaceCode = code;
  return { codeLength, unicode, spaceCode, hasToUnicode: unicode.size > 0 };
}

export function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (hex: string) => String.fromCharCode(...(hex.match(/.{1,4}/g) ?? []).map((h) => parseInt(h.padEnd(4, "0"), 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, code, text] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(code!, 16), hexText(text!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, target] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])/g)) {
      const from = parseInt(low!, 16);
      const to = parseInt(high!, 16);
      if (target!.startsWith("[")) {
        const items = [...target!.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => hexText(m[1]!));
        for (let code = from; code <= to && code - from < items.length; code++) map.set(code, items[code - from]!);
      } else {
        const base = hexText(target!.slice(1, -1));
        const last = base.charCodeAt(base.length - 1);
        for (let code = from; code <= to; code++) map.set(code, base.slice(0, -1) + String.fromCharCode(last + code - from));
      }
    }
  }
  return map;
}

/** The text a string operand (its bytes as latin1 characters) shows in a font. */
export function decodeText(font: FontText, bytes: string): string {
  let text = "";
  for (let i = 0; i + font.codeLength <= bytes.length; i += font.codeLength) {
    const code = font.codeLength === 2 ? (bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1) : bytes.charCodeAt(i);
    text += font.unicode.get(code) ?? "\ufffd";
  }
  return text;
}

/** A string operand for one code, as hex. */
export function codeOperand(font: FontText, code: number): string {
  return `<${code.toString(16).padStart(font.codeLength * 2, "0")}>`;
}

/** The fonts of a resource dictionary by resource name, read once per font object. */
export function fontsOf(context: PDFContext, resources: PDFDict | undefined, cache: Map<PDFRef | PDFDict, FontText>): Map<string, FontText> {
  const fonts = new Map<string, FontText>();
  const dict = resources && context.lookup(resources.get(PDFName.of("Font")));
  if (!(dict instanceof PDFDict)) return fonts;
  for (const [name, value] of dict.entries()) {
    const key = value instanceof PDFRef ? value : (value as PDFDict);
    let font = cache.get(key);
    if (!font) {
      const fontDict = context.lookup(value);
      if (!(fontDict instanceof PDFDict)) continue;
      font = readFont(context, fontDict);
      cache.set(key, font);
    }
    fonts.set(name.decodeText(), font);
  }
  return fonts;
}
