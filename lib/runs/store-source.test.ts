import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JOB_TYPES } from "@/lib/job-types";
import { recordJobs, setMeta } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";
import type { Job } from "@/lib/types";
import { collectJobsSince } from "./read.server";
import { storeSourceSince } from "./store-source.server";

vi.mock("server-only", () => ({}));

let place: TestPlace;
let store: Store;
const NOW = Date.UTC(2026, 11, 7, 12);
const MIN = 60_000;

function job(i: number): Job {
  const createdAt = new Date(NOW - i * MIN).toISOString();
  return {
    type: JOB_TYPES[i % JOB_TYPES.length]!,
    id: `J${String(i).padStart(4, "0")}`,
    status: "complete",
    createdAt,
    completedAt: createdAt,
    expiresAt: null,
    totalCount: 10,
    completedCount: 10,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  };
}

beforeAll(async () => {
  place = await ENGINES[0]!.place();
  store = await place.open();
  // 2,000 jobs over the last 2,000 minutes, spread over the nine types.
  const jobs = Array.from({ length: 2000 }, (_, i) => job(i));
  for (let i = 0; i < jobs.length; i += 500) await recordJobs(store.db, "acct", jobs.slice(i, i + 500), new Date(NOW));
}, 60_000);

afterAll(async () => {
  await store?.close();
  await place?.remove();
});

describe("runs from the job history", () => {
  it("answers for a window the history covers while the collector is current, with no Klaviyo call", async () => {
    await setMeta(store.db, "history_since:acct", new Date(NOW - 3000 * MIN).toISOString());
    await setMeta(store.db, "last_pass:acct", new Date(NOW - 20_000).toISOString());
    const since = NOW - 1500 * MIN;
    const source = await storeSourceSince(since, { now: NOW, store, account: "acct" });
    expect(source?.asOf).toBe(new Date(NOW - 20_000).toISOString());
    const collected = await collectJobsSince(since, { list: source!.list });
    const expected = Array.from({ length: 1501 }, (_, i) => job(i).id);
    // Exactly the window's jobs: no page carries older ones only for the reader to drop them, and
    // each type is one read (167 jobs a type, under a page of 1,000).
    expect(new Set(collected.jobs.map((j) => j.id))).toEqual(new Set(expected));
    expect(collected.jobs).toHaveLength(expected.length);
    expect(collected.listCalls).toBe(JOB_TYPES.length);
    expect(collected.truncated).toEqual([]);
  });

  it("declines a window before the history starts, a stale collector, or no store", async () => {
    await setMeta(store.db, "history_since:acct", new Date(NOW - 100 * MIN).toISOString());
    expect(await storeSourceSince(NOW - 200 * MIN, { now: NOW, store, account: "acct" })).toBeNull();
    expect(await storeSourceSince(NOW - 50 * MIN, { now: NOW, store, account: "acct" })).not.toBeNull();
    await setMeta(store.db, "last_pass:acct", new Date(NOW - 10 * MIN).toISOString());
    expect(await storeSourceSince(NOW - 50 * MIN, { now: NOW, store, account: "acct" })).toBeNull();
    expect(await storeSourceSince(NOW - 50 * MIN, { now: NOW, store: null, account: "acct" })).toBeNull();
    expect(await storeSourceSince(NOW - 50 * MIN, { now: NOW, store, account: "another" })).toBeNull();
  });
});
