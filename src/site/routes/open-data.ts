import type { APIRoute, GetStaticPaths } from "astro";
import { openDataFile } from "../../data/open-data.ts";
import type { Dataset } from "../../data/schema.ts";
import { archivePaths } from "../lib/site.ts";

// The open data in `nota dev` only, at `/data/<key>.csv` and `.json` (plugins/site-input.ts): a
// build writes the files itself (src/data/open-data.ts).

export const getStaticPaths = (() => archivePaths((site) => [...site.input.datasets.values()].map((dataset) => ({ params: { dataset: dataset.key }, props: { dataset } })))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, url }) => {
  const { dataset } = props as { dataset: Dataset };
  const format = url.pathname.endsWith(".json") ? "json" : "csv";
  return new Response(openDataFile(dataset, format), { headers: { "Content-Type": format === "json" ? "application/json" : "text/csv; charset=utf-8" } });
};
