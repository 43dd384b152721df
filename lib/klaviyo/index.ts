import "server-only";
/**
 * The one door to Klaviyo, for pages and route handlers. Everything behind it (key, headers,
 * limiter, retries, cache, reshaping) is private to lib/klaviyo.
 */
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { apiErrorResponse } from "@/lib/http/json";
import type { JobType, KnownJobStatus } from "@/lib/job-types";
import type { JobDetail, JobPage, Upstream } from "@/lib/types";
import { getKlaviyoClient, redisState } from "./door";

export { redisState };

import { logServerError } from "./log";
import type { Priority } from "./window-limiter";

/** `priority`: "background" for work nobody is waiting on; it yields to people and spends COLLECTOR_SHARE at most. */
export async function listJobs(
  query: { type: JobType; status?: KnownJobStatus; cursor?: string },
  priority: Priority = "person",
): Promise<JobPage> {
  return getKlaviyoClient().listJobs(query, priority);
}

/** One job with its errors and, for create/update jobs, the related catalog resources. */
export async function getJob(query: { type: JobType; id: string }, priority: Priority = "person"): Promise<JobDetail> {
  return getKlaviyoClient().getJob(query, priority);
}

export function upstreamKind(): Upstream {
  return getEnv().upstream;
}

/** ApiError → its envelope and status (+ Retry-After); anything else → a generic 500, logged here. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return apiErrorResponse(error);
  let secret: string | undefined;
  try {
    secret = getEnv().KLAVIYO_API_KEY;
  } catch {
    // a configuration error is what is being reported; its message never echoes the key
  }
  logServerError("unexpected error in the Klaviyo proxy", error, secret);
  return apiErrorResponse(new ApiError("internal", "Something went wrong on the dashboard server."));
}
