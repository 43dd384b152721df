/**
 * The URL contract of sync runs, described once and shared by the page (server), the client views,
 * the route handler and the query keys.
 *
 *   /runs?from=2026-11-28T14:03:11Z&to=2026-11-28T14:09:52.120Z   one run (`gap` optional)
 *   /runs?window=24h&gap=10                                         recent runs (both optional)
 *
 * `from` and `to` are ISO-8601 instants (UTC `Z` or an offset, seconds or milliseconds); links
 * written by the dashboard use UTC with milliseconds only when they are not zero. They are the run's
 * first and last `created_at`, both inclusive, so a link always names the same jobs. `gap` is in
 * minutes. Epoch milliseconds were rejected: an ISO time can be read in a shared link.
 *
 * This module is what the browser needs (constants, links, the nuqs parsers); the server parses
 * with the zod schema in ./query.server and hands the views the parsed query.
 */
import { createLoader, parseAsString, parseAsStringLiteral } from "nuqs/server";
import type { ExportFormat } from "@/lib/export/export-file";
import { JOB_TYPES } from "@/lib/job-types";
import { jobListParsers } from "@/lib/jobs/list-params";
import { type TimeZoneChoice, timeZoneParser } from "@/lib/time-zone";

export const DEFAULT_GAP_MINUTES = 10;
export const MAX_GAP_MINUTES = 120;

/** How far back `/runs` looks. Capped at three days: each step back costs list pages of all nine types. */
export const RUN_WINDOWS = ["1h", "6h", "24h", "72h"] as const;
export type RunWindowChoice = (typeof RUN_WINDOWS)[number];
export const DEFAULT_RUN_WINDOW: RunWindowChoice = "24h";
export const RUN_WINDOW_MS: Readonly<Record<RunWindowChoice, number>> = {
  "1h": 3_600_000,
  "6h": 6 * 3_600_000,
  "24h": 24 * 3_600_000,
  "72h": 72 * 3_600_000,
};

/** A run longer than this is not a burst; refusing it keeps a hand-written link from paging for ever. */
export const MAX_RUN_SPAN_MS = 7 * 24 * 3_600_000;

/** The run page's job filter: `?jobs=failed` hides the jobs without a failed operation. */
export const RUN_JOB_FILTERS = ["failed"] as const;
export type RunJobFilter = (typeof RUN_JOB_FILTERS)[number];

export type RunQuery = { kind: "run"; from: number; to: number; gapMinutes: number };
export type RecentRunsQuery = { kind: "recent"; window: RunWindowChoice; gapMinutes: number };
export type RunsQuery = RunQuery | RecentRunsQuery;

/** The canonical spelling of an instant in run links: UTC, milliseconds only when present. */
export function formatRunInstant(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The file a run's error export is saved as, e.g. `run-2026-11-28T14-03-11Z-failed-entries.csv`. */
export function runExportFileName(from: number, format: ExportFormat): string {
  return `run-${formatRunInstant(from).replace(/[:.]/g, "-")}-failed-entries.${format}`;
}

/** The query string of a runs query: identical for the page link and the API call (`?` included). */
export function runsSearch(query: RunsQuery): string {
  const params = new URLSearchParams();
  if (query.kind === "run") {
    params.set("from", formatRunInstant(query.from));
    params.set("to", formatRunInstant(query.to));
  } else if (query.window !== DEFAULT_RUN_WINDOW) {
    params.set("window", query.window);
  }
  if (query.gapMinutes !== DEFAULT_GAP_MINUTES) params.set("gap", String(query.gapMinutes));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/**
 * A link of the run pages with the view's time zone kept (`tz=utc`; local time, the default, adds
 * nothing), so a run opened from a list in UTC shows its times in UTC too. Not part of `runsSearch`:
 * the zone changes no data, and the API call and query key stay the same in both.
 */
export function withTimeZone(href: string, tz: TimeZoneChoice): string {
  if (tz === "local") return href;
  return `${href}${href.includes("?") ? "&" : "?"}tz=${tz}`;
}

export function runHref(from: number, to: number, gapMinutes = DEFAULT_GAP_MINUTES, tz: TimeZoneChoice = "local") {
  return withTimeZone(`/runs${runsSearch({ kind: "run", from, to, gapMinutes })}`, tz);
}

/** The list of recent runs, in the zone of the view that links to it. */
export function runsListHref(tz: TimeZoneChoice): string {
  return withTimeZone("/runs", tz);
}

/* ---------------------------------------------------------------------------------------------
 * The page's view state (nuqs). The data-selecting part (from, to, gap, window) stays a string here
 * and goes through `runsQuerySchema` on the server (./query.server), so the page refuses exactly what
 * the route handler refuses; the views change it with a server round trip (`shallow: false`).
 * `type` and the table settings only change what is shown; the table settings reuse the job list's
 * parsers, as a run's jobs are shown in the job list's table.
 * ------------------------------------------------------------------------------------------- */
export const runsPageParsers = {
  from: parseAsString,
  to: parseAsString,
  gap: parseAsString,
  window: parseAsStringLiteral(RUN_WINDOWS),
  /** on one run's page: show the jobs of one type only (all types when absent) */
  type: parseAsStringLiteral(JOB_TYPES),
  sort: jobListParsers.sort,
  dir: jobListParsers.dir,
  hide: jobListParsers.hide,
  /** on one run's page: `failed` lists only the jobs with failed operations */
  jobs: parseAsStringLiteral(RUN_JOB_FILTERS),
  tz: timeZoneParser,
};

export const loadRunsPageParams = createLoader(runsPageParsers);
