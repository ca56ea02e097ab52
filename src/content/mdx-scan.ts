import type { Root } from "mdast";
import remarkGfm from "remark-gfm";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import type { Diagnostic } from "../errors.ts";
import { attributeProblem, COMPONENTS, isComponentName, requiredAttributes, type ComponentName } from "./components.ts";
import { linkProblem } from "./references.ts";

/** A picture a note shows, as written: `![…](kaart.png)`. Checked against the files in archive.ts. */
export interface ImageUse {
  url: string;
  line: number;
  column: number;
}

/** A heading at the top level of a note's body: `## Wat kost jeugdzorg?` at line 40 of the file. */
export interface Heading {
  depth: number;
  title: string;
  line: number;
}

/** What a note's body is made of at the top level: its headings, and where text first comes before any. */
export interface Outline {
  headings: Heading[];
  /** The file line of the first block before the first heading, if there is one. */
  preamble?: number;
  /** The file line of the first footnote (`[^1]: …`), if there is one. */
  footnote?: number;
}

/** One use of a nota component in a note's body. */
export interface ComponentUse {
  name: ComponentName;
  attributes: Record<string, string>;
  line: number;
  column: number;
}

const parser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm);

/**
 * Parses a note's MDX body with remark and lists the nota components it uses. Imports,
 * exports, unknown components and non-literal attributes are refused: MDX in nota may
 * only use nota's own components. `lineOffset` maps body lines back to the file.
 */
export function scanMdx(body: string, file: string, lineOffset: number): { uses: ComponentUse[]; images: ImageUse[]; outline: Outline; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const uses: ComponentUse[] = [];
  const images: ImageUse[] = [];
  const outline: Outline = { headings: [] };
  const deep = tooDeep(body);
  if (deep) {
    diagnostics.push({ file, origin: "nota:mdx", line: deep.line + lineOffset, message: `lijsten en citaten zijn hier ${deep.depth} niveaus diep genest; ten hoogste ${MAX_NESTING} is toegestaan` });
    return { uses, images, outline, diagnostics };
  }
  let tree: Root;
  try {
    tree = parser.parse(body);
  } catch (error) {
    const { line, column, reason } = syntaxErrorPosition(error);
    diagnostics.push({ file, origin: "nota:mdx", line: line === undefined ? undefined : line + lineOffset, column, message: `MDX-syntaxfout: ${inDutch(reason)}` });
    return { uses, images, outline, diagnostics };
  }

  const at = (node: { position?: { start: { line: number; column: number } } }) => ({
    line: (node.position?.start.line ?? 1) + lineOffset,
    column: node.position?.start.column ?? 1,
  });

  for (const node of tree.children) {
    if (node.type === "heading") outline.headings.push({ depth: node.depth, title: plainText(node), line: at(node).line });
    else if (node.type === "footnoteDefinition") outline.footnote ??= at(node).line;
    else if (outline.headings.length === 0 && outline.preamble === undefined && node.type !== "definition") outline.preamble = at(node).line;
  }

  const definitions = new Map<string, string>();
  visit(tree, "definition", (node) => {
    definitions.set(node.identifier, node.url);
  });

  visit(tree, (node) => {
    if (node.type === "link" || node.type === "definition") {
      const problem = linkProblem(node.url);
      if (problem) diagnostics.push({ file, origin: "nota:link", ...at(node), message: problem });
    }
    if (node.type === "image" || node.type === "imageReference") {
      const url = node.type === "image" ? node.url : definitions.get(node.identifier);
      if (url !== undefined) images.push({ url, ...at(node) });
    }
    if (node.type === "mdxjsEsm") {
      diagnostics.push({ file, origin: "nota:mdx-import", ...at(node), message: "import en export zijn niet toegestaan: gebruik alleen de componenten van nota" });
    }
    if (node.type === "mdxFlowExpression" || node.type === "mdxTextExpression") {
      diagnostics.push({ file, origin: "nota:mdx-expressie", ...at(node), message: "JavaScript-expressies ({…}) zijn niet toegestaan in een notitie" });
    }
    if (node.type !== "mdxJsxFlowElement" && node.type !== "mdxJsxTextElement") return;
    const name = node.name ?? "";
    if (!isComponentName(name)) {
      diagnostics.push({ file, origin: "nota:component", ...at(node), message: `onbekend component <${name}>; bekend zijn: ${Object.keys(COMPONENTS).join(", ")}` });
      return;
    }
    const attributes: Record<string, string> = {};
    for (const attribute of node.attributes) {
      if (attribute.type !== "mdxJsxAttribute" || typeof attribute.value !== "string") {
        const label = attribute.type === "mdxJsxAttribute" ? attribute.name : "{…}";
        diagnostics.push({ file, origin: "nota:component", ...at(node), field: label, message: `<${name}>: attribuut '${label}' moet een tekst tussen aanhalingstekens zijn` });
        continue;
      }
      const problem = attributeProblem(name, attribute.name, attribute.value);
      if (problem) diagnostics.push({ file, origin: "nota:component", ...at(node), field: attribute.name, message: problem });
      else attributes[attribute.name] = attribute.value;
    }
    for (const required of requiredAttributes(name)) {
      if (!(required in attributes) && !node.attributes.some((a) => a.type === "mdxJsxAttribute" && a.name === required)) {
        diagnostics.push({ file, origin: "nota:component", ...at(node), field: required, message: `<${name}> mist het attribuut '${required}'` });
      }
    }
    uses.push({ name, attributes, ...at(node) });
  });
  return { uses, images, outline, diagnostics };
}

/** The text of a node as a reader sees it, without its markup. */
function plainText(node: { value?: unknown; children?: unknown[] }): string {
  if (typeof node.value === "string") return node.value;
  return (node.children ?? []).map((child) => plainText(child as typeof node)).join("");
}

/** Deeper than any note needs; much deeper makes the Markdown parser take minutes. */
const MAX_NESTING = 20;
const CONTAINER_MARKS = /^(?:[ \t]*(?:[-*+>]|\d{1,9}[.)])(?=[ \t]|$))+/;

/** The first line whose list and quote markers nest deeper than MAX_NESTING, and how deep. */
function tooDeep(body: string): { line: number; depth: number } | undefined {
  const lines = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const marks = CONTAINER_MARKS.exec(lines[i]!)?.[0].match(/[-*+>]|\d{1,9}[.)]/g)?.length ?? 0;
    const indent = /^[ \t]*/.exec(lines[i]!)![0].replace(/\t/g, "    ").length;
    const depth = Math.max(marks, Math.floor(indent / 2));
    if (depth > MAX_NESTING) return { line: i + 1, depth };
  }
  return undefined;
}

/** Where micromark's MDX error points: its own fields, or else the position in its reason. */
function syntaxErrorPosition(error: unknown): { line?: number; column?: number; reason: string } {
  const { line, column, reason } = error as { line?: number; column?: number; reason?: string };
  const text = reason ?? String(error);
  if (line !== undefined) return { line, column, reason: text };
  const match = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(text);
  return match ? { line: Number(match[1]), column: Number(match[2]), reason: text.slice(0, match.index).trim() } : { reason: text };
}

/** The MDX syntax errors authors make most, explained in Dutch; others keep micromark's wording. */
const MDX_ERRORS: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^Expected a closing tag for `<([^>]*)>`/, ([, tag]) => `<${tag}> wordt niet gesloten: sluit af met </${tag}>, of schrijf <${tag} … /> als er niets tussen staat`],
  [/^Unexpected closing tag `<\/([^>]*)>`, expected corresponding closing tag for `<([^>]*)>`/, ([, close, open]) => `de sluitende tag </${close}> past niet bij <${open}>`],
  [/before name/, () => "een < begint hier geen component; schrijf 'kleiner dan' of \\<"],
  [/before attribute value/, () => "zet de waarde van een attribuut tussen aanhalingstekens, zoals data=\"clienten\""],
  [/expected a corresponding closing brace/, () => "een { zonder }; een accolade in de tekst schrijf je als \\{"],
];

function inDutch(reason: string): string {
  for (const [pattern, explain] of MDX_ERRORS) {
    const match = pattern.exec(reason);
    if (match) return explain(match);
  }
  return reason;
}
