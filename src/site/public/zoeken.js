// The search page's only script: Pagefind's UI over the index built with the site.
const zoeken = new PagefindUI({ element: "#zoeken", showSubResults: false, showImages: false, autofocus: true, translations: { clear_search: "Wissen" } });
const vraag = new URLSearchParams(location.search).get("q");
if (vraag) zoeken.triggerSearch(vraag);
