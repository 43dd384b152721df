/**
 * The overview read from the job history, on both engines: each account's runs from its own rows
 * only, their failure figures and totals, and an account the history does not cover (never
 * collected, collector stale, history starting inside the window, store away) said as such.
 */
import { describe, expect, it, vi } from "vitest";
import type { Account } from "@/lib/accounts/config";
import { formatRunInstant } from "@/lib/runs/params";
import { recordJobs, setMeta } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { ENGINES, storeForSuite } from "@/lib/store/testing";
import type { Job } from "@/lib/types";
import type { OverviewAccount } from "./answer";
import { parseOverviewQuery } from "./query.server";
import { getOverview } from "./read.server";

vi.mock("server-only", () => ({}));

const NOW = Date.UTC(2026, 11, 7, 23, 0);
const MIN = 60_000;
const at = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN).toISOString();
/** a run's ends as its links spell them */
const edge = (minutesAgo: number) => formatRunInstant(NOW - minutesAgo * MIN);

function job(id: string, minutesAgo: number, counts: Partial<Job> = {}): Job {
  return {
    type: "item-create",
    id,
    status: "complete",
    createdAt: at(minutesAgo),
    completedAt: at(minutesAgo - 2),
    expiresAt: null,
    totalCount: 100,
    completedCount: 100,
    failedCount: 0,
    errors: [],
    relatedIds: [],
    ...counts,
  };
}

const account = (name: string): Account => ({
  name,
  apiKey: null,
  seed: 1,
  storeId: `simulator-${name}`,
  upstream: "simulator",
});
const ACCOUNTS = ["brand-a", "brand-b", "quiet", "stale", "never", "recent"].map(account);

async function seed(store: Store): Promise<void> {
  const observed = new Date(NOW - MIN);
  await recordJobs(
    store.db,
    "simulator-brand-a",
    [
      // yesterday's run, outside the 24-hour window
      job("a-old", 30 * 60, { failedCount: 50, completedCount: 50 }),
      // tonight's first run: 300 operations, 10 failed, finished
      job("a-1", 300),
      job("a-2", 298, { completedCount: 90, failedCount: 10 }),
      job("a-3", 295),
      // the newest run, still running
      job("a-4", 20, { type: "variant-update" }),
      job("a-5", 18, { status: "processing", completedAt: null, completedCount: 40, failedCount: 0 }),
    ],
    observed,
  );
  await recordJobs(
    store.db,
    "simulator-brand-b",
    [job("b-1", 120), job("b-2", 119, { type: "category-delete" })],
    observed,
  );
  await recordJobs(store.db, "simulator-stale", [job("s-1", 60)], observed);
  await recordJobs(store.db, "simulator-recent", [job("r-1", 30, { failedCount: 5, completedCount: 95 })], observed);
  const since = at(48 * 60);
  for (const name of ["brand-a", "brand-b", "quiet", "stale"]) {
    await setMeta(store.db, `history_since:simulator-${name}`, since);
    await setMeta(store.db, `last_pass:simulator-${name}`, name === "stale" ? at(60) : at(1));
  }
  // collected for two hours only: it cannot speak for a whole day
  await setMeta(store.db, "history_since:simulator-recent", at(120));
  await setMeta(store.db, "last_pass:simulator-recent", at(1));
}

const byName = (accounts: OverviewAccount[], name: string) => accounts.find((a) => a.name === name)!;

describe.each(ENGINES)("the overview across accounts on $name", (engine) => {
  let store: Store;
  storeForSuite(engine, (opened) => {
    store = opened.store;
  });

  it.skipIf(!engine.available)("groups each account's runs from its own history, newest first", async () => {
    await seed(store);
    const overview = await getOverview({ window: "24h" }, { accounts: ACCOUNTS, store, now: NOW, configured: 6 });
    expect(overview.accounts.map((a) => a.name)).toEqual(ACCOUNTS.map((a) => a.name));
    expect(overview.since).toBe(at(24 * 60));

    const a = byName(overview.accounts, "brand-a");
    expect(a.prefix).toBe("/a/brand-a");
    expect(a.history).toEqual({ state: "covered", asOf: at(1), since: at(48 * 60) });
    expect(a.runs.map((run) => [run.from, run.to, run.jobs])).toEqual([
      [edge(20), edge(18), 2],
      [edge(300), edge(295), 3],
    ]);
    const [newest, first] = a.runs;
    expect(newest).toMatchObject({ running: 1, end: null, operations: 200, failed: 0, failureRate: 0 });
    expect(first).toMatchObject({ running: 0, end: at(293), operations: 300, failed: 10 });
    expect(first!.failureRate).toBeCloseTo(10 / 300);
    expect(a.totals).toMatchObject({ runs: 2, jobs: 5, operations: 500, failed: 10, running: 1, newest: "running" });
    // over every processed operation: 290 + 140 completed, 10 failed
    expect(a.totals!.failureRate).toBeCloseTo(10 / 440);

    const b = byName(overview.accounts, "brand-b");
    expect(b.runs).toHaveLength(1);
    expect(b.totals).toMatchObject({ runs: 1, jobs: 2, failed: 0, failureRate: 0, running: 0, newest: "finished" });
  });

  it.skipIf(!engine.available)("says when the history cannot speak for an account, instead of zeros", async () => {
    const overview = await getOverview({ window: "24h" }, { accounts: ACCOUNTS, store, now: NOW, configured: 6 });
    // collected, and nothing ran: zero runs is the truth
    expect(byName(overview.accounts, "quiet").totals).toMatchObject({ runs: 0, jobs: 0, newest: null });
    expect(byName(overview.accounts, "stale")).toMatchObject({
      history: { state: "none", reason: "stale", lastPass: at(60) },
      runs: [],
      totals: null,
    });
    expect(byName(overview.accounts, "never").history).toMatchObject({ state: "none", reason: "not-collected" });
    expect(byName(overview.accounts, "recent").history).toMatchObject({
      state: "none",
      reason: "starts-later",
      since: at(120),
    });
    // an hour's window lies inside what it has kept
    const hour = await getOverview({ window: "1h" }, { accounts: ACCOUNTS, store, now: NOW, configured: 6 });
    expect(byName(hour.accounts, "recent").totals).toMatchObject({ runs: 1, failed: 5 });
    expect(byName(hour.accounts, "brand-a").runs.map((run) => run.from)).toEqual([edge(20)]);
  });

  it.skipIf(!engine.available)("links without an account when only one is configured", async () => {
    const overview = await getOverview(
      { window: "24h" },
      { accounts: ACCOUNTS.slice(0, 1), store, now: NOW, configured: 1 },
    );
    expect(overview.accounts).toHaveLength(1);
    expect(overview.accounts[0]!.prefix).toBe("");
  });
});

describe("the overview without a store", () => {
  it("reports every account as not answering", async () => {
    const overview = await getOverview({ window: "24h" }, { accounts: ACCOUNTS, store: null, now: NOW, configured: 6 });
    expect(overview.accounts.every((a) => a.history.state === "none" && a.history.reason === "store-down")).toBe(true);
    expect(overview.accounts.every((a) => a.totals === null)).toBe(true);
  });
});

describe("the overview's window", () => {
  it.each([
    ["", "24h"],
    ["window=1h", "1h"],
    ["window=72h", "72h"],
  ])("takes ?%s", (search, window) => {
    expect(parseOverviewQuery(new URLSearchParams(search))).toEqual({ ok: true, data: { window } });
  });

  it.each([["window=30d"], ["window=24"], ["window=1h&window=6h"], ["hours=24"], ["window="]])(
    "refuses ?%s",
    (search) => {
      expect(parseOverviewQuery(new URLSearchParams(search)).ok).toBe(false);
    },
  );
});
