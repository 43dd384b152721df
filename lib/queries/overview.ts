import { queryOptions } from "@tanstack/react-query";
import type { Overview } from "@/lib/overview/answer";
import { type OverviewQuery, overviewSearch } from "@/lib/overview/params";
import { fetchJson } from "./fetch-json";

export const overviewKeys = {
  all: ["overview"] as const,
  window: (query: OverviewQuery) => [...overviewKeys.all, query.window] as const,
};

/** Spans accounts: the same answer whichever account's URL the page was opened under. */
export function overviewApiUrl(query: OverviewQuery): string {
  return `/api/overview${overviewSearch(query)}`;
}

/** Jobs still running somewhere: what keeps the overview polling. */
export function runningAnywhere(overview: Overview | undefined): boolean {
  return Boolean(overview?.accounts.some((account) => (account.totals?.running ?? 0) > 0));
}

export function overviewQuery(query: OverviewQuery) {
  return queryOptions({
    queryKey: overviewKeys.window(query),
    queryFn: ({ signal }) => fetchJson<Overview>(overviewApiUrl(query), signal),
  });
}
