import { queryOptions } from "@tanstack/react-query";
import { isTerminalStatus, type JobType } from "@/lib/job-types";
import type { ListQuery } from "@/lib/jobs/list-params";
import type { JobDetail, JobListPage } from "@/lib/types";
import { fetchJson } from "./fetch-json";
import { STALE_MS } from "./query-client";

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (query: ListQuery) => [...jobKeys.lists(), query.type, query.status ?? "all", query.cursor ?? null] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (type: JobType, id: string) => [...jobKeys.details(), type, id] as const,
};

export function jobListApiUrl(query: ListQuery): string {
  const params = new URLSearchParams({ type: query.type });
  if (query.status) params.set("status", query.status);
  if (query.cursor) params.set("cursor", query.cursor);
  return `/api/jobs?${params}`;
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
