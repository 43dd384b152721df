import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { ErrorState } from "@/components/error-state";
import { runDetailQuery, recentRunsQuery } from "@/lib/queries/runs";
import { getQueryClient } from "@/lib/queries/query-client";
import { getRecentRuns, getRun } from "@/lib/runs/read.server";
import { loadRunsPageParams } from "@/lib/runs/params";
import { runsQueryFromView } from "@/lib/runs/query.server";
import { RunsView } from "./runs-view";

export async function generateMetadata({ searchParams }: PageProps<"/runs">): Promise<Metadata> {
  const view = await loadRunsPageParams(searchParams);
  return { title: view.from ? "Sync run" : "Sync runs" };
}

/** `/runs` lists recent runs; `/runs?from=…&to=…` is one run (see lib/runs/params.ts for the contract). */
export default async function RunsPage({ searchParams }: PageProps<"/runs">) {
  const parsed = runsQueryFromView(await loadRunsPageParams(searchParams));
  if (!parsed.ok) {
    // Refused here exactly as /api/runs would refuse it, and nothing is asked of Klaviyo.
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Sync runs</h1>
        <ErrorState error={{ code: "bad_request", message: parsed.message }} />
        <Link href="/runs" className="text-sm text-accent underline">Show recent runs</Link>
      </div>
    );
  }
  const query = parsed.data;
  const queryClient = getQueryClient();
  // A failed prefetch is not dehydrated: the browser asks again and shows the error with a retry.
  // lib/klaviyo already retries what is worth retrying; retrying here too would only hold the page.
  if (query.kind === "run") {
    await queryClient.prefetchQuery({ queryKey: runDetailQuery(query).queryKey, queryFn: () => getRun(query), retry: false });
  } else {
    await queryClient.prefetchQuery({ queryKey: recentRunsQuery(query).queryKey, queryFn: () => getRecentRuns(query), retry: false });
  }
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* No Suspense boundary here: the page is dynamic, and one would only send the rows hidden, to be
          swapped in by script (see app/jobs/page.tsx). */}
      <RunsView query={query} />
    </HydrationBoundary>
  );
}
