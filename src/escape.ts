// Escaping for each context a value from a source can land in, in one place. HTML text and
// attributes are escaped by Astro's templates; what nota writes itself goes through here.

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text or an attribute value in XML (feeds, sitemaps, Woo records, SVG). */
export function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped rather than escaped.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/**
 * A CSS string literal. Everything but letters, digits, space and a few marks becomes a hex
 * escape, so the value can close neither the string, the declaration, nor a `<style>` element.
 */
export function cssString(text: string): string {
  const escaped = [...text.replace(/[\u0000-\u001f\u007f]/g, " ")]
    .map((c) => (/[\p{L}\p{N} ,.·:!?()–—/-]/u.test(c) ? c : `\\${c.codePointAt(0)!.toString(16)} `))
    .join("");
  return `"${escaped}"`;
}
