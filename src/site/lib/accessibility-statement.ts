/**
 * The facts of the accessibility statement, after the national model (toegankelijkheidsverklaring.nl).
 * Only what the project's tests show is claimed; update the dates and the status when the site
 * is evaluated again.
 */
export const statement = {
  /** Status after the model: A (voldoet volledig) … E (niet-conforme verklaring). */
  status: "C" as const,
  statusText: "eerste maatregelen genomen",
  /** When this statement was drawn up, and when the site and the PDFs were last checked. */
  opgesteld: "2026-11-26",
  laatsteControle: "2026-11-26",
  norm: "EN 301 549 (WCAG 2.1, niveau A en AA)",
  /** Known shortcomings, each with what we do about it and by when. */
  knownIssues: [
    {
      wat: "Er is nog geen volledig onderzoek gedaan door een deskundige, met hulpsoftware zoals schermlezers. Automatische controles vinden niet alle problemen.",
      plan: "Een onafhankelijk onderzoek volgens de WCAG-EM-methode staat gepland voor het tweede kwartaal van 2027.",
    },
    {
      wat: "Zoeken werkt alleen met JavaScript.",
      plan: "Zonder JavaScript kunt u bladeren in het archief van elke gemeente, per jaar, soort en onderwerp. Dit blijft zo.",
    },
    {
      wat: "De PDF's zijn niet getoetst met de referentievalidators veraPDF en PAC. Onze eigen controles en die met Apache PDFBox, qpdf, pdf.js en poppler vinden geen fouten, maar dekken niet elke regel van PDF/UA-1 en PDF/A-2.",
      plan: "Een toets met veraPDF en PAC volgt bij het onafhankelijk onderzoek, in het tweede kwartaal van 2027. Lukt het lezen van een PDF niet, lees dan dezelfde tekst op de webpagina van het stuk.",
    },
  ],
  ombudsman: { naam: "de Nationale ombudsman", url: "https://www.nationaleombudsman.nl/" },
};
