import { queryOptions } from "@tanstack/react-query";
import { isTerminalStatus, type JobType } from "../job-types";
import { STALE_MS } from "./query-client";
import type { ListQuery } from "../jobs/list-params";
import type { JobDetail, JobPage } from "../types";
import { fetchJson } from "./fetch-json";

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (q: ListQuery) => [...jobKeys.lists(), q.type, q.status ?? "all", q.cursor ?? null] as const,
  details: () => [...jobKeys.all, "detail"] as const,
  detail: (type: JobType, id: string) => [...jobKeys.details(), type, id] as const,
};

export function listJobsUrl(q: ListQuery): string {
  const params = new URLSearchParams({ type: q.type });
  if (q.status) params.set("status", q.status);
  if (q.cursor) params.set("cursor", q.cursor);
  return `/api/jobs?${params}`;
}

export function jobListQuery(q: ListQuery) {
  return queryOptions({
    queryKey: jobKeys.list(q),
    queryFn: ({ signal }) => fetchJson<JobPage>(listJobsUrl(q), signal),
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
    staleTime: (query) => (query.state.data && isTerminalStatus(query.state.data.job.status) ? Number.POSITIVE_INFINITY : STALE_MS),
  });
}
