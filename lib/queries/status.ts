import { queryOptions } from "@tanstack/react-query";
import type { StatusReport } from "@/lib/status/report";
import { fetchJson } from "./fetch-json";

/** The status page reads only this process and the store: cheap enough to ask every few seconds. */
export const STATUS_POLL_MS = 5_000;

export const statusKeys = { all: ["status"] as const };

export function statusQuery() {
  return queryOptions({
    queryKey: statusKeys.all,
    queryFn: ({ signal }) => fetchJson<StatusReport>("/api/status", signal),
    staleTime: STATUS_POLL_MS,
  });
}
