/** Number, time and duration formatting shared by every view. Pure functions: the caller passes `now`. */

export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, (part / total) * 100));
}

export function formatPercent(part: number, total: number): string {
  const value = percent(part, total);
  if (value > 0 && value < 1) return "<1%";
  if (value > 99 && value < 100) return ">99%";
  return `${Math.round(value)}%`;
}

/*
 * Counts, relative times and UTC times are formatted by hand, in the exact words of Intl's English
 * (format.test.ts compares them over wide ranges). The first Intl formatter a browser tab builds
 * costs 40-60 ms (its locale data loads), and a page formats these while it hydrates; only a time in
 * the browser's own zone still needs Intl, and it is shown after hydration. Intl formatters that are
 * used are built once: building one costs about ten times as much as using it.
 */

/** "1,234,567" (en-US grouping) */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString("en-US");
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return value < 0 ? `-${digits}` : digits;
}

/** "1h 4m", "3m 12s", "45s", "0s" */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const seconds = Math.round(ms / 1000);
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m ${s}s` : `${m}m`;
  return `${s}s`;
}

type RelativeUnit = "year" | "month" | "day" | "hour" | "minute" | "second";

const UNITS: [RelativeUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" })'s words for each unit. */
const RELATIVE_WORDS: Record<RelativeUnit, { unit: string; zero: string; last?: string; next?: string }> = {
  year: { unit: "yr.", zero: "this yr.", last: "last yr.", next: "next yr." },
  month: { unit: "mo.", zero: "this mo.", last: "last mo.", next: "next mo." },
  day: { unit: "days", zero: "today", last: "yesterday", next: "tomorrow" },
  hour: { unit: "hr.", zero: "this hour" },
  minute: { unit: "min.", zero: "this minute" },
  second: { unit: "sec.", zero: "now" },
};

/** `value` whole `unit`s from now, as Intl's short English says it: "3 min. ago", "in 2 days", "yesterday". */
export function formatRelativeUnits(value: number, unit: RelativeUnit): string {
  const words = RELATIVE_WORDS[unit];
  if (value === 0) return words.zero;
  if (value === -1 && words.last) return words.last;
  if (value === 1 && words.next) return words.next;
  const count = formatCount(Math.abs(value));
  return value < 0 ? `${count} ${words.unit} ago` : `in ${count} ${words.unit}`;
}

/** "3 min. ago", "in 2 days", "now" */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  if (!Number.isFinite(diff)) return "—";
  if (Math.abs(diff) < 5000) return "now";
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === "second") {
      return formatRelativeUnits(Math.round(diff / size), unit);
    }
  }
  return "—";
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * Orders strings by code unit, the same everywhere. Ids, types and error codes are ASCII, and
 * localeCompare's first call builds a collator: a long pause on a phone while a page hydrates.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The date (YYYY-MM-DD) `ms` falls on in `timeZone` (undefined: the browser's zone). */
export function formatDay(ms: number, timeZone: string | undefined): string {
  const date = new Date(ms);
  if (timeZone === "UTC") return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  // The browser's own zone needs no Intl formatter, whose first use is slow on a phone.
  if (timeZone === undefined) return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return dayFormat(timeZone).format(ms);
}

/** One Intl formatter per zone, built on first use (undefined: the browser's zone). */
function formatterPerZone(
  locale: string,
  options: Intl.DateTimeFormatOptions,
): (timeZone: string | undefined) => Intl.DateTimeFormat {
  const built = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    const key = timeZone ?? "";
    let format = built.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      built.set(key, format);
    }
    return format;
  };
}

const dayFormat = formatterPerZone("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" });
const clockFormat = formatterPerZone("en-GB", { hour: "2-digit", minute: "2-digit" });
const clockSecondsFormat = formatterPerZone("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

/**
 * "14:05" (or "14:05:09" with `seconds`), 24-hour, in `timeZone` (undefined: the browser's zone), as
 * Intl's en-GB says it.
 */
export function formatClock(ms: number, timeZone: string | undefined, { seconds = false } = {}): string {
  if (timeZone === "UTC") {
    const date = new Date(ms);
    const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`;
    return seconds ? `${clock}:${two(date.getUTCSeconds())}` : clock;
  }
  return (seconds ? clockSecondsFormat : clockFormat)(timeZone).format(ms);
}

const exactFormat = formatterPerZone("en-CA", {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
  timeZoneName: "short",
});

/** formatExact through Intl, for any zone; formatExact's own UTC path must say the same (format.test.ts). */
export function formatExactWithIntl(date: Date, timeZone: string | undefined): string {
  const parts = exactFormat(timeZone).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = get("hour") === "24" ? "00" : get("hour");
  return `${get("year")}-${get("month")}-${get("day")} ${hour}:${get("minute")}:${get("second")} ${get("timeZoneName")}`;
}

/** Exact time, e.g. "2026-11-28 14:03:11 UTC"; `timeZone` undefined means the browser's zone. */
export function formatExact(iso: string, timeZone: string | undefined): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  if (timeZone === "UTC") {
    return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC`;
  }
  return formatExactWithIntl(date, timeZone);
}
