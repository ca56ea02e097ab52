/**
 * Where the earlier versions of a corrected note live, relative to the site root: each keeps its
 * own page and signed PDF at a stable address beside the note's own.
 */
export const earlierPagePath = (id: string, versie: number) => `${id}/versie-${versie}/`;
export const earlierPdfPath = (id: string, versie: number) => `${id}.v${versie}.pdf`;
