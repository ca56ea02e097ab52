import type { Diagnostic } from "../errors.ts";
import type { Kind } from "./kinds.ts";
import type { Note } from "./load.ts";
import type { ComponentUse, Outline } from "./mdx-scan.ts";

/**
 * A presentatie is a deck: a title slide drawn from the frontmatter, then one slide per `##`
 * section of the body. What a deck may hold follows from that: no text before the first `##`
 * (it would be on no slide), no other headings (each slide has one title, and the PDF's
 * outline one entry per slide) and no footnotes (a slide names its source itself). Speaker
 * notes (`<Spreekteksten>`) belong to slides only.
 */
export function slideProblems(kind: Kind, outline: Outline, uses: ComponentUse[], file: string): Diagnostic[] {
  const problem = (line: number, message: string): Diagnostic => ({ file, line, origin: "nota:dia", message });
  if (kind !== "presentatie") {
    return uses.filter((use) => use.name === "Spreekteksten").map((use) => problem(use.line, "<Spreekteksten> hoort bij een dia: alleen een presentatie heeft spreekteksten"));
  }
  const problems: Diagnostic[] = [];
  if (outline.preamble !== undefined) problems.push(problem(outline.preamble, "in een presentatie begint elke dia met een kop ## en staat er niets vóór de eerste; de titeldia komt uit de frontmatter"));
  for (const heading of outline.headings.filter((h) => h.depth !== 2)) {
    problems.push(problem(heading.line, `een dia heeft één kop (##); '${"#".repeat(heading.depth)} ${heading.title}' begint geen dia: maak er een ## van of zet de tekst vet`));
  }
  if (outline.footnote !== undefined) problems.push(problem(outline.footnote, "een presentatie heeft geen voetnoten: zet de bron op de dia zelf"));
  return problems;
}

/** A deck's slides in order, as its PDF's pages and outline have them: the title slide, then one per section. */
export function deckSlides(note: Pick<Note, "frontmatter" | "lines" | "sections">): { title: string; line: number }[] {
  return [{ title: note.frontmatter.titel, line: note.lines.titel ?? 1 }, ...note.sections];
}
