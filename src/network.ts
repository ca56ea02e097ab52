// nota's network policy, in one place: no request leaves the build except to a configured
// time-stamp service, and none leaves `nota import --online` except to the CBS table its mapping names. Loaders refuse addresses on their own (charts, images, the browser);
// this guard on `fetch` is the line behind them, in nota's process and in Astro's.

const original = globalThis.fetch;
const allowed = new Set<string>();

/** Lets `fetch` reach exactly this address (a gemeente's time-stamp service, a mapping's CBS table). */
export function allowRequestsTo(url: string): void {
  allowed.add(new URL(url).href);
}

/** From now on `fetch` refuses every address that was not allowed. */
export function refuseOtherRequests(): void {
  globalThis.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!allowed.has(url.href)) return Promise.reject(new Error(`nota maakt geen verbinding met ${url.href}: alleen de ingestelde tijdstempeldienst en de CBS-tabel uit een importmapping zijn toegestaan`));
    return original(input, init);
  };
}
