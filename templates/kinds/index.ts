import bijlage from "./bijlage.astro";
import informatienota from "./informatienota.astro";
import memo from "./memo.astro";
import presentatie from "./presentatie.astro";
import raadsinformatiebrief from "./raadsinformatiebrief.astro";
import type { Kind } from "../../src/content/kinds.ts";

/** One template per document kind. */
export const kindTemplates: Record<Kind, typeof memo> = { memo, informatienota, raadsinformatiebrief, bijlage, presentatie };
