/**
 * Rule evaluation as the collector runs it: against recorded jobs (a failure spike in a 500-job run,
 * a stall) on both engines, and end to end against the simulator, whose clock drives a seeded sync
 * to its end while the collector records it, the rules decide and the worker sends to a real receiver.
 */
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Collector } from "../collector/collector";
import { simulatorClient } from "../klaviyo/testing";
import { frozenSimulator, TEST_KEY } from "../klaviyo-simulator/testing";
import { groupRuns } from "../runs/group";
import { summarizeRun } from "../runs/summary";
import { insertChannel } from "../store/alert-channels";
import { insertRule } from "../store/alert-rules";
import { deliveryHistory } from "../store/alerts";
import { recordJobs } from "../store/jobs";
import type { Store } from "../store/open";
import { alertChannels, alertDeliveries, alertEvents, alertRules } from "../store/schema";
import { ENGINES, storeForSuite, type TestPlace } from "../store/testing";
import type { Job } from "../types";
import { evaluateAlerts, RUN_GAP_MS, runFinishedAt } from "./evaluate.server";
import { sealSecret } from "./secret-box.server";
import { type Receiver, startReceiver } from "./testing";
import { startDeliveryWorker } from "./worker.server";

const KEY = randomBytes(32);
const SIGNING = `whsec_${randomBytes(32).toString("base64")}`;
const PUBLIC_URL = "https://jobs.example.com";
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 10, 0);

async function channel(store: Store, url: string, name: string): Promise<string> {
  const row = await insertChannel(store.db, {
    account: "default",
    name,
    kind: "webhook",
    settings: { host: new URL(url).host },
    secret: sealSecret(KEY, JSON.stringify({ url, signingSecret: SIGNING })),
    by: "test",
    at: new Date(T0 - 60 * MIN),
  });
  return row.id;
}

async function rule(store: Store, kind: string, params: Record<string, unknown>, channelIds: string[], at: number) {
  return insertRule(store.db, {
    account: "default",
    name: kind,
    kind,
    scope: { kind: "all" },
    params,
    channelIds,
    muted: false,
    by: "test",
    at: new Date(at),
  });
}

/** A job of a 500-job burst: created a second apart, `failed` of 100 operations failing once done. */
function burstJob(i: number, state: "queued" | "processing" | "complete", failed: number): Job {
  const done = state === "complete" ? 100 - failed : state === "processing" ? 40 : 0;
  return {
    type: i % 2 ? "item-update" : "variant-update",
    id: `spike-${i}`,
    status: state,
    createdAt: new Date(T0 + i * 1000).toISOString(),
    completedAt: state === "complete" ? new Date(T0 + 20 * MIN).toISOString() : null,
    expiresAt: null,
    totalCount: 100,
    completedCount: done,
    failedCount: state === "complete" ? failed : 0,
    errors:
      state === "complete" && failed > 0
        ? [
            {
              id: `e-${i}`,
              code: "invalid",
              title: "Invalid price",
              detail: "price must be positive",
              pointer: "/data/0/attributes/price",
            },
          ]
        : [],
    relatedIds: [],
  };
}

describe.each(ENGINES)("alert rules on recorded jobs, on $name", (engine) => {
  let store: Store;
  let receiver: Receiver;
  const account = "default";

  storeForSuite(engine, (opened) => {
    store = opened.store;
  });
  beforeEach(async () => {
    if (!engine.available) return;
    receiver = await startReceiver(SIGNING);
    await store.db.execute("truncate jobs, job_changes" as never).catch(() => {});
    for (const table of [alertDeliveries, alertEvents, alertRules, alertChannels]) await store.db.delete(table);
  });
  afterEach(async () => receiver?.close());

  it.skipIf(!engine.available)(
    "sends one message per rule and channel for a 500-job run with a 20 % failure spike, not 500",
    async () => {
      const channels = [await channel(store, receiver.url, "a"), await channel(store, receiver.url, "b")];
      await rule(store, "failure_rate", { threshold: 5 }, channels, T0 - MIN);
      await rule(store, "run_finished", {}, channels, T0 - MIN);
      const worker = startDeliveryWorker({ db: store.db, key: KEY, now: () => T0 + 40 * MIN }, false);
      // Passes every 2 minutes see the run queued, then jobs finishing a hundred at a time, a fifth of
      // their operations failing.
      for (let step = 0; step <= 15; step++) {
        const at = T0 + 10 * MIN + step * 2 * MIN;
        const finishedJobs = Math.min(500, step * 100);
        const jobs = Array.from({ length: 500 }, (_, i) =>
          burstJob(i, i < finishedJobs ? "complete" : "processing", 20),
        );
        await recordJobs(store.db, account, jobs, new Date(at));
        await evaluateAlerts({ db: store.db, account, now: at, publicUrl: PUBLIC_URL });
      }
      await worker.runOnce();
      await worker.stop();
      const bodies = receiver.received.map((r) => r.json as { type: string; data: Record<string, unknown> });
      const kinds = bodies.map((b) => b.type).sort();
      expect(kinds).toEqual(["alert.failure_rate", "alert.failure_rate", "alert.run_finished", "alert.run_finished"]);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
      const finished = bodies.find((b) => b.type === "alert.run_finished")!.data;
      expect(finished.numbers).toMatchObject({
        jobs: 500,
        operations: 50_000,
        done: 40_000,
        failed: 10_000,
        failureRatePercent: 20,
      });
      expect(finished.link).toBe(`${PUBLIC_URL}/runs?from=2026-12-01T10%3A00%3A00Z&to=2026-12-01T10%3A08%3A19Z`);
      expect(String((finished.errorGroups as string[])[0])).toMatch(
        /^https:\/\/jobs\.example\.com\/jobs\/(item|variant)-update\/spike-\d+\?tab=errors&code=invalid&field=price$/,
      );
      const spike = bodies.find((b) => b.type === "alert.failure_rate")!.data;
      // Told at the first pass above the threshold: 100 jobs done (2,000 failed), 400 at 40 done each.
      expect(spike.numbers).toMatchObject({
        failed: 2_000,
        done: 24_000,
        failureRatePercent: 7.7,
        thresholdPercent: 5,
      });
    },
    120_000,
  );

  it.skipIf(!engine.available)("says a run stalled once it has not moved for the rule's minutes, once", async () => {
    const channels = [await channel(store, receiver.url, "a")];
    await rule(store, "stalled", { minutes: 15 }, channels, T0);
    const jobs = Array.from({ length: 3 }, (_, i) => burstJob(i, "processing", 0));
    await recordJobs(store.db, account, jobs, new Date(T0 + MIN));
    // Seen again, unchanged, on later passes: that is no progress.
    for (const minutes of [5, 10, 15]) {
      await recordJobs(store.db, account, jobs, new Date(T0 + minutes * MIN));
      expect(await evaluateAlerts({ db: store.db, account, now: T0 + minutes * MIN })).toBe(0);
    }
    expect(await evaluateAlerts({ db: store.db, account, now: T0 + 16 * MIN })).toBe(1);
    expect(await evaluateAlerts({ db: store.db, account, now: T0 + 30 * MIN })).toBe(0);
    const [row] = await deliveryHistory(store.db, "default");
    expect(row).toMatchObject({
      kind: "stalled",
      subject: "run:2026-12-01T10:00:00Z",
      link: "/runs?from=2026-12-01T10%3A00%3A00Z&to=2026-12-01T10%3A00%3A02Z",
    });
    expect(row!.title).toBe("Run from 2026-12-01T10:00:00Z stalled: no progress for 15m");
  });

  it.skipIf(!engine.available)(
    "tells nothing of runs that ended before the rule was made, nor of muted rules",
    async () => {
      const channels = [await channel(store, receiver.url, "a")];
      await recordJobs(store.db, account, [burstJob(0, "complete", 0)], new Date(T0 + 20 * MIN));
      await rule(store, "run_finished", {}, channels, T0 + 60 * MIN);
      expect(await evaluateAlerts({ db: store.db, account, now: T0 + 61 * MIN })).toBe(0);
      await insertRule(store.db, {
        account: "default",
        name: "m",
        kind: "run_finished",
        scope: { kind: "all" },
        params: {},
        channelIds: channels,
        muted: true,
        by: null,
        at: new Date(T0),
      });
      expect(await evaluateAlerts({ db: store.db, account, now: T0 + 62 * MIN })).toBe(0);
    },
  );
});

describe("a run's end", () => {
  it("is when all its jobs are final and the gap has passed since its last job was created", () => {
    const jobs = [burstJob(0, "complete", 0), burstJob(1, "complete", 0)];
    const lastCreated = T0 + 1000;
    expect(runFinishedAt(jobs, lastCreated + RUN_GAP_MS - 1)).toBeNull();
    expect(runFinishedAt(jobs, lastCreated + RUN_GAP_MS)).toBe(Math.max(lastCreated + RUN_GAP_MS, T0 + 20 * MIN));
    expect(runFinishedAt([burstJob(0, "processing", 0)], T0 + 60 * MIN)).toBeNull();
  });
});

describe("alerts from a seeded sync on the simulator, its clock driving the collector", () => {
  let place: TestPlace;
  let store: Store;
  let receiver: Receiver;
  beforeAll(async () => {
    place = await ENGINES[0]!.place();
    store = await place.open();
    receiver = await startReceiver(SIGNING);
  }, 60_000);
  afterAll(async () => {
    await receiver.close();
    await store.close();
    await place.remove();
  });

  it("sends one run-finished message with the run's numbers and link, within a pass of its end", async () => {
    const simulator = frozenSimulator({ seed: 11, apiKey: TEST_KEY, rateLimits: false });
    let upstreamCalls = 0;
    const client = simulatorClient(simulator, {
      transport: (request) => {
        upstreamCalls += 1;
        return simulator.handle(request);
      },
    });
    const now = () => simulator.clock.now();
    const collector = new Collector({
      db: store.db,
      account: "default",
      now,
      // Keeping items and checking expiries one job at a time is not what this test is about.
      maxReadsPerPass: 2,
      source: { listJobs: (q) => client.listJobs(q, "background"), getJob: (q) => client.getJob(q, "background") },
    });
    await collector.pass();
    const channels = [await channel(store, receiver.url, "ops")];
    await rule(store, "run_finished", {}, channels, now());
    const worker = startDeliveryWorker({ db: store.db, key: KEY, now }, false);

    // The first sync that starts after now, and the run (10-minute gaps) it belongs to.
    const start = now();
    const next = simulator.store
      .listSyncs(start + 24 * 60 * MIN)
      .find((sync) => Date.parse(sync.firstCreatedAt) > start + 15 * MIN)!;
    expect(next).toBeDefined();
    const STEP = 2 * MIN;
    // Quiet hours before it would only repeat passes that find nothing: start just before it.
    const begin = Date.parse(next.firstCreatedAt) - STEP;
    let finishedAt: number | null = null;
    let target: Job[] | null = null;
    let passCallsTotal = 0;
    for (let at = begin; at < begin + 12 * 60 * MIN; at += STEP) {
      simulator.clock.set(at);
      const before = upstreamCalls;
      await collector.pass();
      const passCalls = upstreamCalls - before;
      await evaluateAlerts({ db: store.db, account: "default", now: at, publicUrl: PUBLIC_URL });
      // Evaluating rules asks Klaviyo nothing: the calls are the pass's own.
      expect(upstreamCalls - before).toBe(passCalls);
      passCallsTotal += passCalls;
      await worker.runOnce();
      const all = simulator.store.listAllJobs(at) as unknown as Job[];
      const run = groupRuns(all, RUN_GAP_MS).find((r) => r.some((job) => job.id === next.jobs[0]!.id));
      if (run && finishedAt === null) {
        finishedAt = runFinishedAt(run, at);
        if (finishedAt !== null) target = run;
      }
      if (finishedAt !== null && at > finishedAt + 3 * STEP) break;
    }
    expect(target).not.toBeNull();
    const expected = summarizeRun(target!);
    const mine = receiver.received
      .map(
        (r) =>
          r.json as {
            type: string;
            timestamp: string;
            data: { subject: string; numbers: Record<string, unknown>; link: string };
          },
      )
      .filter((body) => body.data.subject === `run:${expected.from}`);
    expect(mine).toHaveLength(1);
    const [message] = mine;
    expect(message!.data.numbers).toMatchObject({
      jobs: expected.jobCount,
      operations: expected.operations.total,
      done: expected.operations.completed,
      failed: expected.operations.failed,
    });
    expect(message!.data.link).toBe(
      `${PUBLIC_URL}/runs?from=${encodeURIComponent(expected.from)}&to=${encodeURIComponent(expected.to)}`,
    );
    // Decided at the first pass after the run's end.
    expect(Date.parse(message!.timestamp) - finishedAt!).toBeGreaterThanOrEqual(0);
    expect(Date.parse(message!.timestamp) - finishedAt!).toBeLessThanOrEqual(STEP);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(passCallsTotal).toBeGreaterThan(0);
  }, 300_000);
});
