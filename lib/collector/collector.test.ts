/**
 * The collector against the real simulator (in-process, its clock moved by the test) and a real
 * embedded store: what Klaviyo shows ends up stored, and stays stored after Klaviyo forgets it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_TYPE_INFO, JOB_TYPES } from "../job-types";
import type { KlaviyoClient } from "../klaviyo/client";
import { simulatorClient } from "../klaviyo/testing";
import type { Simulator } from "../klaviyo-simulator";
import { frozenSimulator, TEST_KEY } from "../klaviyo-simulator/testing";
import { getStoredJob, jobHistory, listStoredJobs, storedSummary } from "../store/jobs";
import type { Store } from "../store/open";
import { ENGINES, type TestPlace } from "../store/testing";
import { Collector } from "./collector";

const ACCOUNT = "default";
let simulator: Simulator;
let client: KlaviyoClient;
let place: TestPlace;
let store: Store;
let collector: Collector;
/** calls the collector made through the client, by kind */
const calls = { list: 0, get: 0 };

beforeAll(async () => {
  simulator = frozenSimulator({ seed: 11, apiKey: TEST_KEY, rateLimits: false });
  // Every pass must see the simulator's present, not a cached past: the client has no cache.
  client = simulatorClient(simulator);
  place = await ENGINES[0]!.place();
  store = await place.open();
  collector = new Collector({
    db: store.db,
    account: ACCOUNT,
    now: () => simulator.clock.now(),
    source: {
      listJobs: (query) => {
        calls.list += 1;
        return client.listJobs(query, "background");
      },
      getJob: (query) => {
        calls.get += 1;
        return client.getJob(query, "background");
      },
    },
  });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await place?.remove();
});

async function storedIds(type: (typeof JOB_TYPES)[number]): Promise<string[]> {
  const ids: string[] = [];
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await listStoredJobs(store.db, { account: ACCOUNT, type, after });
    ids.push(...page.map((job) => job.id));
    if (page.length < 100) return ids;
    after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
  }
}

describe("the collector", () => {
  it("backfills every job Klaviyo holds, of all nine types, on its first pass", async () => {
    const report = await collector.pass();
    for (const type of JOB_TYPES) {
      const upstream = simulator.store.listJobs(type).map((job) => job.id);
      expect(new Set(await storedIds(type)), type).toEqual(new Set(upstream));
    }
    const total = JOB_TYPES.reduce((n, type) => n + simulator.store.listJobs(type).length, 0);
    expect(report.added).toBe(total);
    expect((await storedSummary(store.db, ACCOUNT)).jobs).toBe(total);
  }, 60_000);

  it("then asks one page per type (plus the running lists) and adds nothing when nothing changed", async () => {
    const before = { ...calls };
    const report = await collector.pass();
    expect(report.added).toBe(0);
    const running = JOB_TYPES.filter(
      (type) =>
        simulator.store.listJobs(type, { status: "processing" }).length +
          simulator.store.listJobs(type, { status: "queued" }).length >
        0,
    );
    // One newest-first page per type, and the two status lists of each type with running jobs.
    const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
    const statusPages = running.reduce(
      (n, type) =>
        n +
        pages(simulator.store.listJobs(type, { status: "processing" }).length) +
        pages(simulator.store.listJobs(type, { status: "queued" }).length),
      0,
    );
    expect(calls.list - before.list).toBe(JOB_TYPES.length + statusPages);
    expect(calls.get - before.get).toBe(report.itemsKept);
  }, 60_000);

  it("follows running jobs to their end, with their final errors and items, and finds new ones", async () => {
    const running = JOB_TYPES.flatMap((type) => simulator.store.listJobs(type, { status: "processing" }));
    expect(running.length).toBeGreaterThan(0);
    simulator.clock.set(simulator.clock.now() + 3 * 60 * 60_000);
    await collector.pass();
    await collector.pass();
    for (const job of running.slice(0, 10)) {
      const now = simulator.store.getJob(job.type, job.id);
      const stored = await getStoredJob(store.db, ACCOUNT, job.type, job.id);
      if (!now) continue; // expired meanwhile: covered below
      expect(stored, job.id).toMatchObject({ status: now.status, completedCount: now.completedCount });
      expect(stored?.errors.length).toBe(now.errors.length);
      if (now.status === "complete" && JOB_TYPE_INFO[job.type].include) expect(stored?.includedAt).not.toBeNull();
      // Its counts were recorded at each change, never going backwards.
      const history = await jobHistory(store.db, ACCOUNT, job.type, job.id);
      const counts = history.map((change) => change.completedCount);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
    for (const type of JOB_TYPES) {
      const upstream = simulator.store.listJobs(type).map((job) => job.id);
      const stored = new Set(await storedIds(type));
      expect(
        upstream.filter((id) => !stored.has(id)),
        `${type}: jobs created meanwhile`,
      ).toEqual([]);
    }
  }, 120_000);

  it("keeps a job after Klaviyo forgets it, marked with when it went", async () => {
    const oldest = simulator.store.listAllJobs().at(-1)!;
    expect(oldest.expiresAt).not.toBeNull();
    simulator.clock.set(Date.parse(oldest.expiresAt!) + 60_000);
    expect(simulator.store.getJob(oldest.type, oldest.id)).toBeNull();
    await collector.pass();
    const kept = await getStoredJob(store.db, ACCOUNT, oldest.type, oldest.id);
    expect(kept).toMatchObject({ id: oldest.id, status: oldest.status, failedCount: oldest.failedCount });
    expect(kept?.goneAt).not.toBeNull();
    expect(kept?.errors.length).toBe(oldest.errors.length);
  }, 120_000);
});

describe("an interrupted backfill", () => {
  it("is resumed by the next collector (a restart), not cut short by the jobs it already stored", async () => {
    const other = await ENGINES[0]!.place();
    const fresh = await other.open();
    try {
      const source = {
        listJobs: (query: Parameters<KlaviyoClient["listJobs"]>[0]) => client.listJobs(query, "background"),
        getJob: (query: Parameters<KlaviyoClient["getJob"]>[0]) => client.getJob(query, "background"),
      };
      // One page per type, then the process dies (its in-memory cursors with it).
      const first = new Collector({ db: fresh.db, account: ACCOUNT, source, maxPagesPerType: 1, maxReadsPerPass: 0 });
      await first.pass();
      const big = JOB_TYPES.filter((type) => simulator.store.listJobs(type).length > 100);
      expect(big.length, "some type has more than one page of jobs").toBeGreaterThan(0);
      const restarted = new Collector({ db: fresh.db, account: ACCOUNT, source, maxReadsPerPass: 0 });
      await restarted.pass();
      for (const type of big) {
        expect(await storedCountOf(fresh, type), type).toBe(simulator.store.listJobs(type).length);
      }
    } finally {
      await fresh.close();
      await other.remove();
    }
  }, 120_000);
});

async function storedCountOf(target: Store, type: (typeof JOB_TYPES)[number]): Promise<number> {
  let count = 0;
  let after: { createdAt: string; id: string } | undefined;
  for (;;) {
    const page = await listStoredJobs(target.db, { account: ACCOUNT, type, after });
    count += page.length;
    if (page.length < 100) return count;
    after = { createdAt: page.at(-1)!.createdAt, id: page.at(-1)!.id };
  }
}
