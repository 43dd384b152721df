/**
 * The filters Klaviyo lacks, read from the job list's URL and answered by the job history:
 *
 *   type=item-create,variant-create   several types at once (a comma list; `all` is every type)
 *   from=2026-12-01&to=2026-12-07     created between two days, both included (a date alone is a
 *                                     day in UTC; the toolbar writes a local day as its first and
 *                                     last instant with the browser's offset, e.g.
 *                                     `from=2026-12-01T00:00:00+01:00`)
 *   from=2026-12-01T09:30:00Z         or any ISO time with `Z` or an offset (included)
 *   failed=1                          only jobs with a failed operation
 *   rate=25                           failure rate (failed / total operations) at least 25 %
 *   order=newest|failed|rate          newest first (the default), most failed operations first, or
 *                                     highest failure rate first, across the whole result
 *
 * Browser-safe and without zod: the toolbar, the page and the route handler share it.
 */
import { JOB_TYPES, type JobType } from "@/lib/job-types";

export const HISTORY_ORDERS = ["newest", "failed", "rate"] as const;
export type HistoryOrder = (typeof HISTORY_ORDERS)[number];

/** How each order is named on screen; each says what it covers (the whole filtered result). */
export const HISTORY_ORDER_LABELS: Record<HistoryOrder, string> = {
  newest: "Newest first",
  failed: "Most failed operations first",
  rate: "Highest failure rate first",
};

/** The filters as the URL spells them (strings, absent when not set). */
export interface HistoryFilterParams {
  from?: string;
  to?: string;
  failed?: string;
  rate?: string;
  order?: string;
}

/** The filters parsed: instants in milliseconds, `toMs` exclusive; `minRate` a fraction in (0, 1]. */
export interface HistoryFilter {
  fromMs?: number;
  toMs?: number;
  failed: boolean;
  minRate?: number;
  order: HistoryOrder;
}

export type FilterResult = { ok: true; filter: HistoryFilter } | { ok: false; param: string; message: string };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** A day's first instant in UTC, or null when the date does not exist (2026-02-30). */
function utcDay(value: string): number | null {
  const match = DATE_ONLY.exec(value);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? ms : null;
}

/** An ISO time's instant, or null unless it is a real time written with `Z` or an offset. */
function isoInstant(value: string): number | null {
  if (!DATE_TIME.test(value) || utcDay(value.slice(0, 10)) === null) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** `from` or `to` as [first instant, end] (end exclusive): a whole day for a date, one instant for a time. */
export function parseInstantRange(value: string): [number, number] | null {
  const day = utcDay(value);
  if (day !== null) return [day, day + DAY_MS];
  const instant = isoInstant(value);
  return instant === null ? null : [instant, instant + 1];
}

const DATE_HELP = "a date (2026-12-01, a day in UTC) or an ISO time with Z or an offset (2026-12-01T09:30:00+01:00)";

export function parseHistoryFilter(params: HistoryFilterParams): FilterResult {
  const filter: HistoryFilter = { failed: false, order: "newest" };
  if (params.from !== undefined) {
    const range = parseInstantRange(params.from);
    if (!range) return { ok: false, param: "from", message: `"${clip(params.from)}" is not ${DATE_HELP}` };
    filter.fromMs = range[0];
  }
  if (params.to !== undefined) {
    const range = parseInstantRange(params.to);
    if (!range) return { ok: false, param: "to", message: `"${clip(params.to)}" is not ${DATE_HELP}` };
    filter.toMs = range[1];
  }
  if (filter.fromMs !== undefined && filter.toMs !== undefined && filter.fromMs >= filter.toMs) {
    return { ok: false, param: "from", message: "is after to: the first date must come before (or be) the last" };
  }
  if (params.failed !== undefined) {
    if (params.failed !== "1")
      return { ok: false, param: "failed", message: "must be 1 (only jobs with failures) or absent" };
    filter.failed = true;
  }
  if (params.rate !== undefined) {
    const rate = /^\d{1,3}(\.\d{1,2})?$/.test(params.rate) ? Number(params.rate) : Number.NaN;
    if (!(rate > 0 && rate <= 100)) {
      return { ok: false, param: "rate", message: "must be a percentage above 0 and at most 100, e.g. rate=25" };
    }
    filter.minRate = rate / 100;
  }
  if (params.order !== undefined) {
    if (!(HISTORY_ORDERS as readonly string[]).includes(params.order)) {
      return { ok: false, param: "order", message: `must be one of ${HISTORY_ORDERS.join(", ")}` };
    }
    filter.order = params.order as HistoryOrder;
  }
  return { ok: true, filter };
}

/** Whether a view sets a filter only the job history can answer (Klaviyo filters by status only). */
export function hasHistoryFilter(params: HistoryFilterParams): boolean {
  return historyFilterCount(params) > 0;
}

/** How many of these filters a list sets (its types aside): the phone's folded toolbar says it. */
export function historyFilterCount(params: HistoryFilterParams): number {
  const order = params.order === "newest" ? undefined : params.order;
  return [params.from, params.to, params.failed, params.rate, order].filter((value) => value !== undefined).length;
}

/** A value quoted back in a message, cut short: a message never carries a page of someone's input. */
function clip(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/**
 * The types of a list's `type` value: every type for `all`, one for a slug, several for a comma list
 * (in the canonical order, each once); null when a part is not a type.
 */
export function typesOf(value: string): JobType[] | null {
  if (value === "all") return [...JOB_TYPES];
  const parts = value.split(",");
  if (parts.some((part) => !(JOB_TYPES as readonly string[]).includes(part))) return null;
  return JOB_TYPES.filter((type) => parts.includes(type));
}

/** The canonical `type` value of a set of types: a slug, a comma list, or `all` for every type. */
export function typeValue(types: readonly JobType[]): string {
  const set = JOB_TYPES.filter((type) => types.includes(type));
  return set.length === JOB_TYPES.length || set.length === 0 ? "all" : set.join(",");
}
