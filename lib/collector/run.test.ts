import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ApiError } from "../http/errors";
import type { JobType } from "../job-types";
import { getMeta, getStoredJob, recordJobs } from "../store/jobs";
import { rowsOf, type Store } from "../store/open";
import { ENGINES, type TestPlace } from "../store/testing";
import type { Job, JobPage } from "../types";
import { runCollector } from "./run";

let place: TestPlace;
let store: Store;

beforeAll(async () => {
  place = await ENGINES[0]!.place();
  store = await place.open();
}, 60_000);

afterAll(async () => {
  await store?.close();
  await place?.remove();
});

const NOW = Date.UTC(2026, 11, 7, 12);
const DAY = 86_400_000;

function job(id: string, createdAt: number): Job {
  return {
    type: "item-delete",
    id,
    status: "complete",
    createdAt: new Date(createdAt).toISOString(),
    completedAt: new Date(createdAt + 60_000).toISOString(),
    expiresAt: new Date(NOW + DAY).toISOString(),
    totalCount: 1,
    completedCount: 1,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  };
}

/** Klaviyo with nothing to list: the passes only do housekeeping. */
const empty = {
  listJobs: async (query: { type: JobType }): Promise<JobPage> => ({
    type: query.type,
    status: null,
    jobs: [],
    nextCursor: null,
    prevCursor: null,
    fetchedAt: new Date(NOW).toISOString(),
  }),
  // Jobs past their expires_at are asked about: Klaviyo has forgotten them.
  getJob: async () => {
    throw new ApiError("not_found", "gone");
  },
};

it("notes since when history is complete, and prunes past HISTORY_DAYS once a day, moving that start", async () => {
  let now = NOW;
  await recordJobs(
    store.db,
    "acct",
    [job("old", NOW - 100 * DAY), job("recent", NOW - 10 * DAY)],
    new Date(NOW - 9 * DAY),
  );
  const running = runCollector({ store, account: "acct", source: empty, historyDays: 90, now: () => now });
  try {
    await running.passNow();
    expect(running.state()).toMatchObject({ role: "leader", lastError: null });
    expect(await getStoredJob(store.db, "acct", "item-delete", "old")).toBeNull();
    expect(await getStoredJob(store.db, "acct", "item-delete", "recent")).not.toBeNull();
    // Every type was paged to its end, so history reached back to the oldest job; then the prune
    // moved its start to the horizon.
    expect(await getMeta<string>(store.db, "history_since:acct")).toBe(new Date(NOW - 90 * DAY).toISOString());

    // Within the day, no second prune; a day later, there is.
    await recordJobs(store.db, "acct", [job("old-2", NOW - 95 * DAY)], new Date(NOW - 9 * DAY));
    now += 60 * 60_000;
    await running.passNow();
    expect(await getStoredJob(store.db, "acct", "item-delete", "old-2")).not.toBeNull();
    now += DAY;
    await running.passNow();
    expect(await getStoredJob(store.db, "acct", "item-delete", "old-2")).toBeNull();
    expect(running.state().lastError).toBeNull();
    expect(await getMeta<string>(store.db, "history_since:acct")).toBe(new Date(now - 90 * DAY).toISOString());
  } finally {
    await running.stop();
  }
}, 60_000);

it("vacuums and analyzes the embedded store after the backfill and then once a day", async () => {
  let now = NOW + 400 * DAY;
  const stats = async () => {
    const rows = await rowsOf<{ vacuumed: number; analyzed: number }>(
      store.db,
      sql`select vacuum_count::int as vacuumed, analyze_count::int as analyzed from pg_stat_user_tables where relname = 'jobs'`,
    );
    return rows[0]!;
  };
  const before = await stats();
  const running = runCollector({ store, account: "acct-maintained", source: empty, now: () => now });
  try {
    await running.passNow();
    const first = await stats();
    expect(first.vacuumed).toBeGreaterThan(before.vacuumed);
    expect(first.analyzed).toBeGreaterThan(before.analyzed);
    expect(await getMeta<string>(store.db, "maintained_at")).toBe(new Date(now).toISOString());
    // Within the day, nothing more; a day later, again.
    now += 60 * 60_000;
    await running.passNow();
    expect((await stats()).vacuumed).toBe(first.vacuumed);
    now += DAY;
    await running.passNow();
    expect((await stats()).vacuumed).toBeGreaterThan(first.vacuumed);
  } finally {
    await running.stop();
  }
}, 60_000);
