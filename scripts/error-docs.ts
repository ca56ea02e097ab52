// Writes docs/foutmeldingen.md, the griffie's page of nota's error codes, from the catalogue:
// `node scripts/error-docs.ts`. test/error-catalogue.test.ts fails when the committed page is stale.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ERRORS, EXIT_CLASSES } from "../src/error-catalogue.ts";
import { formatReport, type Diagnostic } from "../src/errors.ts";

export const ERROR_DOCS = join(import.meta.dirname, "../docs/foutmeldingen.md");

const EXAMPLE: Diagnostic = {
  file: "data/raalte/2022-Q4/begroting-2022.json",
  line: 31,
  column: 23,
  field: "groepen[1].totaal.waarden.prognose",
  origin: "nota:totalen",
  message: "tabel 'Begroting en prognose jeugdzorg 2022', rij 'Totaal uitgaven Jeugdzorg', kolom 'Prognose 2022': vermeld 11.261.944, de som van de rijen is 11.261.943",
};

/** Markdown text: `<` outside code spans is a literal character, not the start of an HTML tag. */
function text(value: string): string {
  return value.split(/(`[^`]*`)/).map((part, i) => (i % 2 === 1 ? part : part.replaceAll("<", "\\<"))).join("");
}

export function errorDocs(): string {
  const exitRows = Object.entries(EXIT_CLASSES).map(([name, { code, meaning }]) => `| ${code} | ${name} | ${text(meaning)} |`);
  const entries = Object.entries(ERRORS).map(([code, entry]) => {
    const exit = EXIT_CLASSES[entry.exit];
    return [`### ${code}: ${text(entry.title)}`, "", text(entry.message), "", `**Oplossen:** ${text(entry.hint)}`, "", `**Exitcode:** ${exit.code} (${entry.exit})`, ""].join("\n");
  });
  return [
    "# Foutmeldingen van nota",
    "",
    "<!-- Gemaakt door `node scripts/error-docs.ts` uit src/error-catalogue.ts; pas de tekst daar aan. -->",
    "",
    "Vindt nota een probleem, dan noemt het bestand, regel en kolom, het veld, wat er mis is, en tussen haakjes een vaste code. Daarna volgt per code een tip. Bijvoorbeeld:",
    "",
    "```",
    formatReport([EXAMPLE]).trimEnd(),
    "```",
    "",
    "Deze pagina zegt per code wat er mis is en hoe u het oplost. nota meldt alle problemen tegelijk; los ze op en draai `nota check` opnieuw.",
    "",
    "## Exitcodes",
    "",
    "Het commando eindigt met een exitcode die zegt wat voor probleem het vond, zodat een script of CI-taak erop kan reageren. Zijn er problemen van verschillende soorten, dan geldt de hoogste.",
    "",
    "| exitcode | soort | betekenis |",
    "|---|---|---|",
    "| 0 | | gelukt |",
    ...exitRows,
    "",
    "## Codes",
    "",
    ...entries,
  ].join("\n");
}

if (import.meta.main) writeFileSync(ERROR_DOCS, errorDocs());
