import { queryOptions } from "@tanstack/react-query";
import type { ExportFormat } from "../export/export-file";
import { STALE_MS } from "./query-client";
import type { RecentRuns, RunDetail } from "../runs/answers";
import { formatRunInstant, runsSearch, type RecentRunsQuery, type RunQuery } from "../runs/params";
import { fetchJson } from "./fetch-json";

/** Polling interval while some job of a run is running (the list pages are the cost: see lib/runs/read.server). */
export const RUN_POLL_MS = 15_000;

export const runKeys = {
  all: ["runs"] as const,
  lists: () => [...runKeys.all, "list"] as const,
  list: (q: RecentRunsQuery) => [...runKeys.lists(), q.window, q.gapMinutes] as const,
  details: () => [...runKeys.all, "detail"] as const,
  // Canonical instants, so `…Z` and `…+00:00` spellings of one run share a cache entry.
  detail: (q: RunQuery) => [...runKeys.details(), formatRunInstant(q.from), formatRunInstant(q.to), q.gapMinutes] as const,
};

export function runsApiUrl(q: RunQuery | RecentRunsQuery): string {
  return `/api/runs${runsSearch(q)}`;
}

/** Jobs of the run or of its continuation not in a final state: what keeps a run page polling. */
export function runningOf(detail: RunDetail | undefined): number {
  return (detail?.summary?.running ?? 0) + (detail?.continues?.running ?? 0);
}

export function recentRunsQuery(q: RecentRunsQuery) {
  // The global staleTime on purpose: the look-back ends at "now", so a new run can appear at any time
  // even when every run listed has finished.
  return queryOptions({
    queryKey: runKeys.list(q),
    queryFn: ({ signal }) => fetchJson<RecentRuns>(runsApiUrl(q), signal),
  });
}

export function runDetailQuery(q: RunQuery) {
  return queryOptions({
    queryKey: runKeys.detail(q),
    queryFn: ({ signal }) => fetchJson<RunDetail>(runsApiUrl(q), signal),
    // With nothing running the page stops polling, and for the same reason a mount long after the
    // server's read (a slow hydration, Back) must not pay 9+ Klaviyo list calls again: the window's jobs
    // are final. (A continuation that starts later shows on Refresh, which ignores staleTime.)
    staleTime: (query) => (query.state.data && runningOf(query.state.data) === 0 ? Number.POSITIVE_INFINITY : STALE_MS),
  });
}

/** The download of every error entry of a run (the server builds the file: a big run has tens of thousands). */
export function runErrorsExportUrl(q: RunQuery, format: ExportFormat): string {
  const params = new URLSearchParams(runsSearch(q));
  params.set("format", format);
  return `/api/runs/errors?${params}`;
}
