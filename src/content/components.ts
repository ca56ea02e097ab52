import { SLUG_PATTERN } from "../schema.ts";
import { datasetRefProblem, specRefProblem } from "./references.ts";

/** What an attribute's text must be; each kind returns what is wrong with a value, if anything. */
const ATTRIBUTE_KINDS = {
  tekst: (value: string) => (value.length > 300 ? "te lang (meer dan 300 tekens)" : undefined),
  dataset: datasetRefProblem,
  grafiek: specRefProblem,
  naam: (value: string) => (SLUG_PATTERN.test(value) ? undefined : `'${value}' is geen naam (kleine letters, cijfers en streepjes)`),
  getal: (value: string) => numberProblem(value),
  datum: (value: string) => dateProblem(value),
  jaNee: (value: string) => (value === "ja" || value === "nee" ? undefined : `verwacht "ja" of "nee", niet '${value}'`),
} satisfies Record<string, (value: string) => string | undefined>;

type AttributeKind = keyof typeof ATTRIBUTE_KINDS;
interface AttributeSpec {
  kind: AttributeKind;
  required?: true;
}

/**
 * The MDX components authors may use, with their attributes. `nota check` holds notes to
 * this list; the site maps each name to an Astro component of the same name.
 */
export const COMPONENTS = {
  Kerncijfer: { data: { kind: "dataset", required: true }, cijfer: { kind: "naam", required: true } },
  Grafiek: { grafiek: { kind: "grafiek", required: true }, data: { kind: "dataset", required: true }, titel: { kind: "tekst" } },
  Tabel: { data: { kind: "dataset", required: true }, titel: { kind: "tekst" } },
  Bedrag: { waarde: { kind: "getal", required: true }, centen: { kind: "jaNee" } },
  Getal: { waarde: { kind: "getal", required: true } },
  Datum: { waarde: { kind: "datum", required: true } },
  Kader: { titel: { kind: "tekst" } },
  Ondertekening: {},
  Besluit: {},
  Spreekteksten: {},
} as const satisfies Record<string, Record<string, AttributeSpec>>;

export type ComponentName = keyof typeof COMPONENTS;

export function isComponentName(name: string): name is ComponentName {
  return Object.hasOwn(COMPONENTS, name);
}

/** Components whose `data` attribute names a dataset. */
export const DATA_COMPONENTS: readonly ComponentName[] = ["Kerncijfer", "Grafiek", "Tabel"];

/** What is wrong with one attribute of a component, if anything: unknown, or not of its kind. */
export function attributeProblem(component: ComponentName, name: string, value: string): string | undefined {
  const attributes: Record<string, AttributeSpec> = COMPONENTS[component];
  const spec = Object.hasOwn(attributes, name) ? attributes[name] : undefined;
  if (!spec) return `<${component}> kent geen attribuut '${name}'`;
  const problem = ATTRIBUTE_KINDS[spec.kind](value);
  return problem && `<${component}> ${name}: ${problem}`;
}

export function requiredAttributes(component: ComponentName): string[] {
  return Object.entries(COMPONENTS[component] as Record<string, AttributeSpec>).filter(([, spec]) => spec.required).map(([name]) => name);
}

/** A number as authors write it in an attribute: `458`, `-640251`, `6961.30`; no exponents, no NaN. */
function numberProblem(value: string): string | undefined {
  if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(value)) return `'${value}' is geen getal: schrijf het als 1069000 of 6961.30 (punt voor decimalen, geen scheidingstekens)`;
  return undefined;
}

/** A real calendar date as `YYYY-MM-DD`. */
function dateProblem(value: string): string | undefined {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return `'${value}' is geen bestaande datum: schrijf JJJJ-MM-DD, zoals 2022-04-01`;
  return undefined;
}
