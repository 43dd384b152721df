import type { Metadata } from "next";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { jobListTitle, listQueryFrom, loadJobListParams } from "@/lib/jobs/list-params";
import { readLiveOrHistory } from "@/lib/jobs/read-list.server";
import { jobKeys } from "@/lib/queries/jobs";
import { getQueryClient } from "@/lib/queries/query-client";
import type { JobListPage } from "@/lib/types";
import { JobsView } from "./jobs-view";

/** Type and status in the tab's title, so that tabs and bookmarks of different lists tell apart. */
export async function generateMetadata({ searchParams }: PageProps<"/jobs">): Promise<Metadata> {
  const { type, status } = await loadJobListParams(searchParams);
  return { title: jobListTitle(type, status) };
}

export default async function JobsPage({ searchParams }: PageProps<"/jobs">) {
  const query = listQueryFrom(await loadJobListParams(searchParams));
  const queryClient = getQueryClient();
  // The history's page is prefetched under the same deadline: a slow store holds the page no longer.
  // A bad filter in the URL fails this read, and the view shows the same message the API gives.
  await prefetchForPage<JobListPage>(queryClient, jobKeys.list(query), () => readLiveOrHistory(query));
  return withPrefetched(queryClient, <JobsView />);
}
