import "server-only";
/**
 * The overview read from the job history only: no Klaviyo call, whatever the store holds. Each
 * account's runs are grouped as `/runs` groups them (lib/runs), from its own stored rows; an account
 * the history does not cover for the whole window is reported as such, never as a quiet zero.
 */
import type { Account } from "@/lib/accounts/config";
import { accountPrefix } from "@/lib/accounts/path";
import { getEnv } from "@/lib/env";
import { buildRecentRuns } from "@/lib/runs/answers";
import { DEFAULT_GAP_MINUTES, RUN_WINDOW_MS } from "@/lib/runs/params";
import { historyCoverage } from "@/lib/runs/store-source.server";
import { listJobCountsSince } from "@/lib/store/job-counts";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import { type Overview, type OverviewAccount, overviewRuns, overviewTotals } from "./answer";
import type { OverviewQuery } from "./params";

export interface OverviewOptions {
  accounts: readonly Account[];
  store?: Store | null;
  now?: number;
  /** how many accounts are configured: with one, links carry no account (today's URLs) */
  configured?: number;
}

async function readAccount(
  account: Account,
  context: { query: OverviewQuery; store: Store | null; since: number; now: number; prefix: string },
): Promise<OverviewAccount> {
  const { query, store, since, now, prefix } = context;
  const base = { name: account.name, upstream: account.upstream, prefix, runs: [], totals: null };
  const down = {
    ...base,
    history: { state: "none" as const, reason: "store-down" as const, lastPass: null, since: null },
  };
  if (!store) return down;
  try {
    const coverage = await historyCoverage(store, account.storeId, since, now);
    if (!coverage.covers) {
      const { reason, lastPass, historySince } = coverage;
      return { ...base, history: { state: "none", reason, lastPass, since: historySince } };
    }
    const jobs = await listJobCountsSince(store.db, account.storeId, new Date(since));
    const recent = buildRecentRuns(
      jobs,
      { window: query.window, gapMinutes: DEFAULT_GAP_MINUTES, since },
      { listCalls: 0, truncated: [], fetchedAt: coverage.lastPass, source: "history" },
    );
    return {
      ...base,
      history: { state: "covered", asOf: coverage.lastPass, since: coverage.historySince },
      runs: overviewRuns(recent),
      totals: overviewTotals(recent),
    };
  } catch {
    // One account's read failing says so for that account; the others still show.
    return down;
  }
}

export async function getOverview(query: OverviewQuery, options: OverviewOptions): Promise<Overview> {
  const now = options.now ?? Date.now();
  const store = options.store === undefined ? currentStore() : options.store;
  const since = now - RUN_WINDOW_MS[query.window];
  const several = (options.configured ?? getEnv().accounts.length) > 1;
  // One after another: on the embedded store queries run one at a time anyway, and a few accounts
  // of a day's runs each are a handful of local reads.
  const accounts: OverviewAccount[] = [];
  for (const account of options.accounts) {
    accounts.push(
      await readAccount(account, { query, store, since, now, prefix: several ? accountPrefix(account.name) : "" }),
    );
  }
  return { window: query.window, gapMinutes: DEFAULT_GAP_MINUTES, since: new Date(since).toISOString(), accounts };
}
