import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { ApiError } from "@/lib/http/errors";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { parseJobRoute } from "@/lib/jobs/route";
import { getJob } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import { getQueryClient } from "@/lib/queries/query-client";
import { JobDetailView } from "./job-detail";

export async function generateMetadata({ params }: PageProps<"/jobs/[type]/[id]">): Promise<Metadata> {
  const route = parseJobRoute(await params);
  return { title: route.ok ? `${JOB_TYPE_INFO[route.type].label} job ${route.id}` : "Job not found" };
}

export default async function JobDetailPage({ params }: PageProps<"/jobs/[type]/[id]">) {
  const route = parseJobRoute(await params);
  // A malformed type or id is never sent to Klaviyo.
  if (!route.ok) notFound();
  const { type, id } = route;
  const queryClient = getQueryClient();
  const queryKey = jobKeys.detail(type, id);
  await prefetchForPage(queryClient, queryKey, () => getJob({ type, id }));
  const error = queryClient.getQueryState(queryKey)?.error;
  if (error instanceof ApiError && error.code === "not_found") notFound();
  return withPrefetched(queryClient, <JobDetailView type={type} id={id} />);
}
