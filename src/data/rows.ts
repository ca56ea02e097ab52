import type { Dataset } from "./schema.ts";

/** A dataset as flat records with labelled columns: what charts, CSV and table alternatives read. */
export interface FlatRows {
  columns: { id: string; label: string; numeric: boolean }[];
  rows: Record<string, string | number>[];
}

export function flattenDataset(dataset: Dataset): FlatRows {
  switch (dataset.type) {
    case "tijdreeks":
      return {
        columns: Object.entries(dataset.kolommen).map(([id, label]) => ({ id, label, numeric: dataset.rijen.every((r) => typeof r[id] === "number") })),
        rows: dataset.rijen,
      };
    case "tabel": {
      const rows = dataset.groepen.flatMap((group) =>
        [
          ...group.rijen.map((row) => ({ groep: group.label ?? "", rij: row.label, soort: "rij", ...row.waarden })),
          ...(group.totaal ? [{ groep: group.label ?? "", rij: group.totaal.label, soort: "totaal", ...group.totaal.waarden }] : []),
        ],
      );
      if (dataset.saldo) rows.push({ groep: "", rij: dataset.saldo.label, soort: "saldo", ...dataset.saldo.waarden });
      return {
        columns: [
          { id: "groep", label: "Groep", numeric: false },
          { id: "rij", label: "Post", numeric: false },
          { id: "soort", label: "Soort regel", numeric: false },
          ...dataset.kolommen.map((c) => ({ id: c.id, label: c.label, numeric: true })),
        ],
        rows,
      };
    }
    case "kerncijfers":
      return {
        columns: [
          { id: "id", label: "Kenmerk", numeric: false },
          { id: "label", label: "Omschrijving", numeric: false },
          { id: "waarde", label: "Waarde", numeric: true },
        ],
        rows: dataset.cijfers.map((c) => ({ id: c.id, label: c.label, waarde: c.waarde })),
      };
  }
}
