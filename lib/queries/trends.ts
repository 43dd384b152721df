import { queryOptions } from "@tanstack/react-query";
import type { TrendsAnswer } from "@/lib/trends/answer";
import { type TrendsQuery, trendsApiUrl } from "@/lib/trends/params";
import { fetchJson } from "./fetch-json";

export const trendKeys = {
  all: ["trends"] as const,
  range: (query: TrendsQuery) => [...trendKeys.all, query.from, query.to, query.zone] as const,
};

export function trendsQuery(query: TrendsQuery) {
  return queryOptions({
    queryKey: trendKeys.range(query),
    queryFn: ({ signal }) => fetchJson<TrendsAnswer>(trendsApiUrl(query), signal),
  });
}
