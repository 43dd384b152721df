import type { Metadata } from "next";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { listQueryFrom, loadJobListParams } from "@/lib/jobs/list-params";
import { listJobs } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import { getQueryClient } from "@/lib/queries/query-client";
import { JobsView } from "./jobs-view";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: PageProps<"/jobs">) {
  const query = listQueryFrom(await loadJobListParams(searchParams));
  const queryClient = getQueryClient();
  await prefetchForPage(queryClient, jobKeys.list(query), () => listJobs(query));
  return withPrefetched(queryClient, <JobsView />);
}
