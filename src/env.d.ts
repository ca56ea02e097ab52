/// <reference types="astro/client" />

// tsc reads .ts only; .astro files are checked by Astro's compiler when the site is built.
declare module "*.astro" {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
