/** Dutch number, amount and date formatting, as a griffie writes them: 1.069.000, € 6.961,30, 1 april 2022. */
const integer = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 2 });
const euroCents = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR" });
const euroWhole = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
const longDate = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const monthName = new Intl.DateTimeFormat("nl-NL", { month: "long", timeZone: "UTC" });
const amsterdamDate = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Amsterdam" });
const amsterdamTime = new Intl.DateTimeFormat("nl-NL", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
const amsterdamOffset = new Intl.DateTimeFormat("en", { timeZone: "Europe/Amsterdam", timeZoneName: "longOffset" });

export function formatNumber(value: number, decimals?: number): string {
  if (decimals !== undefined) {
    return new Intl.NumberFormat("nl-NL", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
  }
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

/** `€ 6.961,30`; whole euros drop the cents unless `cents` is asked for. */
export function formatEuro(value: number, cents = !Number.isInteger(value)): string {
  return (cents ? euroCents : euroWhole).format(value).replace(/\u00a0/g, " ");
}

export function formatPercent(value: number): string {
  return `${decimal.format(value)}%`;
}

/** Formats a value in the unit a dataset declares. */
export function formatValue(value: number, unit: string): string {
  if (unit === "euro") return formatEuro(value);
  if (unit === "procent") return formatPercent(value);
  return formatNumber(value);
}

/** `1 april 2022` from a `YYYY-MM-DD` string or a Date. */
export function formatDate(value: string | Date): string {
  return longDate.format(toDate(value));
}

/** `26 november 2026 om 13:05`, in Dutch time. */
export function formatDateTime(value: string | Date): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return `${amsterdamDate.format(date)} om ${amsterdamTime.format(date)}`;
}

export function formatMonth(month: number): string {
  return monthName.format(new Date(Date.UTC(2000, month - 1, 1)));
}

/** `2022-Q2` → `2e kwartaal 2022`. */
export function formatQuarter(quarter: string): string {
  const [year, q] = quarter.split("-Q");
  return `${q}e kwartaal ${year}`;
}

/** Midnight of a `YYYY-MM-DD` date in Dutch time, as xs:dateTime / RFC 3339: `2022-06-09T00:00:00+02:00`. */
export function dutchMidnight(date: string): string {
  // At 00:00 UTC the Dutch offset equals the one at Dutch midnight: clocks change at 01:00 UTC.
  const zone = amsterdamOffset.formatToParts(toDate(date)).find((part) => part.type === "timeZoneName")!.value;
  return `${date}T00:00:00${zone.replace("GMT", "") || "Z"}`;
}

export function toDate(value: string | Date): Date {
  return value instanceof Date ? value : new Date(`${value}T00:00:00Z`);
}

/** A byte count as a reader sees it: `84 kB`, `1,2 MB`. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} kB`;
  return `${decimal.format(Math.round(bytes / 100_000) / 10)} MB`;
}
