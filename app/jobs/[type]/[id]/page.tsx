import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { accountHref } from "@/lib/accounts/current.server";
import { ApiError } from "@/lib/http/errors";
import { JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import { jobDetailPath, loadJobDetailParams, serializeJobDetailParams } from "@/lib/jobs/detail-params";
import { getJobOrKept } from "@/lib/jobs/kept.server";
import { loadJobListParams } from "@/lib/jobs/list-params";
import { lookUpElsewhere } from "@/lib/jobs/lookup.server";
import { parseJobRoute } from "@/lib/jobs/route";
import { jobKeys } from "@/lib/queries/jobs";
import { getQueryClient } from "@/lib/queries/query-client";
import { JobDetailView } from "./job-detail";
import { JobNotFound } from "./job-not-found";

export async function generateMetadata({ params }: PageProps<"/jobs/[type]/[id]">): Promise<Metadata> {
  const route = parseJobRoute(await params);
  return { title: route.ok ? `${JOB_TYPE_INFO[route.type].label} job ${route.id}` : "Job not found" };
}

/**
 * The same view of the job under its right type: the tab, error group, filter and zone the link asked
 * for; the list to go back to only when it lists jobs of that type.
 */
async function movedTo(type: JobType, id: string, searchParams: PageProps<"/jobs/[type]/[id]">["searchParams"]) {
  const view = await loadJobDetailParams(searchParams);
  const back = view.back && loadJobListParams(new URLSearchParams(view.back)).type === type ? view.back : null;
  return serializeJobDetailParams(jobDetailPath(type, id), { ...view, back });
}

export default async function JobDetailPage({ params, searchParams }: PageProps<"/jobs/[type]/[id]">) {
  const route = parseJobRoute(await params);
  // A malformed type or id is never sent to Klaviyo.
  if (!route.ok) notFound();
  const { type, id } = route;
  const queryClient = getQueryClient();
  const queryKey = jobKeys.detail(type, id);
  await prefetchForPage(queryClient, queryKey, () => getJobOrKept({ type, id }));
  const error = queryClient.getQueryState(queryKey)?.error;
  if (error instanceof ApiError && error.code === "not_found") {
    // Not under this type: a link with the wrong type is common (ids do not say theirs), so look.
    const lookup = await lookUpElsewhere(type, id);
    if (lookup.kind === "found") redirect(await accountHref(await movedTo(lookup.type, id, searchParams)));
    if (lookup.kind === "missing") notFound();
    return <JobNotFound lookup={lookup} />;
  }
  return withPrefetched(queryClient, <JobDetailView type={type} id={id} />);
}
