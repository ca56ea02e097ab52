// Where a note and its versions live on the published site: the one place for these addresses,
// used by the site's links, the PDF stage (which prints the page) and the register.

/** A note's page and its signed PDF: `/raalte/2022/memo/` and `/raalte/2022/memo.pdf`. */
export const noteUrl = (note: { id: string }) => `/${note.id}/`;
export const notePdfUrl = (note: { id: string }) => `/${note.id}.pdf`;

/**
 * Where the earlier versions of a corrected note live, relative to the site root: each keeps its
 * own page and signed PDF at a stable address beside the note's own.
 */
export const earlierPagePath = (id: string, versie: number) => `${id}/versie-${versie}/`;
export const earlierPdfPath = (id: string, versie: number) => `${id}.v${versie}.pdf`;
