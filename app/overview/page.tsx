import type { Metadata } from "next";
import { ErrorState } from "@/components/error-state";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import Link from "@/components/ui/link";
import { visibleAccounts } from "@/lib/accounts/visible.server";
import { loadOverviewPageParams } from "@/lib/overview/params";
import { overviewQueryFromView } from "@/lib/overview/query.server";
import { getOverview } from "@/lib/overview/read.server";
import { overviewQuery } from "@/lib/queries/overview";
import { getQueryClient } from "@/lib/queries/query-client";
import { OverviewView } from "./overview-view";

export const metadata: Metadata = { title: "Overview across accounts" };

/**
 * `/overview?window=24h`: every visible account's runs of the window, side by side. It spans accounts,
 * so it lives outside `/a/{account}`; it reads the job history only, so it never waits on Klaviyo.
 */
export default async function OverviewPage({ searchParams }: PageProps<"/overview">) {
  const view = await loadOverviewPageParams(searchParams);
  const parsed = overviewQueryFromView(view);
  if (!parsed.ok) {
    // Refused here exactly as /api/overview refuses it.
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Overview across accounts</h1>
        <ErrorState error={{ code: "bad_request", message: parsed.message }} />
        <Link href="/overview" className="text-sm text-accent underline">
          Show the last 24 hours
        </Link>
      </div>
    );
  }
  const query = parsed.data;
  const accounts = await visibleAccounts();
  const queryClient = getQueryClient();
  await prefetchForPage(queryClient, overviewQuery(query).queryKey, () => getOverview(query, { accounts }));
  return withPrefetched(queryClient, <OverviewView query={query} />);
}
