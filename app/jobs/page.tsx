import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { listJobs } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import { getQueryClient } from "@/lib/queries/query-client";
import { listQueryFrom, loadJobListParams } from "@/lib/jobs/list-params";
import { JobsView } from "./jobs-view";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: PageProps<"/jobs">) {
  const query = listQueryFrom(await loadJobListParams(searchParams));
  const queryClient = getQueryClient();
  // A failed prefetch is not dehydrated: the browser asks again and shows the error with a retry.
  // lib/klaviyo already retries what is worth retrying; retrying here too would only hold the page.
  await queryClient.prefetchQuery({ queryKey: jobKeys.list(query), queryFn: () => listJobs(query), retry: false });
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* No Suspense boundary here: the page is dynamic, so the rows ship in the first HTML flush. */}
      <JobsView />
    </HydrationBoundary>
  );
}
