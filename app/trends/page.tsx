import type { Metadata } from "next";
import { cookies } from "next/headers";
import { Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { getQueryClient } from "@/lib/queries/query-client";
import { trendsQuery } from "@/lib/queries/trends";
import { isZone, loadTrendsPageParams, ZONE_COOKIE } from "@/lib/trends/params";
import { resolveTrendsRange } from "@/lib/trends/query.server";
import { getTrends } from "@/lib/trends/read.server";
import { TrendsView } from "./trends-view";

export const metadata: Metadata = { title: "Trends" };

/**
 * `/trends?from=&to=[&tz=utc]`: daily trends from the job history (see lib/trends/params.ts). Days are
 * cut in UTC with `tz=utc`; in local time otherwise, in the zone the browser last told (a cookie),
 * UTC until it has. The store only: the page never waits on Klaviyo.
 */
export default async function TrendsPage({ searchParams }: PageProps<"/trends">) {
  const view = await loadTrendsPageParams(searchParams);
  const remembered = (await cookies()).get(ZONE_COOKIE)?.value;
  const zone = view.tz === "utc" || !remembered || !isZone(remembered) ? "UTC" : remembered;
  const parsed = resolveTrendsRange({ from: view.from, to: view.to, zone });
  if (!parsed.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Trends</h1>
        <ErrorState error={{ code: "bad_request", message: parsed.message }} />
        <Link href={view.tz === "utc" ? "/trends?tz=utc" : "/trends"} className="text-sm text-accent underline">
          Show the last 30 days
        </Link>
      </div>
    );
  }
  const query = parsed.data;
  const queryClient = getQueryClient();
  await prefetchForPage(queryClient, trendsQuery(query).queryKey, () => getTrends(query));
  return withPrefetched(queryClient, <TrendsView query={query} />);
}
