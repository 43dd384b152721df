import { queryOptions } from "@tanstack/react-query";
import type { RecentRuns, RunDetail } from "../runs";
import { formatRunInstant, runsSearch, type RecentRunsQuery, type RunQuery } from "../runs-params";
import { fetchJson } from "./fetch-json";

/** Polling interval while some job of a run is running (the list pages are the cost: see lib/runs-server). */
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

export function recentRunsQuery(q: RecentRunsQuery) {
  return queryOptions({
    queryKey: runKeys.list(q),
    queryFn: ({ signal }) => fetchJson<RecentRuns>(runsApiUrl(q), signal),
  });
}

export function runDetailQuery(q: RunQuery) {
  return queryOptions({
    queryKey: runKeys.detail(q),
    queryFn: ({ signal }) => fetchJson<RunDetail>(runsApiUrl(q), signal),
  });
}
