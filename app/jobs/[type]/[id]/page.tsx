import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/http/errors";
import { isJobType, JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import { getJob } from "@/lib/klaviyo";
import { jobKeys } from "@/lib/queries/jobs";
import { getQueryClient } from "@/lib/queries/query-client";
import { jobIdSchema } from "@/lib/jobs/schemas.server";
import { JobDetailView } from "./job-detail";

function parseRoute(params: { type: string; id: string }): { type: JobType; id: string } | null {
  const id = jobIdSchema.safeParse(params.id);
  return isJobType(params.type) && id.success ? { type: params.type, id: id.data } : null;
}

export async function generateMetadata({ params }: PageProps<"/jobs/[type]/[id]">): Promise<Metadata> {
  const route = parseRoute(await params);
  return { title: route ? `${JOB_TYPE_INFO[route.type].label} job ${route.id}` : "Job not found" };
}

export default async function JobDetailPage({ params }: PageProps<"/jobs/[type]/[id]">) {
  const route = parseRoute(await params);
  // A malformed type or id is never sent to Klaviyo.
  if (!route) notFound();
  const { type, id } = route;
  const queryClient = getQueryClient();
  const queryKey = jobKeys.detail(type, id);
  // lib/klaviyo already retries what is worth retrying; retrying here too would only hold the page.
  await queryClient.prefetchQuery({ queryKey, queryFn: () => getJob({ type, id }), retry: false });
  const error = queryClient.getQueryState(queryKey)?.error;
  if (error instanceof ApiError && error.code === "not_found") notFound();
  // Any other failure is not dehydrated: the browser asks again and explains the error with a retry.
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* No Suspense boundary: the page is dynamic, so the job ships in the first HTML flush. */}
      <JobDetailView type={type} id={id} />
    </HydrationBoundary>
  );
}
