import "server-only";
/**
 * The trends URL contract parsed on the server (the page and `GET /api/trends`): see ./params for the
 * grammar. Bad input is refused with a message saying what is wrong, before the store is asked.
 */
import { type ParseResult, searchParamsRecord } from "@/lib/jobs/schemas.server";
import { addDays, DEFAULT_TREND_DAYS, isZone, MAX_TREND_DAYS, spanDays, type TrendsQuery, todayIn } from "./params";

export const TREND_FORMATS = ["csv", "json"] as const;
export type TrendFormat = (typeof TREND_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** `from`, `to` (dates) and the zone, with the defaults filled in: the last 30 days up to today in that zone. */
export function resolveTrendsRange(
  input: { from?: string | null; to?: string | null; zone: string },
  now = Date.now(),
): ParseResult<TrendsQuery> {
  const { zone } = input;
  for (const key of ["from", "to"] as const) {
    const value = input[key];
    if (value != null && !isDate(value)) {
      return { ok: false, message: `${key}: must be a date such as 2026-11-30 (got "${value.slice(0, 40)}")` };
    }
  }
  const to = input.to ?? (input.from ? maxDate(input.from, todayIn(zone, now)) : todayIn(zone, now));
  const from = input.from ?? addDays(to, -(DEFAULT_TREND_DAYS - 1));
  if (from > to) return { ok: false, message: "from: must not be after to" };
  if (spanDays(from, to) > MAX_TREND_DAYS) {
    return { ok: false, message: `to: a range holds at most ${MAX_TREND_DAYS} days (a year)` };
  }
  return { ok: true, data: { from, to, zone } };
}

const maxDate = (a: string, b: string) => (a > b ? a : b);

/** `GET /api/trends?from=&to=&zone=&format=`: every parameter optional, nothing else allowed. */
export function parseTrendsApiQuery(
  params: URLSearchParams,
  now = Date.now(),
): ParseResult<{ query: TrendsQuery; format: TrendFormat | null }> {
  const record = searchParamsRecord(params);
  if (!record.ok) return record;
  const { from, to, zone = "UTC", format, ...rest } = record.data;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) return { ok: false, message: `unknown parameter ${unknown.map((k) => `"${k}"`).join(", ")}` };
  if (!isZone(zone)) return { ok: false, message: "zone: must be an IANA time zone such as Europe/Berlin, or UTC" };
  let chosen: TrendFormat | null = null;
  if (format !== undefined) {
    const match = TREND_FORMATS.find((f) => f === format);
    if (!match) return { ok: false, message: `format: must be one of ${TREND_FORMATS.join(", ")}` };
    chosen = match;
  }
  const range = resolveTrendsRange({ from, to, zone }, now);
  return range.ok ? { ok: true, data: { query: range.data, format: chosen } } : range;
}
