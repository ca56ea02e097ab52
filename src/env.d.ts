/// <reference types="astro/client" />

// tsc reads .ts only; .astro files are checked by Astro's compiler when the site is built.
declare module "*.astro" {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}

// vega-interpreter ships no types: it evaluates Vega expressions without generating JavaScript.
declare module "vega-interpreter" {
  export const expressionInterpreter: object;
}

// Where this build's site input and notes are (src/site/plugins/site-input.ts).
declare module "virtual:nota/site-input" {
  export const inputFile: string;
  export const contentDir: string;
  /** Glob pattern(s) of the notes whose MDX this build compiles, relative to contentDir. */
  export const notePattern: string | string[];
}
