import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * Runs from the job history instead of Klaviyo's lists, when the store can answer for them: it is
 * open, a collector finished a pass lately (on any instance sharing it), and it has kept this
 * account's history since before the window starts. Then a run page costs no Klaviyo call at all;
 * otherwise (before the first backfill, or with collecting stopped) runs are read from Klaviyo.
 */
import { decodeHistoryCursor, encodeHistoryCursor } from "@/lib/jobs/all-types.server";
import { getMeta, listStoredJobs } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import type { ListJobsFn } from "./read.server";

const STORE_PAGE = 1_000;

/** A store whose collector has not passed for longer than this is not current enough for runs. */
export const STORE_FRESH_MS = 3 * 60_000;

export interface StoreSource {
  list: ListJobsFn;
  /** when the collector last read Klaviyo: how fresh the answer is */
  asOf: string;
  /** where the history starts */
  since: string;
}

const encode = encodeHistoryCursor;
const decode = (cursor: string | undefined) => (cursor ? (decodeHistoryCursor(cursor) ?? undefined) : undefined);

export type HistoryCoverage =
  | { covers: true; lastPass: string; historySince: string }
  | {
      covers: false;
      /** never collected; the collector has not passed lately; or the history starts after `since` */
      reason: "not-collected" | "stale" | "starts-later";
      lastPass: string | null;
      historySince: string | null;
    };

/**
 * Whether the store holds `account`'s every job created since `since`, as of a recent pass; and when
 * not, why (the overview says so per account instead of showing zeros).
 */
export async function historyCoverage(
  store: Store,
  account: string,
  since: number,
  now: number,
): Promise<HistoryCoverage> {
  const [historySince, lastPass] = await Promise.all([
    getMeta<string>(store.db, `history_since:${account}`),
    getMeta<string>(store.db, `last_pass:${account}`),
  ]);
  if (!historySince || !lastPass) return { covers: false, reason: "not-collected", lastPass, historySince };
  if (now - Date.parse(lastPass) > STORE_FRESH_MS) return { covers: false, reason: "stale", lastPass, historySince };
  if (Date.parse(historySince) > since) return { covers: false, reason: "starts-later", lastPass, historySince };
  return { covers: true, lastPass, historySince };
}

/** The store as a list source for jobs created at or after `since`, or null when it cannot answer. */
export async function storeSourceSince(
  since: number,
  options: { now?: number; store?: Store | null; account?: string } = {},
): Promise<StoreSource | null> {
  const store = options.store === undefined ? currentStore() : options.store;
  if (!store) return null;
  const now = options.now ?? Date.now();
  const account = options.account ?? (await currentStoreAccount());
  try {
    const coverage = await historyCoverage(store, account, since, now);
    if (!coverage.covers) return null;
    const { lastPass, historySince } = coverage;
    const list: ListJobsFn = async ({ type, cursor }) => {
      // Large pages: each is one query on a local store, where Klaviyo's pages of 100 are a round trip each.
      // Bounded below by `since`: a type's list ends where the reader stops, so no page carries older
      // jobs only to be dropped (Klaviyo's lists cannot do that; the store can).
      const jobs = await listStoredJobs(store.db, {
        account,
        type,
        after: decode(cursor),
        since: new Date(since),
        limit: STORE_PAGE,
      });
      const last = jobs.at(-1);
      return {
        type,
        status: null,
        jobs,
        nextCursor: jobs.length === STORE_PAGE && last ? encode(last) : null,
        prevCursor: null,
        fetchedAt: lastPass,
      };
    };
    return { list, asOf: lastPass, since: historySince };
  } catch {
    // The store failing is no reason to fail the page: Klaviyo can still answer.
    return null;
  }
}
