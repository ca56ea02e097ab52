import { escapeXml } from "./escape.ts";

/**
 * A small XML writer for feeds, sitemaps and Woo metadata: text and attribute values are
 * always escaped; only markup made by `element` is inserted as is.
 */
export class Xml {
  readonly markup: string;
  constructor(markup: string) {
    this.markup = markup;
  }
}

export type XmlChild = Xml | string | undefined | false;

export function element(name: string, attributes: Record<string, string | undefined> = {}, ...children: XmlChild[]): Xml {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join("");
  const content = children.map((child) => (child instanceof Xml ? child.markup : child ? escapeXml(child) : "")).join("");
  return new Xml(content ? `<${name}${attrs}>${content}</${name}>` : `<${name}${attrs}/>`);
}

function xmlDocument(root: Xml): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.markup}\n`;
}

/** An XML response for an Astro endpoint. */
export function xmlResponse(root: Xml, contentType = "application/xml"): Response {
  return new Response(xmlDocument(root), { headers: { "Content-Type": `${contentType}; charset=utf-8` } });
}
