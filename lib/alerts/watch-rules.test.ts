/**
 * The rules that look past one run: an error group new against the runs before it, and the
 * collector itself in trouble (behind, or Klaviyo refusing) — on both engines, the latter also with
 * the simulator's clock and faults driving a real collector.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type PassHealth, runCollector } from "../collector/run";
import { simulatorClient } from "../klaviyo/testing";
import { frozenSimulator, TEST_KEY } from "../klaviyo-simulator/testing";
import { createCallRecorder } from "../observability/call-recorder";
import { insertChannel } from "../store/alert-channels";
import { insertRule } from "../store/alert-rules";
import { deliveryHistory } from "../store/alerts";
import { recordJobs } from "../store/jobs";
import type { Store } from "../store/open";
import { alertChannels, alertDeliveries, alertEvents, alertRules } from "../store/schema";
import { ENGINES, storeForSuite, type TestPlace } from "../store/testing";
import type { Job, JobError } from "../types";
import { evaluateAlerts } from "./evaluate.server";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 11, 1, 10, 0);
const account = "default";

/** A channel that is never sent to here: what is decided is what these tests read. */
async function channel(store: Store): Promise<string> {
  const row = await insertChannel(store.db, {
    account: "default",
    name: "ops mail",
    kind: "email",
    settings: { host: "127.0.0.1", port: 2525, from: "dash@example.com", to: ["ops@example.com"] },
    secret: null,
    by: "test",
    at: new Date(T0 - HOUR),
  });
  return row.id;
}

async function rule(store: Store, name: string, kind: string, params: Record<string, unknown>, channelId: string) {
  return insertRule(store.db, {
    account: "default",
    name,
    kind,
    scope: { kind: "all" },
    params,
    channelIds: [channelId],
    muted: false,
    by: "test",
    at: new Date(T0 - HOUR),
  });
}

const PRICE: Omit<JobError, "id"> = {
  code: "invalid",
  title: "Invalid price",
  detail: "price must be positive",
  pointer: "/data/0/attributes/price",
};
const CATEGORY: Omit<JobError, "id"> = {
  code: "not_found",
  title: "Category not found",
  detail: "category c-9 does not exist",
  pointer: "/data/0/relationships/categories",
};

/** A one-job run created at `at`, finished, with one failed operation per error given. */
function runJob(name: string, at: number, errors: Omit<JobError, "id">[]): Job {
  return {
    type: "item-create",
    id: name,
    status: "complete",
    createdAt: new Date(at).toISOString(),
    completedAt: new Date(at + 5 * MIN).toISOString(),
    expiresAt: null,
    totalCount: 100,
    completedCount: 100 - errors.length,
    failedCount: errors.length,
    errors: errors.map((error, i) => ({ id: `${name}-e${i}`, ...error })),
    relatedIds: [],
  };
}

describe.each(ENGINES)("rules beyond one run, on $name", (engine) => {
  let store: Store;

  storeForSuite(engine, (opened) => {
    store = opened.store;
  });
  beforeEach(async () => {
    if (!engine.available) return;
    await store.db.execute("truncate jobs, job_changes" as never).catch(() => {});
    for (const table of [alertDeliveries, alertEvents, alertRules, alertChannels]) await store.db.delete(table);
  });

  it.skipIf(!engine.available)(
    "tells of an error group none of the last N runs had, once per run, counting runs older than a day",
    async () => {
      const channelId = await channel(store);
      const five = await rule(store, "new in 5", "new_error_group", { runs: 5 }, channelId);
      await rule(store, "new in 6", "new_error_group", { runs: 6 }, channelId);
      // r1, more than a day back, has the category error; r2–r6 only the price error; r7 both.
      const day2 = T0 + 30 * HOUR;
      const jobs = [
        runJob("r1", T0, [CATEGORY]),
        ...[2, 3, 4, 5, 6].map((n) => runJob(`r${n}`, day2 + (n - 2) * HOUR, [PRICE])),
        runJob("r7", day2 + 5 * HOUR, [PRICE, CATEGORY]),
      ];
      await recordJobs(store.db, account, jobs, new Date(day2 + 6 * HOUR));
      const now = day2 + 6 * HOUR;
      expect(await evaluateAlerts({ db: store.db, account, now })).toBe(3);
      // Passes after that decide nothing more.
      expect(await evaluateAlerts({ db: store.db, account, now: now + 2 * MIN })).toBe(0);

      const rows = await deliveryHistory(store.db, "default");
      const told = rows.map((row) => `${row.ruleId === five.id ? "5" : "6"} ${row.subject}`).sort();
      // r2's price error is new against r1; r7's category error is new against r2–r6 but not against
      // six runs, which reach r1. r1 has no run before it, so nothing is called new there.
      expect(told).toEqual([
        `5 run:${jobs[1]!.createdAt.replace(".000", "")}`,
        `5 run:${jobs[6]!.createdAt.replace(".000", "")}`,
        `6 run:${jobs[1]!.createdAt.replace(".000", "")}`,
      ]);
      const r7 = rows.find((row) => row.ruleId === five.id && row.subject.includes(jobs[6]!.createdAt.slice(0, 16)))!;
      expect(r7.title).toBe(
        "New error in the run from 2026-12-02T21:00:00Z: not_found (categories), not seen in the 5 runs before",
      );
      expect(r7.link).toBe("/runs?from=2026-12-02T21%3A00%3A00Z&to=2026-12-02T21%3A00%3A00Z");
    },
  );

  it.skipIf(!engine.available)(
    "tells once per episode when the collector has been behind, or Klaviyo refusing, for the rule's minutes",
    async () => {
      const channelId = await channel(store);
      await rule(store, "trouble", "collector_trouble", { minutes: 10 }, channelId);
      const behindSince = T0;
      const at = (minutes: number, troubleMinutes: number | null) =>
        evaluateAlerts({
          db: store.db,
          account,
          now: T0 + minutes * MIN,
          health: {
            behindSince,
            upstreamTroubleSince: troubleMinutes === null ? null : T0 + (minutes - troubleMinutes) * MIN,
          },
        });
      expect(await at(9, 9)).toBe(0);
      expect(await at(10, null)).toBe(1);
      expect(await at(12, null)).toBe(0);
      // Klaviyo refusing since minute 3: one more message at minute 13, not again at 20.
      expect(await at(13, 10)).toBe(1);
      expect(await at(20, 17)).toBe(0);
      // Without health (nothing to judge by) the rule is quiet.
      expect(await evaluateAlerts({ db: store.db, account, now: T0 + 60 * MIN })).toBe(0);
      const subjects = (await deliveryHistory(store.db, "default")).map((row) => row.subject).sort();
      expect(subjects).toEqual([
        `behind:${new Date(T0).toISOString()}`,
        `upstream:${new Date(T0 + 3 * MIN).toISOString()}`,
      ]);
    },
  );
});

describe("the collector in trouble, with the simulator refusing", () => {
  let place: TestPlace;
  let store: Store;
  beforeAll(async () => {
    place = await ENGINES[0]!.place();
    store = await place.open();
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await place.remove();
  });

  it("says the collector is behind after M minutes of failed passes, then that Klaviyo refuses, once each", async () => {
    const simulator = frozenSimulator({ seed: 11, apiKey: TEST_KEY, rateLimits: false });
    const now = () => simulator.clock.now();
    const recorder = createCallRecorder(now);
    const client = simulatorClient(simulator, {
      retry: { maxAttempts: 1 },
      observer: { attempted: ({ endpoint, priority, outcome }) => recorder.called(endpoint, priority, outcome) },
    });
    const channelId = await channel(store);
    await rule(store, "trouble", "collector_trouble", { minutes: 10 }, channelId);
    const passes: { ok: boolean; decided: number }[] = [];
    const collector = runCollector({
      store,
      account,
      source: { listJobs: (q) => client.listJobs(q, "background"), getJob: (q) => client.getJob(q, "background") },
      now,
      // Passes only when the test asks.
      fastMs: 3_600_000,
      idleMs: 3_600_000,
      afterPass: async (at: number, health: PassHealth) => {
        const decided = await evaluateAlerts({
          db: store.db,
          account,
          now: at,
          health: { behindSince: health.behindSince, upstreamTroubleSince: recorder.troubleSince() },
        });
        passes.push({ ok: health.ok, decided });
      },
    });
    try {
      await collector.passNow();
      expect(passes.at(-1)).toEqual({ ok: true, decided: 0 });
      const goodAt = now();
      simulator.faults.set({ endpoint: "*", kind: "status", status: 500 });
      const refusedFrom = goodAt + 4 * MIN;
      // Failing passes at +4, +8, +12, +16 minutes.
      for (const minutes of [4, 8, 12, 16]) {
        simulator.clock.set(goodAt + minutes * MIN);
        await collector.passNow();
      }
      expect(passes.slice(1).map((pass) => pass.ok)).toEqual([false, false, false, false]);
      // Behind since the good pass: told at +12. Klaviyo refusing since +4: told at +16 (12 minutes).
      expect(passes.slice(1).map((pass) => pass.decided)).toEqual([0, 0, 1, 1]);
      simulator.faults.clear();
      simulator.clock.set(goodAt + 20 * MIN);
      await collector.passNow();
      expect(passes.at(-1)).toEqual({ ok: true, decided: 0 });
      expect(recorder.troubleSince()).toBeNull();
      const rows = await deliveryHistory(store.db, "default");
      expect(rows.map((row) => row.subject).sort()).toEqual([
        `behind:${new Date(goodAt).toISOString()}`,
        `upstream:${new Date(refusedFrom).toISOString()}`,
      ]);
      expect(rows.every((row) => row.link === "/status")).toBe(true);
    } finally {
      await collector.stop();
    }
  }, 300_000);
});
