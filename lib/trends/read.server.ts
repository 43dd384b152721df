import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * Trends read from the job history only (never Klaviyo): jobs, operations and failures per day by
 * type, the largest error groups day by day with those new in the range marked, and the daily peak
 * of jobs in progress against Klaviyo's cap.
 */
import { ApiError } from "@/lib/http/errors";
import { JOB_TYPES, type JobType } from "@/lib/job-types";
import { errorGroupKey } from "@/lib/jobs/error-groups";
import { parseErrorPointer } from "@/lib/jobs/error-pointer";
import { IN_PROGRESS_CAP } from "@/lib/store/in-progress";
import { getMeta } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import { errorsPerDay, inProgressPerDay, jobsPerDay } from "@/lib/store/trends";
import type { TrendDay, TrendErrorGroup, TrendsAnswer } from "./answer";
import { daysOf, previousSpan, TOP_ERROR_GROUPS, type TrendsQuery } from "./params";

function emptyDay(day: string): TrendDay {
  const byType = Object.fromEntries(JOB_TYPES.map((t) => [t, { jobs: 0, operations: 0 }])) as TrendDay["byType"];
  return { day, jobs: 0, operations: 0, failed: 0, failureRate: null, byType, inProgressPeak: null };
}

export async function getTrends(
  query: TrendsQuery,
  options: { store?: Store | null; account?: string } = {},
): Promise<TrendsAnswer> {
  const store = options.store === undefined ? currentStore() : options.store;
  if (!store) throw new ApiError("store_unavailable", "The job history is not available yet: try again in a moment.");
  const account = options.account ?? (await currentStoreAccount());
  const previous = previousSpan(query);
  const { from, to, zone } = query;
  try {
    const [perType, errors, inProgress, since, asOf] = await Promise.all([
      jobsPerDay(store.db, account, from, to, zone),
      errorsPerDay(store.db, account, previous.from, to, zone),
      inProgressPerDay(store.db, account, from, to, zone),
      getMeta<string>(store.db, `history_since:${account}`),
      getMeta<string>(store.db, `last_pass:${account}`),
    ]);
    const dates = daysOf(from, to);
    const index = new Map(dates.map((day, i) => [day, i]));
    const days = dates.map(emptyDay);
    for (const row of perType) {
      const d = days[index.get(row.day) ?? -1];
      if (!d || !(JOB_TYPES as readonly string[]).includes(row.type)) continue;
      d.jobs += row.jobs;
      d.operations += row.operations;
      d.failed += row.failed;
      d.byType[row.type as JobType] = { jobs: row.jobs, operations: row.operations };
    }
    for (const d of days) d.failureRate = d.operations > 0 ? d.failed / d.operations : null;
    for (const row of inProgress) {
      const d = days[index.get(row.day) ?? -1];
      if (d) d.inProgressPeak = row.peak;
    }

    const groups = new Map<string, TrendErrorGroup>();
    const seenBefore = new Set<string>();
    for (const row of errors) {
      const field = parseErrorPointer(row.pointer)?.field ?? null;
      const key = errorGroupKey(row.code, row.title, field);
      const at = index.get(row.day);
      if (at === undefined) {
        seenBefore.add(key);
        continue;
      }
      let group = groups.get(key);
      if (!group) {
        group = { key, code: row.code, title: row.title, field, entries: 0, perDay: dates.map(() => 0), isNew: false };
        groups.set(key, group);
      }
      group.entries += row.entries;
      group.perDay[at]! += row.entries;
    }
    const ranked = [...groups.values()]
      .map((g) => ({ ...g, isNew: !seenBefore.has(g.key) }))
      .sort((a, b) => b.entries - a.entries || a.key.localeCompare(b.key));
    return {
      from,
      to,
      zone,
      previous,
      days,
      errorGroups: ranked.slice(0, TOP_ERROR_GROUPS),
      otherErrorGroups: Math.max(0, ranked.length - TOP_ERROR_GROUPS),
      cap: IN_PROGRESS_CAP,
      history: { since, asOf },
    };
  } catch {
    // The store's own words may name hosts or paths: the answer says only what it means.
    throw new ApiError("store_unavailable", "The job history did not answer: try again in a moment.");
  }
}
