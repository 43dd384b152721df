import "server-only";
/**
 * The one door to Klaviyo, for pages and route handlers. Everything behind it (key, headers,
 * limiter, retries, cache, reshaping) is private to lib/klaviyo.
 */
import { currentAccount } from "@/lib/accounts/current.server";
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { apiErrorResponse } from "@/lib/http/json";
import type { JobType, KnownJobStatus } from "@/lib/job-types";
import type { JobDetail, JobPage, Upstream } from "@/lib/types";
import { getKlaviyoClient, redisState } from "./door";

export { redisState };

import { logServerError } from "./log";
import type { Priority } from "./window-limiter";

/** The named account's client, or the current request's account's (the default one outside a request). */
async function clientOf(account: string | undefined) {
  return getKlaviyoClient(account ?? (await currentAccount()).name);
}

/**
 * `priority`: "background" for work nobody is waiting on; it yields to people and spends COLLECTOR_SHARE at most.
 * `account`: a configured account's name; unset, the account the request is about.
 */
export async function listJobs(
  query: { type: JobType; status?: KnownJobStatus; cursor?: string },
  priority: Priority = "person",
  account?: string,
): Promise<JobPage> {
  return (await clientOf(account)).listJobs(query, priority);
}

/** One job with its errors and, for create/update jobs, the related catalog resources. */
export async function getJob(
  query: { type: JobType; id: string },
  priority: Priority = "person",
  account?: string,
): Promise<JobDetail> {
  return (await clientOf(account)).getJob(query, priority);
}

/** Whether the current account is on Klaviyo or a simulator. */
export async function upstreamKind(): Promise<Upstream> {
  return (await currentAccount()).upstream;
}

/** ApiError → its envelope and status (+ Retry-After); anything else → a generic 500, logged here. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof ApiError) return apiErrorResponse(error);
  let secret: (string | null)[] = [];
  try {
    secret = getEnv().accounts.map((account) => account.apiKey);
  } catch {
    // a configuration error is what is being reported; its message never echoes the key
  }
  logServerError("unexpected error in the Klaviyo proxy", error, secret);
  return apiErrorResponse(new ApiError("internal", "Something went wrong on the dashboard server."));
}
