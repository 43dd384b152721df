/**
 * The URL contract of trends, described once and shared by the page (server), the client view, the
 * route handler and the query keys.
 *
 *   /trends?from=2026-11-01&to=2026-11-30&tz=utc        the page (all optional: the last 30 days)
 *   /api/trends?from=2026-11-01&to=2026-11-30&zone=Europe/Berlin[&format=csv|json]
 *
 * `from` and `to` are calendar dates, both included. Days start at midnight in the view's zone: UTC
 * with `tz=utc`, otherwise the browser's own zone (the API takes it as an IANA name in `zone`, UTC
 * when absent). A range holds at most a year.
 */
import { createLoader, parseAsString } from "nuqs/server";
import { type TimeZoneChoice, timeZoneParser } from "@/lib/time-zone";

export const DEFAULT_TREND_DAYS = 30;
export const MAX_TREND_DAYS = 366;
/** Error groups charted day by day (the rest are in the export). */
export const TOP_ERROR_GROUPS = 6;

export interface TrendsQuery {
  /** YYYY-MM-DD, included */
  from: string;
  /** YYYY-MM-DD, included */
  to: string;
  /** IANA zone the days are cut in */
  zone: string;
}

const DAY_MS = 86_400_000;
const ZONE = /^(UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** An IANA zone name the browser's Intl and PostgreSQL both know (the names PostgreSQL reads are IANA's). */
export function isZone(value: string): boolean {
  if (value.length > 64 || !ZONE.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The date `days` after (or before) a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 for one day). */
export function spanDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Every date of the range, in order. */
export function daysOf(from: string, to: string): string[] {
  return Array.from({ length: Math.max(0, spanDays(from, to)) }, (_, i) => addDays(from, i));
}

/** Today's date in `zone` (YYYY-MM-DD). */
export function todayIn(zone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    now,
  );
}

/** The span of the same length just before the range: where "new" error groups were not seen. */
export function previousSpan(query: Pick<TrendsQuery, "from" | "to">): { from: string; to: string } {
  const days = spanDays(query.from, query.to);
  return { from: addDays(query.from, -days), to: addDays(query.from, -1) };
}

/** The view's zone as a link carries it (`tz=utc`; local time, the default, adds nothing). */
function withTz(params: URLSearchParams, tz: TimeZoneChoice): URLSearchParams {
  if (tz !== "local") params.set("tz", tz);
  return params;
}

/** A trends page link for a range (one day: `from` = `to`). */
export function trendsHref(range: { from: string; to: string }, tz: TimeZoneChoice): string {
  return `/trends?${withTz(new URLSearchParams({ from: range.from, to: range.to }), tz)}`;
}

/** The jobs of every type created in a range, as the all-types job list filters them by date. */
export function jobsOfDaysHref(range: { from: string; to: string }, tz: TimeZoneChoice): string {
  return `/jobs?${withTz(new URLSearchParams({ type: "all", from: range.from, to: range.to }), tz)}`;
}

/** The API's answer (or its export) for a query. */
export function trendsApiUrl(query: TrendsQuery, format?: "csv" | "json"): string {
  const params = new URLSearchParams({ from: query.from, to: query.to, zone: query.zone });
  if (format) params.set("format", format);
  return `/api/trends?${params}`;
}

export const trendsPageParsers = {
  from: parseAsString,
  to: parseAsString,
  tz: timeZoneParser,
};

export const loadTrendsPageParams = createLoader(trendsPageParsers);

/** The browser's zone as the trends page remembers it, so its first screen cuts days as the browser does. */
export const ZONE_COOKIE = "trends_zone";
