import "server-only";
/**
 * The list of every job type at once (`/jobs?type=all`), read from the job history: Klaviyo lists
 * each type on its own, the history holds them all. Pages are keyset pages (newest first, created
 * then id) with an opaque cursor naming the last job of the page before.
 */
import { getEnv } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import type { KnownJobStatus } from "@/lib/job-types";
import { accountName } from "@/lib/store/account";
import { getMeta, listStoredJobs, type StoredJob } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import type { HistoryJobPage, Job } from "@/lib/types";
import { isJobId } from "./list-params";

export const ALL_TYPES_PAGE_SIZE = 100;

type After = { createdAt: string; id: string };

export function encodeHistoryCursor(job: After): string {
  return Buffer.from(JSON.stringify([job.createdAt, job.id])).toString("base64url");
}

/** The job a cursor names, or null when it is not one of ours. */
export function decodeHistoryCursor(cursor: string): After | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== "string" || typeof id !== "string") return null;
    if (Number.isNaN(Date.parse(createdAt)) || !isJobId(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

/** A stored job as any list shows it (what the history adds about itself stays on the server). */
function toJob(stored: StoredJob): Job {
  const { type, id, status, createdAt, completedAt, expiresAt, totalCount, completedCount, failedCount } = stored;
  return {
    type,
    id,
    status,
    createdAt,
    completedAt,
    expiresAt,
    totalCount,
    completedCount,
    failedCount,
    errors: [],
    relatedIds: [],
  };
}

export async function listAllTypes(
  query: { status?: KnownJobStatus; cursor?: string },
  options: { store?: Store | null; account?: string; now?: () => Date } = {},
): Promise<HistoryJobPage> {
  const after = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
  if (after === null) throw new ApiError("bad_request", "cursor: cursor must be an opaque page token");
  const store = options.store === undefined ? currentStore() : options.store;
  if (!store) throw new ApiError("store_unavailable", "The job history is not available yet: try again in a moment.");
  const account = options.account ?? accountName(getEnv());
  try {
    const [jobs, asOf, since] = await Promise.all([
      listStoredJobs(store.db, { account, status: query.status, after, limit: ALL_TYPES_PAGE_SIZE }),
      getMeta<string>(store.db, `last_pass:${account}`),
      getMeta<string>(store.db, `history_since:${account}`),
    ]);
    const last = jobs.at(-1);
    return {
      type: "all",
      status: query.status ?? null,
      jobs: jobs.map(toJob),
      nextCursor: jobs.length === ALL_TYPES_PAGE_SIZE && last ? encodeHistoryCursor(last) : null,
      prevCursor: null,
      fetchedAt: (options.now?.() ?? new Date()).toISOString(),
      history: { asOf, since },
    };
  } catch {
    // The store's own words may name hosts or paths: the answer says only what it means.
    throw new ApiError("store_unavailable", "The job history did not answer: try again in a moment.");
  }
}
