import { queryOptions } from "@tanstack/react-query";
import { isTerminalStatus, type JobType } from "@/lib/job-types";
import type { ListQuery } from "@/lib/jobs/list-params";
import type { JobDetail, JobListPage } from "@/lib/types";
import { fetchJson } from "./fetch-json";
import { STALE_MS } from "./query-client";

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (query: ListQuery) =>
    [
      ...jobKeys.lists(),
      query.type,
      query.status ?? "all",
      query.cursor ?? null,
      // The history's filters, only when set: a live list's key is what it always was.
      ...HISTORY_KEYS.filter((k) => query[k] !== undefined).map((k) => `${k}=${query[k]}`),
    ] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (type: JobType, id: string) => [...jobKeys.details(), type, id] as const,
};

const HISTORY_KEYS = ["from", "to", "failed", "rate", "order"] as const;

/** The query string of a list query, as the API reads it (without `?`). */
export function jobListSearch(query: ListQuery): string {
  const params = new URLSearchParams({ type: query.type });
  if (query.status) params.set("status", query.status);
  for (const key of HISTORY_KEYS) {
    const value = query[key];
    if (value !== undefined) params.set(key, value);
  }
  if (query.cursor) params.set("cursor", query.cursor);
  return params.toString();
}

export function jobListApiUrl(query: ListQuery): string {
  return `/api/jobs?${jobListSearch(query)}`;
}

export function jobListQuery(query: ListQuery) {
  return queryOptions({
    queryKey: jobKeys.list(query),
    queryFn: ({ signal }) => fetchJson<JobListPage>(jobListApiUrl(query), signal),
  });
}

export function jobDetailUrl(type: JobType, id: string): string {
  return `/api/jobs/${type}/${encodeURIComponent(id)}`;
}

export function jobDetailQuery(type: JobType, id: string) {
  return queryOptions({
    queryKey: jobKeys.detail(type, id),
    queryFn: ({ signal }) => fetchJson<JobDetail>(jobDetailUrl(type, id), signal),
    // A complete or cancelled job never changes (the page stops polling it too): no refetch on mount.
    staleTime: (query) =>
      query.state.data && isTerminalStatus(query.state.data.job.status) ? Number.POSITIVE_INFINITY : STALE_MS,
  });
}
