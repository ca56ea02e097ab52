/**
 * remark-rehype's footnote texts in Dutch; its defaults are English ("Footnotes", "Back to
 * reference 1"), and they end up in the page and in the PDF's structure tree.
 */
export const footnoteLabels = {
  footnoteLabel: "Voetnoten",
  footnoteBackLabel: (referenceIndex: number, rereferenceIndex: number) => backLabel(`${referenceIndex + 1}${rereferenceIndex > 1 ? `-${rereferenceIndex}` : ""}`),
};

const backLabel = (reference: string) => `Terug naar verwijzing ${reference}`;

/**
 * What a link to a footnote or back to its reference says, from the id it points at
 * (remark's `user-content-fn-1`, `user-content-fnref-1`): the PDF's link descriptions, where
 * the visible text is only "1" or "↩".
 */
export function footnoteLinkLabel(target: string): string | undefined {
  const match = /(?:^|-)fn(ref)?-([\w-]+)$/.exec(target);
  if (!match) return undefined;
  return match[1] ? backLabel(match[2]!) : `Voetnoot ${match[2]}`;
}
