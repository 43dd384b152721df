import type { Metadata } from "next";
import { Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { getQueryClient } from "@/lib/queries/query-client";
import { recentRunsQuery, runDetailQuery } from "@/lib/queries/runs";
import { loadRunsPageParams, runsListHref } from "@/lib/runs/params";
import { runsQueryFromView } from "@/lib/runs/query.server";
import { getRecentRuns, getRun } from "@/lib/runs/read.server";
import { RunsView } from "./runs-view";

export async function generateMetadata({ searchParams }: PageProps<"/runs">): Promise<Metadata> {
  const view = await loadRunsPageParams(searchParams);
  return { title: view.from ? "Sync run" : "Sync runs" };
}

/** `/runs` lists recent runs; `/runs?from=…&to=…` is one run (see lib/runs/params.ts for the contract). */
export default async function RunsPage({ searchParams }: PageProps<"/runs">) {
  const view = await loadRunsPageParams(searchParams);
  const parsed = runsQueryFromView(view);
  if (!parsed.ok) {
    // Refused here exactly as /api/runs would refuse it, and nothing is asked of Klaviyo.
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Sync runs</h1>
        <ErrorState error={{ code: "bad_request", message: parsed.message }} />
        <Link href={runsListHref(view.tz)} className="text-sm text-accent underline">
          Show recent runs
        </Link>
      </div>
    );
  }
  const query = parsed.data;
  const queryClient = getQueryClient();
  if (query.kind === "run") await prefetchForPage(queryClient, runDetailQuery(query).queryKey, () => getRun(query));
  else await prefetchForPage(queryClient, recentRunsQuery(query).queryKey, () => getRecentRuns(query));
  return withPrefetched(queryClient, <RunsView query={query} />);
}
