import { escapeXml } from "../../escape.ts";
import type { Profile } from "../../profiles/schema.ts";

type Wordmark = Profile["huisstijl"]["woordmerk"];

/** The shape of a gemeente's wordmark (before its name) as SVG elements, in a box `size` high. */
export function wordmarkShape(vorm: Wordmark["vorm"], colour: string, size: number): string {
  const fill = escapeXml(colour);
  switch (vorm) {
    case "balk":
      return `<rect x="0" y="${size * 0.1}" width="${size * 0.22}" height="${size * 0.8}" fill="${fill}"/>`;
    case "cirkel":
      return `<circle cx="${size * 0.4}" cy="${size / 2}" r="${size * 0.36}" fill="${fill}"/>`;
    case "golf":
      return `<path d="M0 ${size * 0.65} q${size * 0.2} ${-size * 0.45} ${size * 0.4} 0 t${size * 0.4} 0" stroke="${fill}" stroke-width="${size * 0.14}" fill="none"/>`;
    case "blokken":
      return [0, 1, 2].map((i) => `<rect x="${i * size * 0.27}" y="${size * (0.55 - i * 0.2)}" width="${size * 0.22}" height="${size * 0.22}" fill="${fill}"/>`).join("");
  }
}

/**
 * The shape alone as an image (a data URL), for the slides, which draw the wordmark with CSS:
 * the name beside it is text in the house font, which an image could not use.
 */
export function wordmarkShapeImage(profile: Profile): string {
  const size = 40;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${wordmarkShape(profile.huisstijl.woordmerk.vorm, profile.huisstijl.kleuren.accent, size)}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
