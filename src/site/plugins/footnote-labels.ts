/**
 * remark-rehype's footnote texts in Dutch; its defaults are English ("Footnotes", "Back to
 * reference 1"), and they end up in the page and in the PDF's structure tree.
 */
export const footnoteLabels = {
  footnoteLabel: "Voetnoten",
  footnoteBackLabel: (referenceIndex: number, rereferenceIndex: number) => `Terug naar verwijzing ${referenceIndex + 1}${rereferenceIndex > 1 ? `-${rereferenceIndex}` : ""}`,
};
