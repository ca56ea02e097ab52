import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { KIND_NAMES as KINDS } from "../src/content/kinds.ts";
import type { DatasetSource } from "../src/data/schema.ts";
import { formatEuro } from "../src/format/dutch.ts";
import { slugify } from "../src/schema.ts";

/** Text with nota's inline components, kept abstract so it can be written as MDX and as plain Markdown. */
export type Inline = string | { bedrag: number } | { getal: number } | { datum: string } | { voetnoot: number };

export type Block =
  | { type: "heading"; text: string }
  | { type: "paragraph"; parts: Inline[] }
  | { type: "list"; items: Inline[][] }
  | { type: "chart"; spec: string; dataset: string; title: string }
  | { type: "table"; dataset: string }
  | { type: "figure"; dataset: string; id: string }
  | { type: "kader"; title: string; paragraphs: Inline[][] };

export interface SyntheticNote {
  gemeente: string;
  year: string;
  slug: string;
  quarter: string;
  frontmatter: { titel: string; datum: string; [field: string]: unknown };
  /** Datasets are referenced by full key `<gemeente>/<YYYY-Qn>/<name>`. */
  blocks: Block[];
  footnotes: string[];
}

/** A dataset as its JSON file is written (src/data/schema.ts). */
export type SyntheticDataset = DatasetSource;
type Typed<T extends SyntheticDataset["type"]> = Extract<SyntheticDataset, { type: T }>;
export type TimeSeries = Typed<"tijdreeks">;
export type Table = Typed<"tabel">;
export type KeyFigures = Typed<"kerncijfers">;

export interface SyntheticArchive {
  root: string;
  notes: SyntheticNote[];
  datasets: Map<string, SyntheticDataset>;
  profiles: Map<string, { naam: string }>;
}

const FIRST_YEAR = 2015;
const YEARS = 10;

/** Deterministic PRNG (mulberry32): every run benchmarks the same archive. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    /** `count` distinct items, in random order. */
    some: <T>(items: readonly T[], count: number): T[] => {
      const pool = [...items];
      return Array.from({ length: Math.min(count, pool.length) }, () => pool.splice(Math.floor(next() * pool.length), 1)[0]!);
    },
  };
}
type Random = ReturnType<typeof prng>;

const TITLES = {
  memo: ["sturingsinformatie", "stand van zaken", "cijfers"],
  informatienota: ["financiële stand", "impact nieuwe tarieven", "evaluatie"],
  raadsinformatiebrief: ["verwachte overschrijding", "ontwikkeling uitgaven", "voortgang"],
  presentatie: ["in beeld:", "toelichting op"],
} as const;
const TOPICS = ["jeugdhulp", "Wmo-begeleiding", "huishoudelijke hulp", "leerlingenvervoer", "schuldhulpverlening", "beschermd wonen", "participatie"];
const WETHOUDERS = ["Toeter", "De Vries", "Bakker", "Visser", "Mulder", "Van den Berg", "Kok"];
const CARE_FORMS = [
  "Dyslexie: diagnostiek en behandeling",
  "Behandeling jeugd-GGZ",
  "Ondertoezichtstelling",
  "Ambulante begeleiding",
  "Pleegzorg",
  "Verblijf in een gezinshuis",
  "Gezinsopname",
  "JeugdzorgPlus",
  "Dagbehandeling",
  "Logeeropvang",
];
const INCOME = ["Integratie-uitkering sociaal domein", "Algemene uitkering, taakmiddelen", "Rijkscompensatie", "Extra middelen Rijk", "Eigen bijdragen"];
const SPENDING = ["Formatie en algemene kosten", "Algemene voorzieningen", "Individuele voorzieningen", "Inkoop regionaal", "Toegang en wijkteams", "Preventie"];
const SECTIONS = ["Ontwikkelingen", "Wat wij doen", "Regionale samenwerking", "Toegang", "Inkoop", "Risico's", "Vervolg", "Kwaliteit van de hulp", "Personeel bij aanbieders"];
const SENTENCES = [
  "In {Y} kregen {N} inwoners van {G} ondersteuning bij {O}.",
  "De uitgaven aan {O} kwamen in {Y} uit op {B}.",
  "Dat is meer dan in {P}, vooral door een grotere vraag naar zwaardere vormen van hulp.",
  "Het college volgt deze ontwikkeling nauwgezet en stuurt bij waar dat nodig is.",
  "Op {D} is de nieuwe werkwijze ingegaan.",
  "De regio verwacht voor {O} een tekort van ongeveer {B}.",
  "Wij bespreken de cijfers ieder kwartaal met de aanbieders en met de toegang.",
  "De wachttijd voor een eerste gesprek is teruggebracht tot {N} dagen.",
  "Voor {N} jeugdigen is een nieuw ondersteuningsplan opgesteld.",
  "De raad ontvangt in het volgende kwartaal een nieuwe rapportage.",
  "De cijfers in deze notitie zijn voorbeelddata: ze laten alleen zien hoe nota werkt.",
  "Een deel van de stijging komt door de indexatie van de tarieven.",
  "Het Rijk stelt in {Y} extra middelen beschikbaar; voor {G} gaat het om {B}.",
  "Het wijkteam heeft {N} aanvragen zelf afgehandeld, zonder verwijzing naar specialistische hulp.",
  "Aanbieders melden dat het moeilijk blijft om voldoende personeel te vinden.",
  "Wij verwachten dat de uitgaven de komende jaren stabiliseren, maar de onzekerheid is groot.",
  "Samen met de andere gemeenten in de regio maken wij afspraken over reële tarieven.",
  "De prognose is gebaseerd op de declaraties tot en met {D}.",
  "Het verschil met de begroting bedraagt {B}.",
  "Het aantal lopende trajecten daalde in de zomer licht, zoals ieder jaar.",
  "Wij zetten in op preventie, zodat minder inwoners zware hulp nodig hebben.",
  "Over {O} zijn met {N} aanbieders resultaatafspraken gemaakt.",
  "Een extern bureau heeft de aanpak geëvalueerd; de adviesraad sociaal domein heeft de uitkomsten besproken.",
  "Vanaf {D} geldt een nieuw afwegingskader voor de toegang.",
  "Ouders en jongeren denken mee over de uitwerking in een klankbordgroep.",
  "Doordat er nog {N} productcodes over zijn, nemen de administratieve lasten voor aanbieders af.",
];
const LIST_ITEMS = [
  "scherper toewijzen: geen zwaardere hulp dan nodig",
  "een vaste contactpersoon op iedere school",
  "contracten met een looptijd van ten hoogste acht jaar",
  "tarieven per tariefgroep in plaats van per product",
  "wonen en verblijf los van de ambulante hulp",
  "meer sturing op kwaliteit bij de start van een contract",
  "een lerende aanpak met de huisartsen",
  "maandelijkse monitoring van de caseload",
];

/**
 * Writes a synthetic archive of `count` notes to `root`: the repo's four profiles and chart specs,
 * per note its datasets (voorbeelddata) and an MDX note that uses charts, tables and key figures.
 * Notes cycle over gemeenten, then years, then kinds, so any prefix of them is a varied sample.
 */
export async function generateArchive(repo: string, root: string, count: number, seed = 7): Promise<SyntheticArchive> {
  const random = prng(seed);
  await mkdir(join(root, "templates/charts"), { recursive: true });
  for (const spec of (await readdir(join(repo, "templates/charts"))).filter((f) => f.endsWith(".vl.json"))) {
    await copyFile(join(repo, "templates/charts", spec), join(root, "templates/charts", spec));
  }
  const profiles = new Map<string, { naam: string; burgemeester: string; secretaris: string; scale: number }>();
  for (const entry of (await readdir(join(repo, "data"), { withFileTypes: true })).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const text = await readFile(join(repo, "data", entry.name, "profiel.json"), "utf8").catch(() => undefined);
    if (text === undefined) continue;
    await mkdir(join(root, "data", entry.name), { recursive: true });
    await writeFile(join(root, "data", entry.name, "profiel.json"), text);
    const profile = JSON.parse(text) as { naam: string; ondertekenaars: { burgemeester: { naam: string }; secretaris: { naam: string } } };
    profiles.set(entry.name, { naam: profile.naam, burgemeester: profile.ondertekenaars.burgemeester.naam, secretaris: profile.ondertekenaars.secretaris.naam, scale: random.int(5, 40) / 10 });
  }
  const gemeenten = [...profiles.keys()];
  const archive: SyntheticArchive = { root, notes: [], datasets: new Map(), profiles };
  const perGemeente = new Map<string, SyntheticNote[]>(gemeenten.map((g) => [g, []]));
  const slugs = new Set<string>();
  for (let i = 0; i < count; i++) {
    const gemeente = gemeenten[i % gemeenten.length]!;
    const j = Math.floor(i / gemeenten.length);
    const slot = Math.floor(j / YEARS);
    const earlier = perGemeente.get(gemeente)!;
    const note = makeNote(random, {
      gemeente,
      profile: profiles.get(gemeente)!,
      year: FIRST_YEAR + (j % YEARS),
      kind: KINDS[(j + slot) % KINDS.length]!,
      // The previous note of the gemeente: what a bijlage belongs to (never a bijlage itself), and a key figure to compare with.
      previous: earlier.at(-1),
      slugs,
      datasets: archive.datasets,
    });
    earlier.push(note);
    archive.notes.push(note);
  }
  for (const [key, dataset] of archive.datasets) {
    const [gemeente, quarter, name] = key.split("/");
    await mkdir(join(root, "data", gemeente!, quarter!), { recursive: true });
    const labelled = { ...dataset, bron: "Synthetische data voor de benchmark van nota (bench/generate.ts).", voorbeelddata: true };
    await writeFile(join(root, "data", gemeente!, quarter!, `${name}.json`), `${JSON.stringify(labelled, null, 2)}\n`);
  }
  for (const note of archive.notes) {
    await mkdir(join(root, "content", note.gemeente, note.year), { recursive: true });
    await writeFile(notePath(archive, note), toMdx(note));
  }
  return archive;
}

export function notePath(archive: SyntheticArchive, note: SyntheticNote): string {
  return join(archive.root, "content", note.gemeente, note.year, `${note.slug}.mdx`);
}

interface NotePlan {
  gemeente: string;
  profile: { naam: string; burgemeester: string; secretaris: string; scale: number };
  year: number;
  kind: (typeof KINDS)[number];
  previous: SyntheticNote | undefined;
  slugs: Set<string>;
  datasets: Map<string, SyntheticDataset>;
}

function makeNote(random: Random, plan: NotePlan): SyntheticNote {
  const { gemeente, profile, year, kind } = plan;
  const topic = random.pick(TOPICS);
  const month = random.int(1, 12);
  const q = Math.ceil(month / 3);
  const quarter = `${year}-Q${q}`;
  const datum = `${year}-${pad(month)}-${pad(random.int(1, 28))}`;
  const titel =
    kind === "bijlage"
      ? `Cijferbijlage bij ${plan.previous!.frontmatter.titel}`
      : `${random.pick(TITLES[kind])} ${topic}, ${q}e kwartaal ${year}`.replace(/^./, (c) => c.toUpperCase());
  let slug = slugify(titel);
  for (let n = 2; plan.slugs.has(`${gemeente}/${year}/${slug}`); n++) slug = `${slugify(titel)}-${n}`;
  plan.slugs.add(`${gemeente}/${year}/${slug}`);

  const key = (name: string) => `${gemeente}/${quarter}/${slug}-${name}`;
  const add = (name: string, dataset: SyntheticDataset) => {
    plan.datasets.set(key(name), dataset);
    return key(name);
  };
  const scale = profile.scale * (1 + (year - FIRST_YEAR) * 0.04);
  const text: TextContext = { random, gemeente: profile.naam, topic, year };

  const clientData = clientSeries(random, scale, year, q, topic);
  const clients = add("clienten", clientData);
  const lastClients = clientData.rijen.at(-1)!.clienten as number;
  const budget = budgetTable(random, scale, year, topic);
  add("begroting", budget);
  const spendingForecast = budget.groepen[1]!.totaal!.waarden.prognose!;
  const figures = add("kerncijfers", {
    type: "kerncijfers",
    titel: `Kerncijfers ${topic}, ${q}e kwartaal ${year}`,
    eenheid: "aantal",
    cijfers: [
      { id: "clienten", label: `Inwoners met een lopend traject ${topic}`, waarde: lastClients, eenheid: "cliënten", peildatum: `${year}-${pad(q * 3)}-01` },
      { id: "uitgaven", label: `Verwachte uitgaven ${topic} ${year}`, waarde: spendingForecast, eenheid: "euro" },
      { id: "aanbieders", label: "Gecontracteerde aanbieders", waarde: random.int(20, 160), eenheid: "aanbieders" },
      { id: "tevredenheid", label: "Cliënten die tevreden zijn over de hulp", waarde: random.int(68, 93), eenheid: "procent" },
    ],
  });

  const blocks: Block[] = [
    { type: "heading", text: "Aanleiding" },
    ...paragraphs(text, random.int(1, 2)),
    { type: "heading", text: `Inwoners met ${topic}` },
    { type: "figure", dataset: figures, id: "clienten" },
    ...paragraphs(text, 1),
    { type: "chart", spec: "lijn-jaarvergelijking", dataset: clients, title: `Inwoners met ${topic} per maand, ${year - 1} en ${year}` },
    ...paragraphs(text, 1),
  ];
  if (plan.previous) {
    const { gemeente: g, quarter: earlier, slug: s } = plan.previous;
    blocks.push({ type: "paragraph", parts: ["Ter vergelijking het cijfer uit de vorige notitie:"] }, { type: "figure", dataset: `${g}/${earlier}/${s}-kerncijfers`, id: "clienten" });
  }
  blocks.push(
    { type: "heading", text: "Financiën" },
    { type: "figure", dataset: figures, id: "uitgaven" },
    ...paragraphs(text, 1),
    { type: "table", dataset: key("begroting") },
    ...paragraphs(text, 1),
  );
  const everything = kind === "presentatie";
  if (everything || random.chance(0.7)) {
    const spending = add("uitgaven", yearSeries(random, year, 7, "euro", `Uitgaven ${topic}`, Math.round(scale * 4_000) * 1000, 0.08));
    blocks.push({ type: "chart", spec: "staaf-per-jaar-euro", dataset: spending, title: `Uitgaven ${topic} ${year - 6}-${year}` }, ...paragraphs(text, 1));
  }
  if (everything || random.chance(0.6)) {
    const costs = add("kosten", costTable(random, topic));
    blocks.push({ type: "heading", text: "Kosten per traject" }, ...paragraphs(text, 1), { type: "chart", spec: "staaf-horizontaal-rij", dataset: costs, title: `Kosten van één traject ${topic} per zorgvorm` });
    if (random.chance(0.5)) blocks.push({ type: "table", dataset: costs });
  }
  if (everything || random.chance(0.5)) {
    const groups = add("per-onderdeel", groupedSeries(random, scale, year));
    blocks.push({ type: "heading", text: "Jeugdigen per onderdeel" }, { type: "chart", spec: "staaf-gegroepeerd", dataset: groups, title: `Jeugdigen per onderdeel, ${year - 4}-${year}` }, ...paragraphs(text, 1));
  }
  if (everything || random.chance(0.4)) {
    const providers = add("aanbieders", yearSeries(random, year, 6, "aanbieders", "Gecontracteerde aanbieders", random.int(20, 120), 0.1));
    blocks.push({ type: "chart", spec: "staaf-per-jaar", dataset: providers, title: `Gecontracteerde aanbieders ${year - 5}-${year}` }, ...paragraphs(text, 1));
  }
  for (const section of random.some(SECTIONS, random.int(2, 4))) {
    blocks.push({ type: "heading", text: section }, ...paragraphs(text, random.int(1, 3)));
    if (random.chance(0.3)) blocks.push({ type: "list", items: random.some(LIST_ITEMS, random.int(3, 5)).map((item) => [item.replace(/^./, (c) => c.toUpperCase()) + "."]) });
  }
  if (random.chance(0.3)) blocks.push({ type: "kader", title: "Wat dit betekent voor inwoners", paragraphs: [sentences(text), sentences(text)] });
  const footnotes: string[] = [];
  // A deck has no footnotes (src/content/slides.ts); the draw stays, so the other notes stay the same.
  if (random.chance(0.4) && kind !== "presentatie") {
    footnotes.push(`Bron: eigen registratie van de gemeente ${profile.naam}, ${q}e kwartaal ${year}.`);
    const target = blocks.findLast((b) => b.type === "paragraph") as { parts: Inline[] };
    target.parts.push({ voetnoot: 1 });
  }

  const frontmatter: SyntheticNote["frontmatter"] = {
    soort: kind,
    titel,
    datum,
    kwartaal: quarter,
    onderwerpen: [topic, ...random.some(["financiën", "inkoop", "sturingsinformatie", "transformatie", "regio"], random.int(1, 2))],
    kenmerk: `${profile.naam.slice(0, 2).toUpperCase()}-${year}-${pad(random.int(1, 9999), 4)}`,
    portefeuillehouder: `wethouder ${random.pick(WETHOUDERS)}`,
    status: kind === "presentatie" ? "gepubliceerd" : "verzonden",
  };
  if (kind !== "bijlage") frontmatter.aan = `de gemeenteraad van ${profile.naam}`;
  const summary = `In het ${q}e kwartaal van ${year} hadden ${lastClients} inwoners van ${profile.naam} een lopend traject ${topic}. De verwachte uitgaven voor ${year} zijn ${formatEuro(Math.round(spendingForecast))}.`;
  if (kind === "memo") {
    frontmatter.kernboodschap = summary;
    frontmatter.reeks = `${slugify(topic)}-sturingsinformatie`;
  } else if (kind === "bijlage") {
    frontmatter.bij = `${plan.previous!.year}/${plan.previous!.slug}`;
  } else {
    frontmatter.samenvatting = summary;
  }
  if (kind === "informatienota") {
    frontmatter.paragrafen = { consequenties: "De financiële verwerking volgt in de reguliere planning- en controlcyclus.", communicatie: "Niet van toepassing.", vervolg: "De raad ontvangt het volgende kwartaal een nieuwe rapportage." };
    if (random.chance(0.5)) {
      frontmatter.status = "vastgesteld";
      frontmatter.besluit = {
        datum,
        aanwezig: [`${profile.burgemeester}, burgemeester`, ...random.some(WETHOUDERS, 3).map((n) => `${n}, wethouder`), `${profile.secretaris}, secretaris`],
        beslispunten: [`Het college stelt de informatienota ${titel} vast en stuurt haar ter informatie naar de gemeenteraad.`],
      };
    }
  }
  return { gemeente, year: String(year), slug, quarter, frontmatter, blocks: kind === "presentatie" ? asSlides(blocks) : blocks, footnotes };
}

/** A deck's body: each block on a slide of its own, under its section's heading, so every slide fits. */
function asSlides(blocks: Block[]): Block[] {
  let heading = "";
  let count = 0;
  return blocks.flatMap((block): Block[] => {
    if (block.type === "heading") {
      heading = block.text;
      count = 0;
      return [];
    }
    count++;
    return [{ type: "heading", text: count === 1 ? heading : `${heading} (${count})` }, block];
  });
}


interface TextContext {
  random: Random;
  gemeente: string;
  topic: string;
  year: number;
}

function paragraphs(text: TextContext, count: number): Block[] {
  return Array.from({ length: count }, () => ({ type: "paragraph", parts: sentences(text) }));
}

function sentences(text: TextContext): Inline[] {
  return text.random.some(SENTENCES, text.random.int(3, 5)).flatMap((s, i) => [...(i > 0 ? [" "] : []), ...fill(text, s)]);
}

/** Fills a sentence's slots: {G} gemeente, {O} topic, {Y}/{P} year and the year before; {N}, {B}, {D} become Getal, Bedrag, Datum. */
function fill({ random, gemeente, topic, year }: TextContext, sentence: string): Inline[] {
  return sentence
    .split(/(\{[A-Z]\})/)
    .filter((part) => part !== "")
    .map((part): Inline => {
      switch (part) {
        case "{G}": return gemeente;
        case "{O}": return topic;
        case "{Y}": return String(year);
        case "{P}": return String(year - 1);
        case "{N}": return { getal: random.int(3, 900) };
        case "{B}": return { bedrag: random.chance(0.2) ? random.int(100_000, 9_999_999) / 100 : random.int(10, 5_000) * 1000 };
        case "{D}": return { datum: `${year}-${pad(random.int(1, 12))}-01` };
        default: return part;
      }
    });
}

function clientSeries(random: Random, scale: number, year: number, q: number, topic: string): TimeSeries {
  const rijen: Record<string, number>[] = [];
  let value = Math.round(scale * 120);
  for (const y of [year - 1, year]) {
    for (let maand = 1; maand <= (y === year ? q * 3 : 12); maand++) {
      value = Math.max(10, value + random.int(-8, 12));
      rijen.push({ maand, jaar: y, clienten: value });
    }
  }
  return {
    type: "tijdreeks",
    titel: `Inwoners met ${topic}, ${year - 1} en ${year}`,
    eenheid: "cliënten",
    kolommen: { maand: "Maand", jaar: "Jaar", clienten: "Inwoners met een lopend traject" },
    x: "maand",
    y: "clienten",
    reeks: "jaar",
    rijen,
  };
}

function yearSeries(random: Random, year: number, years: number, eenheid: TimeSeries["eenheid"], titel: string, start: number, spread: number): TimeSeries {
  let value = start;
  const rijen = Array.from({ length: years }, (_, i) => {
    if (i > 0) value = Math.round(value * (1 + (random.int(-30, 100) / 100) * spread));
    return { jaar: year - years + 1 + i, waarde: eenheid === "euro" ? Math.round(value / 1000) * 1000 : value };
  });
  return { type: "tijdreeks", titel: `${titel}, ${year - years + 1}-${year}`, eenheid, kolommen: { jaar: "Jaar", waarde: titel }, x: "jaar", y: "waarde", rijen };
}

function groupedSeries(random: Random, scale: number, year: number): TimeSeries {
  const rijen = [];
  for (let jaar = year - 4; jaar <= year; jaar++) {
    for (const [reeks, share] of [["Ambulant", 80], ["Verblijf", 14], ["Crisis", 6]] as const) rijen.push({ jaar, reeks, waarde: Math.round(scale * share * random.int(80, 120) / 10) });
  }
  return {
    type: "tijdreeks",
    titel: `Jeugdigen per onderdeel, ${year - 4}-${year}`,
    eenheid: "jeugdigen",
    kolommen: { jaar: "Jaar", reeks: "Onderdeel", waarde: "Jeugdigen" },
    x: "jaar",
    y: "waarde",
    reeks: "reeks",
    rijen,
  };
}

function costTable(random: Random, topic: string): Table {
  const rows = random.some(CARE_FORMS, random.int(4, 8)).map((label) => ({ label, waarden: { bedrag: random.int(300_000, 18_000_000) / 100 } }));
  return { type: "tabel", titel: `Kosten van één traject ${topic} per zorgvorm`, eenheid: "euro", kolommen: [{ id: "bedrag", label: "Kosten per traject" }], groepen: [{ rijen: rows }] };
}

/**
 * Begroting, prognose and their difference for income and spending, with group totals and a
 * closing balance that add up the way `nota check` verifies them (whole euros, so sums are exact).
 */
function budgetTable(random: Random, scale: number, year: number, topic: string): Table {
  const group = (labels: string[], income: boolean, size: number) => {
    const rijen = labels.map((label) => {
      const begroting = random.int(Math.round(size / 4), size) * 1000;
      const prognose = random.chance(0.3) ? begroting : begroting + random.int(-80, 120) * 1000;
      return { label, waarden: { begroting, prognose, saldo: income ? prognose - begroting : begroting - prognose } };
    });
    const sum = (id: "begroting" | "prognose") => rijen.reduce((total, row) => total + row.waarden[id], 0);
    const [begroting, prognose] = [sum("begroting"), sum("prognose")];
    return { rijen, totaal: { begroting, prognose, saldo: income ? prognose - begroting : begroting - prognose } };
  };
  const size = Math.round(scale * 1500);
  const income = group(random.some(INCOME, random.int(2, 4)), true, size);
  const spending = group(random.some(SPENDING, random.int(3, 5)), false, size);
  const begroting = income.totaal.begroting - spending.totaal.begroting;
  const prognose = income.totaal.prognose - spending.totaal.prognose;
  return {
    type: "tabel",
    titel: `Begroting en prognose ${topic} ${year}`,
    eenheid: "euro",
    kolommen: [
      { id: "begroting", label: `Begroting ${year}` },
      { id: "prognose", label: `Prognose ${year}` },
      { id: "saldo", label: "Voordeel (+) / nadeel (−)", verschil: ["begroting", "prognose"] },
    ],
    groepen: [
      { label: "Inkomsten", soort: "baten", rijen: income.rijen, totaal: { label: "Totaal inkomsten", waarden: income.totaal } },
      { label: "Uitgaven", soort: "lasten", rijen: spending.rijen, totaal: { label: "Totaal uitgaven", waarden: spending.totaal } },
    ],
    saldo: { label: "Saldo", van: "Inkomsten", min: "Uitgaven", waarden: { begroting, prognose, saldo: prognose - begroting } },
  };
}

/** The note as MDX: frontmatter (JSON values are valid YAML) and a body with nota's components. */
function toMdx(note: SyntheticNote): string {
  const ref = (key: string) => {
    const [, quarter, name] = key.split("/");
    return quarter === note.quarter ? name! : `${quarter}/${name}`;
  };
  const inline = (parts: Inline[]) =>
    parts
      .map((part) => {
        if (typeof part === "string") return part;
        if ("bedrag" in part) return `<Bedrag waarde="${Number.isInteger(part.bedrag) ? part.bedrag : part.bedrag.toFixed(2)}" />`;
        if ("getal" in part) return `<Getal waarde="${part.getal}" />`;
        if ("datum" in part) return `<Datum waarde="${part.datum}" />`;
        return `[^${part.voetnoot}]`;
      })
      .join("");
  const body = note.blocks.map((block) => {
    switch (block.type) {
      case "heading": return `## ${block.text}`;
      case "paragraph": return inline(block.parts);
      case "list": return block.items.map((item) => `- ${inline(item)}`).join("\n");
      case "chart": return `<Grafiek grafiek="${block.spec}" data="${ref(block.dataset)}" titel="${block.title}" />`;
      case "table": return `<Tabel data="${ref(block.dataset)}" />`;
      case "figure": return `<Kerncijfer data="${ref(block.dataset)}" cijfer="${block.id}" />`;
      case "kader": return `<Kader titel="${block.title}">\n\n${block.paragraphs.map(inline).join("\n\n")}\n\n</Kader>`;
    }
  });
  const frontmatter = Object.entries(note.frontmatter).map(([field, value]) => `${field}: ${JSON.stringify(value)}`);
  const footnotes = note.footnotes.map((text, i) => `[^${i + 1}]: ${text}`);
  return `---\n${frontmatter.join("\n")}\n---\n\n${[...body, ...footnotes].join("\n\n")}\n`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}
