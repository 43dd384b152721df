import "server-only";
/**
 * The one door to Klaviyo, for pages and route handlers. Everything behind it (key, headers,
 * limiter, retries, cache, reshaping) is private to lib/klaviyo.
 */
import { getEnv } from "../env";
import { ApiError } from "../http/errors";
import type { KnownJobStatus, JobType } from "../job-types";
import type { JobDetail, JobPage, Upstream } from "../types";
import { getKlaviyoClient } from "./door";
import { apiErrorResponse } from "../http/json";
import { logServerError } from "./log";

export async function listJobs(q: { type: JobType; status?: KnownJobStatus; cursor?: string }): Promise<JobPage> {
  return getKlaviyoClient().listJobs(q);
}

/** One job with its errors and, for create/update jobs, the related catalog resources. */
export async function getJob(q: { type: JobType; id: string }): Promise<JobDetail> {
  return getKlaviyoClient().getJob(q);
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
