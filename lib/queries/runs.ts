import { queryOptions } from "@tanstack/react-query";
import type { ExportFormat } from "@/lib/export/export-file";
import type { RecentRuns, RunDetail } from "@/lib/runs/answers";
import type { CompareAnswer } from "@/lib/runs/compare";
import { compareSearch, type RunName, runName } from "@/lib/runs/compare-params";
import { formatRunInstant, type RecentRunsQuery, type RunQuery, runsSearch } from "@/lib/runs/params";
import { fetchJson } from "./fetch-json";
import { STALE_MS } from "./query-client";

/** Polling interval while some job of a run is running (the list pages are the cost: see lib/runs/read.server). */
export const RUN_POLL_MS = 15_000;

export const runKeys = {
  all: ["runs"] as const,
  lists: () => [...runKeys.all, "list"] as const,
  list: (query: RecentRunsQuery) => [...runKeys.lists(), query.window, query.gapMinutes] as const,
  details: () => [...runKeys.all, "detail"] as const,
  // Canonical instants, so `…Z` and `…+00:00` spellings of one run share a cache entry.
  detail: (query: RunQuery) =>
    [...runKeys.details(), formatRunInstant(query.from), formatRunInstant(query.to), query.gapMinutes] as const,
};

export function runsApiUrl(query: RunQuery | RecentRunsQuery): string {
  return `/api/runs${runsSearch(query)}`;
}

/** Where a run is kept past retention: its window, in canonical instants. */
export function runKeepUrl(query: RunQuery): string {
  const search = new URLSearchParams({ from: formatRunInstant(query.from), to: formatRunInstant(query.to) });
  return `/api/runs/keep?${search}`;
}

/** Jobs of the run or of its continuation not in a final state: what keeps a run page polling. */
export function runningOf(detail: RunDetail | undefined): number {
  return (detail?.summary?.running ?? 0) + (detail?.continues?.running ?? 0);
}

export function recentRunsQuery(query: RecentRunsQuery) {
  // The global staleTime on purpose: the look-back ends at "now", so a new run can appear at any time
  // even when every run listed has finished.
  return queryOptions({
    queryKey: runKeys.list(query),
    queryFn: ({ signal }) => fetchJson<RecentRuns>(runsApiUrl(query), signal),
  });
}

export function runDetailQuery(query: RunQuery) {
  return queryOptions({
    queryKey: runKeys.detail(query),
    queryFn: ({ signal }) => fetchJson<RunDetail>(runsApiUrl(query), signal),
    // With nothing running the page stops polling, and for the same reason a mount long after the
    // server's read (a slow hydration, Back) must not pay 9+ Klaviyo list calls again: the window's jobs
    // are final. (A continuation that starts later shows on Refresh, which ignores staleTime.)
    staleTime: (query) => (query.state.data && runningOf(query.state.data) === 0 ? Number.POSITIVE_INFINITY : STALE_MS),
  });
}

/** The download of every error entry of a run (the server builds the file: a big run has tens of thousands). */
export function runErrorsExportUrl(query: RunQuery, format: ExportFormat): string {
  const params = new URLSearchParams(runsSearch(query));
  params.set("format", format);
  return `/api/runs/errors?${params}`;
}

/** Run against run (`/api/runs/compare`): both names in canonical instants, so either spelling shares an entry. */
export function compareQuery(query: { a: RunName; b: RunName; gapMinutes: number }) {
  const search = compareSearch(query.b, query.a, query.gapMinutes);
  return queryOptions({
    queryKey: [...runKeys.all, "compare", runName(query.a), runName(query.b), query.gapMinutes] as const,
    queryFn: ({ signal }) => fetchJson<CompareAnswer>(`/api/runs/compare${search}`, signal),
    // Two finished runs never change; a running one is read again on the usual terms.
    staleTime: (q) =>
      q.state.data?.comparison?.a.finished && q.state.data.comparison.b.finished ? Number.POSITIVE_INFINITY : STALE_MS,
  });
}

/** The download of a comparison, as the page shows it. */
export function compareExportUrl(query: { a: RunName; b: RunName; gapMinutes: number }, format: ExportFormat): string {
  return `/api/runs/compare${compareSearch(query.b, query.a, query.gapMinutes)}&format=${format}`;
}
