/**
 * The document kinds nota knows. Each kind is rendered by `templates/kinds/<kind>.astro`;
 * this table holds what the site and the Woo metadata need to know about it. `handeling` is
 * the Woo document action of a note that the college has not adopted (status vastgesteld):
 * kinds with a signature block are signed, the others are received by the council.
 */
export const KINDS = {
  memo: { label: "Memo", plural: "Memo's", woo: { informatiecategorie: "c_8c840238", documentsoort: "c_7652d853", handeling: "ondertekening" } },
  informatienota: { label: "Informatienota", plural: "Informatienota's", woo: { informatiecategorie: "c_db4862c3", documentsoort: "c_2977c34f", handeling: "ondertekening" } },
  raadsinformatiebrief: { label: "Raadsinformatiebrief", plural: "Raadsinformatiebrieven", woo: { informatiecategorie: "c_8c840238", documentsoort: "c_7652d853", handeling: "ondertekening" } },
  bijlage: { label: "Bijlage", plural: "Bijlagen", woo: { informatiecategorie: "c_db4862c3", documentsoort: "c_7f9dffa7", handeling: "ontvangst" } },
  presentatie: { label: "Presentatie", plural: "Presentaties", woo: { informatiecategorie: "c_db4862c3", documentsoort: "c_7f9dffa7", handeling: "ontvangst" } },
} as const;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as [Kind, ...Kind[]];
