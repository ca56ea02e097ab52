import type { Diagnostic } from "../errors.ts";
import { fieldPath } from "../errors.ts";
import { formatDate, formatMonth } from "../format/dutch.ts";
import { locate } from "../json.ts";
import type { Made, ImportTarget } from "./from-grid.ts";
import type { Place } from "./grid.ts";
import type { CbsMapping } from "./mapping.ts";

/**
 * CBS StatLine responses (OData v3 `TypedDataSet`, `Perioden`, `DataProperties`; OData v4
 * `Observations`, `PeriodenCodes`, `MeasureCodes`) as a time series per period for one gemeente,
 * each period marked voorlopig, nader voorlopig or definitief as CBS says.
 */
const ORIGIN = "nota:import";

/** A saved response or one fetched with `--online`: where it came from and its text. */
export interface CbsText {
  file: string;
  text: string;
}

type Kind = "data" | "perioden" | "eigenschappen";
interface Response {
  file: string;
  text: string;
  version: 3 | 4;
  kind: Kind;
  table: string;
  value: Record<string, unknown>[];
}

/** The addresses `--online` fetches for a mapping's table, for this gemeente. */
export function cbsUrls(mapping: CbsMapping, cbsCode: string): string[] {
  const base = mapping.lezen.url!.replace(/\/+$/, "");
  const { regio, periode } = mapping.lezen;
  if (new URL(base).hostname === "datasets.cbs.nl") return [`${base}/Observations?$filter=${regio} eq '${cbsCode}'`, `${base}/${periode}Codes`, `${base}/MeasureCodes`];
  return [`${base}/TypedDataSet?$filter=substringof('${cbsCode}',${regio})&$format=json`, `${base}/${periode}?$format=json`, `${base}/DataProperties?$format=json`];
}

const V3_KINDS: Record<string, Kind> = { TypedDataSet: "data", DataProperties: "eigenschappen" };
const V4_KINDS: Record<string, Kind> = { Observations: "data", MeasureCodes: "eigenschappen" };

function classify(input: CbsText, mapping: CbsMapping): Response | Diagnostic {
  const at = (message: string): Diagnostic => ({ file: input.file, origin: ORIGIN, message });
  const text = input.text.replace(/^\uFEFF/, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return at("geen JSON: een CBS-antwoord sla je op zoals de OData-dienst het geeft (JSON)");
  }
  const body = json as Record<string, unknown> | null;
  const v3 = typeof body?.["odata.metadata"] === "string" ? (body["odata.metadata"] as string) : undefined;
  const v4 = typeof body?.["@odata.context"] === "string" ? (body["@odata.context"] as string) : undefined;
  const context = /\/([^/]+)\/\$metadata#(?:Cbs\.OData\.WebAPI\.)?(\w+)/.exec(v3 ?? v4 ?? "");
  if (!context || !Array.isArray(body?.value)) return at("geen CBS-antwoord (OData v3 'odata.metadata' of v4 '@odata.context' met 'value' ontbreekt)");
  const [, table, name] = context;
  const kinds = v3 ? { ...V3_KINDS, [mapping.lezen.periode]: "perioden" as const } : { ...V4_KINDS, [`${mapping.lezen.periode}Codes`]: "perioden" as const };
  const kind = kinds[name!];
  if (!kind) return at(`CBS-antwoord '${name}' wordt niet gebruikt; geef ${v3 ? `TypedDataSet, ${mapping.lezen.periode} en DataProperties` : `Observations, ${mapping.lezen.periode}Codes en MeasureCodes`}`);
  if (table!.toUpperCase() !== mapping.lezen.tabel.toUpperCase()) return at(`dit antwoord hoort bij CBS-tabel ${table}, de mapping noemt ${mapping.lezen.tabel}`);
  if (body!["odata.nextLink"] ?? body!["@odata.nextLink"]) return at("het antwoord is maar een deel van de tabel (er is een volgende pagina); filter op gemeente en zet andere dimensies vast");
  return { file: input.file, text, version: v3 ? 3 : 4, kind, table: table!, value: body!.value as Record<string, unknown>[] };
}

interface Period {
  label: string;
  begin: string;
  end: string;
}

/** `2022JJ00`, `2022HJ01`, `2022KW02`, `2022MM04` as a label and its first and last day. */
export function parsePeriod(code: string): Period | undefined {
  const match = /^(\d{4})(JJ|HJ|KW|MM)(\d{2})$/.exec(code);
  if (!match) return undefined;
  const [year, kind, n] = [Number(match[1]), match[2]!, Number(match[3])];
  const months = { JJ: [0, 12, n === 0], HJ: [(n - 1) * 6, 6, n >= 1 && n <= 2], KW: [(n - 1) * 3, 3, n >= 1 && n <= 4], MM: [n - 1, 1, n >= 1 && n <= 12] } as const;
  const [first, length, valid] = months[kind as keyof typeof months];
  if (!valid) return undefined;
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const label = kind === "JJ" ? `${year}` : kind === "HJ" ? `${year} ${n}e halfjaar` : kind === "KW" ? `${year} ${n}e kwartaal` : `${year} ${formatMonth(n)}`;
  return { label, begin: iso(new Date(Date.UTC(year, first, 1))), end: iso(new Date(Date.UTC(year, first + length, 0))) };
}

const STATUS: Record<string, string> = { voorlopig: "voorlopig", "nader voorlopig": "nader voorlopig", definitief: "definitief", revisie: "definitief" };

export function fromCbs(inputs: CbsText[], mapping: CbsMapping, target: ImportTarget): (Made & { provisional: boolean; table: string }) | Diagnostic[] {
  const problems: Diagnostic[] = [];
  const responses: Response[] = [];
  for (const input of inputs) {
    const response = classify(input, mapping);
    if ("message" in response) problems.push(response);
    else responses.push(response);
  }
  if (problems.length > 0) return problems;
  const find = (kind: Kind) => responses.find((r) => r.kind === kind);
  const data = find("data");
  const periods = find("perioden");
  const first = inputs[0]?.file ?? "";
  if (!data) return [{ file: first, origin: ORIGIN, message: "het CBS-antwoord met de cijfers (TypedDataSet of Observations) ontbreekt" }];
  if (!periods) return [{ file: data.file, origin: ORIGIN, message: `de status van de perioden (voorlopig of definitief) ontbreekt: geef ook het opgeslagen antwoord van ${data.version === 3 ? mapping.lezen.periode : `${mapping.lezen.periode}Codes`} mee` }];

  const key = data.version === 3 ? "Key" : "Identifier";
  const status = new Map(periods.value.map((p) => {
    const text = String(p.Status ?? "").trim().toLowerCase();
    return [String(p[key]).trim(), STATUS[text] ?? (text || undefined)];
  }));
  const titles = new Map((find("eigenschappen")?.value ?? []).map((p) => [String(p[key]).trim(), String(p.Title ?? "")]));
  const placeOf = (path: (string | number)[]): Place => ({ field: fieldPath(path), ...locate(data, path) });
  const problem = (path: (string | number)[], message: string): void => void problems.push({ file: data.file, origin: ORIGIN, ...placeOf(path), message });
  const { regio, periode, vast } = mapping.lezen;
  const wanted = new Map(mapping.kolommen.map((c) => [c.cbs, c.id]));

  const rows = new Map<string, { period: Period; values: Record<string, number>; origins: Map<string, Place> }>();
  const put = (code: string, column: string, value: unknown, path: (string | number)[], attribute?: unknown): void => {
    const period = parsePeriod(code);
    if (!period) return problem([...path.slice(0, 2), periode], `periode '${code}' is geen CBS-periode zoals 2022JJ00, 2022HJ01, 2022KW02 of 2022MM04`);
    if (period.end > target.quarterEnd) return problem([...path.slice(0, 2), periode], `periode ${period.label} loopt tot ${formatDate(period.end)}, na het kwartaal ${target.quarter}: importeer haar in een later kwartaal`);
    if (typeof value !== "number") return problem(path, `geen cijfer voor '${column}' in ${period.label}${attribute && attribute !== "None" ? ` (CBS: ${String(attribute)})` : " (CBS: onbekend of geheim)"}`);
    const row = rows.get(code) ?? { period, values: {} as Record<string, number>, origins: new Map<string, Place>() };
    const id = wanted.get(column)!;
    if (id in row.values) return problem(path, `${period.label} staat twee keer in het antwoord voor '${column}': zet de andere dimensies vast onder 'vast' in de mapping`);
    row.values[id] = value;
    row.origins.set(id, placeOf(path));
    rows.set(code, row);
  };

  // A response for every gemeente, or without a topic, is one problem, not one per record.
  const reported = new Set<string>();
  const once = (key: string, report: () => void) => {
    if (!reported.has(key)) report();
    reported.add(key);
  };
  data.value.forEach((record, i) => {
    const dims = (name: string) => String(record[name] ?? "").trim();
    if (Object.entries(vast).some(([dim, code]) => dims(dim) !== code)) return;
    const region = dims(regio);
    if (region !== target.cbsCode) return once(`regio ${region}`, () => problem(["value", i, regio], `regio '${region}' hoort niet bij ${target.naam} (${target.cbsCode}): filter het antwoord op de eigen gemeente`));
    if (data.version === 3) {
      for (const column of wanted.keys()) {
        if (!(column in record)) once(`onderwerp ${column}`, () => problem(["value", i], `onderwerp '${column}' uit de mapping staat niet in het antwoord`));
        else put(dims(periode), column, record[column], ["value", i, column]);
      }
    } else if (wanted.has(String(record.Measure))) put(dims(periode), String(record.Measure), record.Value, ["value", i, "Value"], record.ValueAttribute);
  });
  if (problems.length > 0) return problems;
  if (rows.size === 0) return [{ file: data.file, origin: ORIGIN, message: `geen cijfers voor ${target.naam} (${target.cbsCode}) in het antwoord` }];

  const origins = new Map<string, Place>();
  let provisional = false;
  const rijen = [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, row], r) => {
      const state = status.get(code);
      if (!state) problems.push({ file: periods.file, origin: ORIGIN, message: `de status van periode ${row.period.label} (${code}) staat er niet in` });
      if (state !== "definitief") provisional = true;
      for (const [id, place] of row.origins) origins.set(fieldPath(["rijen", r, id]), place);
      return { periode: row.period.label, begin: row.period.begin, ...row.values, status: state ?? "" };
    });
  for (const column of mapping.kolommen) if (!rijen.some((row) => column.id in row)) problem(["value"], `geen cijfers voor '${column.cbs}' in het antwoord`);
  if (problems.length > 0) return problems;
  const kolommen = { periode: "Periode", begin: "Begin van de periode", ...Object.fromEntries(mapping.kolommen.map((c) => [c.id, c.label ?? (titles.get(c.cbs) || c.cbs)])), status: "Status (CBS)" };
  const { type, titel, eenheid, bron, voorbeelddata, peildatum, y } = mapping.dataset;
  return { file: data.file, content: { type, titel, eenheid, bron, voorbeelddata, peildatum, kolommen, x: "periode", y, rijen }, origins, provisional, table: data.table };
}
