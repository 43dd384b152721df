import "server-only";
/**
 * The run before a run: walking back from its first job, past any jobs chained to it by short gaps
 * (the named window may start inside a larger burst), the next older job ends the previous run, whose
 * start is found by chaining back again. Only the job history can answer this cheaply (creation times
 * only, newest first, on the account's creation index); Klaviyo would need days of list pages of all
 * nine types, so without a current history there is no "run before" and the page says so.
 */
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { currentStoreAccount } from "@/lib/accounts/current.server";
import type { Store } from "@/lib/store/open";
import { jobs } from "@/lib/store/schema";
import { currentStore } from "@/lib/store/shared";
import type { RunName } from "./compare-params";
import { MAX_RUN_SPAN_MS } from "./params";
import { storeSourceSince } from "./store-source.server";

const CHUNK = 1_000;
/** How far back a previous run is looked for. */
export const PREVIOUS_LOOKBACK_MS = MAX_RUN_SPAN_MS;

export type PreviousRun =
  | { found: true; run: RunName }
  | { found: false; reason: "none" | "no-history"; message: string };

/** Creation times before `before` and at or after `since`, newest first, in chunks. */
async function* createdTimes(store: Store, account: string, before: number, since: number): AsyncGenerator<number> {
  let cursor = before;
  for (;;) {
    const rows = await store.db
      .select({ createdAt: jobs.createdAt })
      .from(jobs)
      .where(and(eq(jobs.account, account), lt(jobs.createdAt, new Date(cursor)), gte(jobs.createdAt, new Date(since))))
      .orderBy(desc(jobs.createdAt))
      .limit(CHUNK);
    for (const row of rows) yield new Date(row.createdAt).getTime();
    if (rows.length < CHUNK) return;
    cursor = new Date(rows.at(-1)!.createdAt).getTime();
  }
}

export async function findPreviousRun(
  b: RunName,
  gapMinutes: number,
  options: { store?: Store | null; account?: string; now?: number } = {},
): Promise<PreviousRun> {
  const store = options.store === undefined ? currentStore() : options.store;
  const account = options.account ?? (await currentStoreAccount());
  const gapMs = gapMinutes * 60_000;
  const since = b.from - PREVIOUS_LOOKBACK_MS;
  // The history must be current; where it starts after `since`, the walk simply ends there.
  const source = store ? await storeSourceSince(b.from, { store, account, now: options.now }) : null;
  if (!store || !source) {
    return {
      found: false,
      reason: "no-history",
      message: "Finding the run before needs the job history, which is not current here. Pick a run to compare with.",
    };
  }
  let last = b.from;
  let phase: "lead-in" | "previous" = "lead-in";
  let previousTo: number | null = null;
  // Duplicate creation times are fine: a gap of 0 chains.
  for await (const at of createdTimes(store, account, b.from, Math.max(since, Date.parse(source.since)))) {
    if (last - at >= gapMs) {
      if (phase === "previous") break;
      phase = "previous";
      previousTo = at;
    }
    last = at;
  }
  if (previousTo === null) {
    return { found: false, reason: "none", message: "No run before this one in the last 7 days of the job history." };
  }
  return { found: true, run: { from: last, to: previousTo } };
}
