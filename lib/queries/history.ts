import { queryOptions } from "@tanstack/react-query";
import type { HistoryFacts, KeepState } from "@/lib/history/types";
import { fetchApi, fetchJson } from "./fetch-json";

/** How often a page asks whether the job history answers (it asks no one else: no Klaviyo call). */
export const HISTORY_POLL_MS = 30_000;

export const historyKeys = {
  facts: ["history", "facts"] as const,
  keep: (url: string) => ["history", "keep", url] as const,
};

export function historyFactsQuery() {
  return queryOptions({
    queryKey: historyKeys.facts,
    queryFn: ({ signal }) => fetchJson<HistoryFacts>("/api/history", signal),
    staleTime: HISTORY_POLL_MS / 2,
    refetchInterval: HISTORY_POLL_MS,
    retry: false,
  });
}

/** `url`: `/api/jobs/{type}/{id}/keep` or `/api/runs/keep?from=&to=` */
export function keepStateQuery(url: string) {
  return queryOptions({
    queryKey: historyKeys.keep(url),
    queryFn: ({ signal }) => fetchJson<KeepState>(url, signal),
    retry: false,
  });
}

export async function putKeep(url: string, keep: boolean): Promise<KeepState> {
  const init = { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ keep }) };
  return (await (await fetchApi(url, undefined, init)).json()) as KeepState;
}
