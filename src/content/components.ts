/**
 * The MDX components authors may use, with their attributes. `nota check` holds notes to
 * this list; the site maps each name to an Astro component of the same name.
 */
export const COMPONENTS = {
  Kerncijfer: { required: ["data", "cijfer"], optional: [] },
  Grafiek: { required: ["grafiek", "data"], optional: ["titel"] },
  Tabel: { required: ["data"], optional: ["titel"] },
  Bedrag: { required: ["waarde"], optional: ["centen"] },
  Getal: { required: ["waarde"], optional: [] },
  Datum: { required: ["waarde"], optional: [] },
  Kader: { required: [], optional: ["titel"] },
  Ondertekening: { required: [], optional: [] },
  Besluit: { required: [], optional: [] },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;

export type ComponentName = keyof typeof COMPONENTS;

export function isComponentName(name: string): name is ComponentName {
  return Object.hasOwn(COMPONENTS, name);
}

/** Components whose `data` attribute names a dataset. */
export const DATA_COMPONENTS: readonly ComponentName[] = ["Kerncijfer", "Grafiek", "Tabel"];
