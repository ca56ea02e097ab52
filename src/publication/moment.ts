import { formatDate } from "../format/dutch.ts";

/**
 * Moments of publication as a griffie writes them: Dutch wall-clock time, `2026-12-15T10:00`
 * (or a date alone, `2026-12-15`, meaning midnight), always in Europe/Amsterdam.
 */
export const LOCAL_MOMENT = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?$/;

const amsterdam = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Amsterdam",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The wall-clock fields of an instant in Amsterdam. */
function wallClock(instant: Date): { date: string; time: string; asUtc: number } {
  const parts = Object.fromEntries(amsterdam.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}`;
  return { date, time, asUtc: Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) };
}

/** The instant of a Dutch wall-clock moment; undefined when the text is not one or the time does not exist. */
export function parseMoment(text: string): Date | undefined {
  const match = LOCAL_MOMENT.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h = "00", mi = "00"] = match;
  const naive = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  if (Number.isNaN(naive) || new Date(naive).getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return undefined;
  // The offset of Amsterdam at that moment (+1 or +2 hours); checked again around a clock change.
  let instant = naive;
  for (let i = 0; i < 2; i++) instant = naive - (wallClock(new Date(instant)).asUtc - instant);
  const back = wallClock(new Date(instant));
  return back.date === `${y}-${mo}-${d}` && back.time === `${h}:${mi}` ? new Date(instant) : undefined;
}

/** `2026-12-15T10:00` in Amsterdam from an instant. */
export function localMoment(instant: Date): string {
  const { date, time } = wallClock(instant);
  return `${date}T${time}`;
}

/** `15 december 2026`: the Dutch date of an instant. */
export function formatDay(instant: Date): string {
  return formatDate(wallClock(instant).date);
}

/** `15 december 2026, 10.00 uur`; midnight as the date alone. */
export function formatMoment(instant: Date): string {
  const { date, time } = wallClock(instant);
  return time === "00:00" ? formatDate(date) : `${formatDate(date)}, ${time.replace(":", ".")} uur`;
}
