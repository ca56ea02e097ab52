import type { Dataset } from "../../data/schema.ts";
import { formatDate } from "../../format/dutch.ts";

const list = (items: string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} en ${items.at(-1)}`);

/**
 * Where imported figures come from, in the words under a chart or table: the source (file, sheet
 * or CBS table) and when it was read, which figures are still provisional, and when a later
 * import revised figures. Empty for a dataset typed by hand.
 */
export function provenanceLines(dataset: Dataset): string[] {
  const herkomst = dataset.herkomst;
  if (!herkomst) return [];
  const sheet = herkomst.blad ? `, blad ‘${herkomst.blad}’${herkomst.bereik ? ` (${herkomst.bereik})` : ""}` : "";
  const from = herkomst.tabel ? `CBS StatLine, tabel ${herkomst.tabel}` : `${herkomst.bestand ?? herkomst.url}${sheet}`;
  const lines = [`Ingelezen uit ${from}, op ${formatDate(herkomst.opgehaald)}.`];
  if (herkomst.voorlopig) {
    const provisional = dataset.type === "tijdreeks" ? dataset.rijen.filter((row) => row.status !== undefined && row.status !== "definitief").map((row) => `${row[dataset.x]} (${row.status})`) : [];
    lines.push(provisional.length > 0 ? `Voorlopige cijfers: ${list(provisional)}.` : "Een deel van de cijfers is voorlopig.");
  }
  if (herkomst.herzien?.length) lines.push(`Cijfers herzien op ${list(herkomst.herzien.map(formatDate))}.`);
  return lines;
}
