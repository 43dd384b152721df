import "server-only";
/**
 * Reads sync runs from Klaviyo's job lists, through the one door (lib/klaviyo: limiter, cache,
 * single-flight). Klaviyo lists each of the nine types separately, newest first, filterable by status
 * only, so "every job created since T" means paging each type until a page reaches past T.
 *
 * Upstream cost of one read: for each type, ⌊n / 100⌋ + 1 list calls at most, where n is the number of
 * that type's jobs created since T (the last page is the one that reaches past T, or the list's end).
 * So 9 calls at least (one per type), and never more than 9 × MAX_PAGES_PER_TYPE. A recent run of 500
 * jobs costs about 9 + 5 calls; no detail call is ever made, since list pages carry counts and errors.
 */
import "server-only";
import { JOB_TYPES, type JobType } from "@/lib/job-types";
import { type ErrorExportRow, errorRefsOf, exportRows } from "@/lib/jobs/error-groups";
import { listJobs } from "@/lib/klaviyo";
import type { Job, JobPage } from "@/lib/types";
import { buildRecentRuns, buildRunDetail, type RecentRuns, type RunDetail } from "./answers";
import { createdMs, jobsInWindow, uniqueJobs } from "./group";
import { type RecentRunsQuery, RUN_WINDOW_MS, type RunQuery } from "./params";
import { storeSourceSince } from "./store-source.server";

export type ListJobsFn = (query: { type: JobType; cursor?: string }) => Promise<JobPage>;

/** 30 pages = 3,000 jobs of one type: more than three days of this account's heaviest type. */
export const MAX_PAGES_PER_TYPE = 30;
/** Types paged at once. The limiter would queue more anyway; this keeps one request from hogging it. */
export const TYPE_CONCURRENCY = 3;

export interface CollectedJobs {
  jobs: Job[];
  listCalls: number;
  truncated: JobType[];
}

/** Every job created at or after `since` (plus older ones that shared its last page), all nine types. */
export async function collectJobsSince(
  since: number,
  options: { list?: ListJobsFn; maxPages?: number; concurrency?: number } = {},
): Promise<CollectedJobs> {
  const { list = listJobs, maxPages = MAX_PAGES_PER_TYPE, concurrency = TYPE_CONCURRENCY } = options;
  let listCalls = 0;
  let failed = false;
  const truncated: JobType[] = [];

  async function pageType(type: JobType): Promise<Job[]> {
    const jobs: Job[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      if (page === maxPages) {
        truncated.push(type);
        return jobs;
      }
      // Another type failed: the whole answer is an error, so spend no more upstream calls on it.
      if (failed) return jobs;
      listCalls += 1;
      const result = await list(cursor ? { type, cursor } : { type });
      jobs.push(...result.jobs);
      const oldest = Math.min(...result.jobs.map(createdMs));
      if (result.jobs.length === 0 || !result.nextCursor || oldest < since) return jobs;
      cursor = result.nextCursor;
    }
  }

  const perType: Job[][] = [];
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, JOB_TYPES.length)) }, async () => {
    while (next < JOB_TYPES.length) {
      const index = next++;
      try {
        perType[index] = await pageType(JOB_TYPES[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  await Promise.all(workers);
  return {
    jobs: uniqueJobs(perType.flat()),
    listCalls,
    truncated: JOB_TYPES.filter((type) => truncated.includes(type)),
  };
}

/** A run's jobs are read from `from - gap` (to see whether the window starts inside a larger run) to now. */
function collectRun(query: RunQuery, options: { list?: ListJobsFn }): Promise<CollectedJobs> {
  return collectJobsSince(query.from - query.gapMinutes * 60_000, options);
}

/** The job history when it covers jobs since `since` and no source was given; else Klaviyo's lists. */
async function sourceFor(
  since: number,
  given: ListJobsFn | undefined,
): Promise<{ list?: ListJobsFn; asOf?: string; historySince?: string }> {
  if (given) return { list: given };
  const stored = await storeSourceSince(since);
  return stored ? { list: stored.list, asOf: stored.asOf, historySince: stored.since } : {};
}

/** How an answer was read: from the history (no call, as fresh as the collector) or from Klaviyo. */
function readReport(source: Awaited<ReturnType<typeof sourceFor>>, collected: CollectedJobs, now: number) {
  return {
    listCalls: source.asOf ? 0 : collected.listCalls,
    truncated: collected.truncated,
    fetchedAt: source.asOf ?? new Date(now).toISOString(),
    source: source.asOf ? ("history" as const) : ("klaviyo" as const),
    ...(source.historySince ? { historySince: source.historySince } : {}),
  };
}

export async function getRun(query: RunQuery, options: { list?: ListJobsFn } = {}): Promise<RunDetail> {
  const source = await sourceFor(query.from - query.gapMinutes * 60_000, options.list);
  const collected = await collectRun(query, { list: source.list });
  // From the store: no Klaviyo call was made, and the answer is as fresh as the collector's last pass.
  return buildRunDetail(collected.jobs, query, readReport(source, collected, Date.now()));
}

/**
 * Every error entry of the run's jobs, one row each, newest job first: the run page's export. A whole
 * run's export is background work for the limiter: it yields to people reading pages.
 */
export async function getRunErrorRows(query: RunQuery, options: { list?: ListJobsFn } = {}): Promise<ErrorExportRow[]> {
  const stored = options.list ? null : await storeSourceSince(query.from - query.gapMinutes * 60_000);
  const { list = stored?.list ?? ((listQuery: Parameters<ListJobsFn>[0]) => listJobs(listQuery, "background")) } =
    options;
  const collected = await collectRun(query, { list });
  return exportRows(jobsInWindow(collected.jobs, query.from, query.to).flatMap(errorRefsOf));
}

/** The runs of the last `window`, newest first (summaries only: their jobs stay on the server). */
export async function getRecentRuns(
  query: RecentRunsQuery,
  options: { list?: ListJobsFn; now?: number } = {},
): Promise<RecentRuns> {
  const now = options.now ?? Date.now();
  const since = now - RUN_WINDOW_MS[query.window];
  const source = await sourceFor(since, options.list);
  const collected = await collectJobsSince(since, { list: source.list });
  return buildRecentRuns(collected.jobs, { ...query, since }, readReport(source, collected, now));
}
