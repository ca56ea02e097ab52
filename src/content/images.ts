import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { IMAGE_TYPES, type ImageTarget } from "./references.ts";

/** Larger than any picture a note needs; larger still slows every page and PDF. */
export const MAX_IMAGE_BYTES = 5_000_000;

/**
 * What is wrong with the file behind an image, if anything: missing, a link, too large, not the
 * type its name says, or an SVG that could run script, load something or contain HTML.
 */
export async function imageFileProblem(root: string, target: ImageTarget): Promise<string | undefined> {
  const file = join(root, target.file);
  const stats = await lstat(file).catch(() => undefined);
  if (!stats) return `afbeelding ${target.file} bestaat niet`;
  if (stats.isSymbolicLink() || !stats.isFile()) return `afbeelding ${target.file} is geen gewoon bestand (een symlink is niet toegestaan)`;
  if (stats.size > MAX_IMAGE_BYTES) return `afbeelding ${target.file} is te groot (ten hoogste ${MAX_IMAGE_BYTES / 1_000_000} MB)`;
  const bytes = await readFile(file);
  const extension = target.file.slice(target.file.lastIndexOf(".") + 1).toLowerCase();
  const type = IMAGE_TYPES[extension]!;
  if (type.magic && !type.magic.some((magic) => magic.every((byte, i) => bytes[i] === byte))) {
    return `afbeelding ${target.file} is geen ${extension.toUpperCase()}-bestand, al zegt de naam dat`;
  }
  if (extension === "svg") {
    const problem = svgProblem(bytes.toString("utf8"));
    if (problem) return `afbeelding ${target.file}: ${problem}`;
  }
  return undefined;
}

/** SVG elements a picture may hold: shapes, text, gradients and their grouping. Nothing that scripts, embeds or styles. */
const SVG_ELEMENTS = new Set([
  "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
  "lineargradient", "radialgradient", "stop", "clippath", "mask", "pattern", "symbol", "use", "marker",
]);

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", preserveOrder: true, processEntities: false, allowBooleanAttributes: true });

/** Refuses an SVG with script, event handlers, foreignObject, style sheets, entities or any reference that is not `#…`. */
export function svgProblem(text: string): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return "een SVG met DOCTYPE of ENTITY-declaraties is niet toegestaan";
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch (error) {
    return `geen geldige SVG (${(error as Error).message.split("\n")[0]})`;
  }
  return nodeProblem(tree);
}

function nodeProblem(nodes: unknown): string | undefined {
  if (!Array.isArray(nodes)) return undefined;
  for (const node of nodes as Record<string, unknown>[]) {
    for (const [key, value] of Object.entries(node)) {
      if (key === ":@") {
        const problem = attributesProblem(value as Record<string, unknown>);
        if (problem) return problem;
        continue;
      }
      if (key === "#text" || key === "?xml" || key === "#comment") continue;
      const name = key.replace(/^svg:/, "").toLowerCase();
      if (!SVG_ELEMENTS.has(name)) return `het SVG-element <${key}> is niet toegestaan (alleen vormen, tekst en verlopen; geen script, foreignObject, style, image of links)`;
      const problem = nodeProblem(value);
      if (problem) return problem;
    }
  }
  return undefined;
}

function attributesProblem(attributes: Record<string, unknown>): string | undefined {
  for (const [name, raw] of Object.entries(attributes)) {
    const value = String(raw);
    if (/^on/i.test(name)) return `het SVG-attribuut ${name} (een script) is niet toegestaan`;
    if (/(^|:)href$/i.test(name) && !value.trim().startsWith("#")) return `het SVG-attribuut ${name}="${value}" verwijst buiten de afbeelding`;
    if (/url\(\s*(?!['"]?#)/i.test(value) || /@import|expression\(|javascript:/i.test(value)) return `het SVG-attribuut ${name} verwijst buiten de afbeelding of bevat script`;
  }
  return undefined;
}
