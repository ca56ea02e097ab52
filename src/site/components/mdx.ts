import Bedrag from "./Bedrag.astro";
import Besluit from "./Besluit.astro";
import Datum from "./Datum.astro";
import Getal from "./Getal.astro";
import Grafiek from "./Grafiek.astro";
import Kader from "./Kader.astro";
import Kerncijfer from "./Kerncijfer.astro";
import Ondertekening from "./Ondertekening.astro";
import Spreekteksten from "./Spreekteksten.astro";
import Tabel from "./Tabel.astro";
import type { ComponentName } from "../../content/components.ts";

/** The Astro component behind each name an author may use in MDX. */
export const mdxComponents: Record<ComponentName, unknown> = { Kerncijfer, Grafiek, Tabel, Bedrag, Getal, Datum, Kader, Ondertekening, Besluit, Spreekteksten };
