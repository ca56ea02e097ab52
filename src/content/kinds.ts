/**
 * The document kinds nota knows. Each kind is rendered by `templates/kinds/<kind>.astro`;
 * this table holds what the site and the Woo metadata need to know about it.
 */
export const KINDS = {
  memo: { label: "Memo", plural: "Memo's", woo: { informatiecategorie: "c_8c840238", documentsoort: "c_7652d853" } },
  informatienota: { label: "Informatienota", plural: "Informatienota's", woo: { informatiecategorie: "c_db4862c3", documentsoort: "c_2977c34f" } },
  raadsinformatiebrief: { label: "Raadsinformatiebrief", plural: "Raadsinformatiebrieven", woo: { informatiecategorie: "c_8c840238", documentsoort: "c_7652d853" } },
  bijlage: { label: "Bijlage", plural: "Bijlagen", woo: { informatiecategorie: "c_db4862c3", documentsoort: "c_7f9dffa7" } },
  presentatie: { label: "Presentatie", plural: "Presentaties", woo: { informatiecategorie: "c_db4862c3", documentsoort: "c_7f9dffa7" } },
} as const;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as [Kind, ...Kind[]];
