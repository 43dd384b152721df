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
import { formatDay } from "@/lib/format";
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
  return formatDay(now, zone);
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

/** Minutes `zone` is ahead of UTC at the instant `at` (epoch ms). */
function offsetMinutes(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * A day's first or last instant in `zone`, written with that zone's offset then
 * (`2026-12-01T00:00:00+01:00`, `2026-12-01T23:59:59.999+01:00`): the all-types list reads a bare
 * date as a UTC day, so a day cut in another zone is named by its instants.
 */
export function zonedDayEdge(day: string, edge: "from" | "to", zone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const wall = edge === "from" ? Date.UTC(y, m - 1, d) : Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  // The offset at the wall time read as UTC, then at the instant it gives: right across a change of offset.
  const offset = offsetMinutes(zone, wall - offsetMinutes(zone, wall) * 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const time = edge === "from" ? "00:00:00" : "23:59:59.999";
  return `${day}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The jobs of every type created in a range of days cut in `zone` (the trends answer's), as the
 * all-types job list filters them: bare dates in UTC, the days' edge instants in any other zone.
 */
export function jobsOfDaysHref(range: { from: string; to: string }, tz: TimeZoneChoice, zone = "UTC"): string {
  const utc = zone === "UTC" || zone === "Etc/UTC";
  const from = utc ? range.from : zonedDayEdge(range.from, "from", zone);
  const to = utc ? range.to : zonedDayEdge(range.to, "to", zone);
  return `/jobs?${withTz(new URLSearchParams({ type: "all", from, to }), tz)}`;
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
