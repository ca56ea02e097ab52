// The search page's only script: Pagefind's UI over the index of every gemeente, merged in the
// browser. /pagefind/pagefind.js is the first index's Pagefind; the list of indexes is written
// with them (src/search/index-site.ts).
fetch("/pagefind/indexen.json")
  .then((response) => response.json())
  .then(({ indexen }) => {
    if (indexen.length === 0) return;
    const zoeken = new PagefindUI({
      element: "#zoeken",
      bundlePath: "/pagefind/",
      mergeIndex: indexen.slice(1).map((bundlePath) => ({ bundlePath })),
      showSubResults: false,
      showImages: false,
      autofocus: true,
      translations: { clear_search: "Wissen" },
    });
    const vraag = new URLSearchParams(location.search).get("q");
    if (vraag) zoeken.triggerSearch(vraag);
  });
