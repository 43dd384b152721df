import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getChannel, insertChannel } from "../store/alert-channels";
import { syncAlertsFile } from "../store/alert-file-sync";
import { claimDue, decideEvent, deliveryHistory } from "../store/alerts";
import type { Store } from "../store/open";
import { alertChannels, alertDeliveries, alertEvents } from "../store/schema";
import { ENGINES, type TestPlace } from "../store/testing";
import { fileChannelId } from "./file";
import { sealSecret } from "./secret-box.server";
import { type Receiver, startReceiver } from "./testing";
import { retryDelayMs, startDeliveryWorker, type WorkerOptions } from "./worker.server";

const KEY = randomBytes(32);
const SIGNING = `whsec_${randomBytes(32).toString("base64")}`;
const T0 = Date.UTC(2026, 11, 1, 10, 0);
const BACKOFF = { baseMs: 1_000, maxMs: 8_000, maxAttempts: 4 };

async function webhookChannel(store: Store, url: string): Promise<string> {
  const row = await insertChannel(store.db, {
    account: "default",
    name: "ops hook",
    kind: "webhook",
    settings: { host: new URL(url).host },
    secret: sealSecret(KEY, JSON.stringify({ url, signingSecret: SIGNING })),
    by: "test",
    at: new Date(T0),
  });
  return row.id;
}

const decision = (ruleId: string, channelIds: string[], subject = "run:2026-12-01T10:00:00Z") => ({
  account: "default",
  ruleId,
  subject,
  kind: "run_finished",
  title: "Run finished",
  message: { title: "Run finished", lines: ["500 jobs"], link: "/runs?from=a&to=b", numbers: { jobs: 500 } },
  channelIds,
  at: new Date(T0),
});

describe.each(ENGINES)("the alert outbox on $name", (engine) => {
  let place: TestPlace;
  let store: Store;
  let receiver: Receiver;
  const workers: { stop(): Promise<void> }[] = [];
  const worker = (extra: Partial<WorkerOptions> & { now: () => number }, on = store) => {
    const started = startDeliveryWorker({ db: on.db, key: KEY, backoff: BACKOFF, leaseMs: 60_000, ...extra }, false);
    workers.push(started);
    return started;
  };

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    store = await place.open();
  }, 60_000);
  afterAll(async () => {
    if (!engine.available) return;
    await store.close();
    await place.remove();
  }, 60_000);
  // Each test starts from an empty outbox: what one leaves pending must not be sent by the next.
  beforeEach(async () => {
    if (!engine.available) return;
    for (const table of [alertDeliveries, alertEvents, alertChannels]) await store.db.delete(table);
  });
  afterEach(async () => {
    for (const started of workers.splice(0)) await started.stop();
    await receiver?.close();
  });

  it.skipIf(!engine.available)("decides an event once however many evaluations race to decide it", async () => {
    receiver = await startReceiver(SIGNING);
    const channel = await webhookChannel(store, receiver.url);
    const rule = `rule-${randomBytes(4).toString("hex")}`;
    // On PostgreSQL a second store is a second instance: its own pool of connections.
    const other = engine.name === "postgres" ? await place.open({ poolSize: 4 }) : store;
    try {
      const ids = await Promise.all(
        Array.from({ length: 12 }, (_, i) => decideEvent((i % 2 ? other : store).db, decision(rule, [channel]))),
      );
      expect(ids.filter(Boolean)).toHaveLength(1);
    } finally {
      if (other !== store) await other.close();
    }
    const history = (await deliveryHistory(store.db, "default")).filter((row) => row.ruleId === rule);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ state: "pending", attempts: 0 });
  });

  it.skipIf(!engine.available)(
    "sends a delivery claimed by a process that died before sending, once, after the restart",
    async () => {
      receiver = await startReceiver(SIGNING);
      const channel = await webhookChannel(store, receiver.url);
      const rule = `rule-${randomBytes(4).toString("hex")}`;
      const eventId = await decideEvent(store.db, decision(rule, [channel]));
      // The dying process claims it (lease of a minute) and never records an answer.
      const claimed = await claimDue(store.db, new Date(T0), new Date(T0 + 60_000), 100);
      expect(claimed.map((c) => c.eventId)).toContain(eventId);
      await store.close();
      store = await place.open();
      // Restarted, within the lease: it is not sent twice at once…
      expect(await worker({ now: () => T0 + 30_000 }).runOnce()).toBe(0);
      // …and once the lease has run out, it is sent, exactly once.
      const restarted = worker({ now: () => T0 + 61_000 });
      expect(await restarted.runOnce()).toBe(1);
      expect(await restarted.runOnce()).toBe(0);
      await receiver.waitFor(1);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.headers["webhook-id"]).toBe(eventId);
      expect(receiver.received[0]!.verified).toBe(true);
      const row = (await deliveryHistory(store.db, "default")).find((r) => r.eventId === eventId);
      expect(row).toMatchObject({ state: "sent", attempts: 2 });
    },
    60_000,
  );

  it.skipIf(!engine.available)(
    "sends through an ALERTS_FILE channel with the secret this process holds, and leaves it to another without",
    async () => {
      receiver = await startReceiver(SIGNING);
      const id = fileChannelId("from the file");
      await syncAlertsFile(store.db, {
        path: "alerts.yaml",
        channels: [
          {
            id,
            account: "default",
            name: "from the file",
            kind: "webhook",
            settings: { host: new URL(receiver.url).host },
            secret: { url: receiver.url, signingSecret: SIGNING },
          },
        ],
        rules: [],
      });
      expect((await getChannel(store.db, "default", id))?.secret).toBeNull();
      const eventId = await decideEvent(store.db, decision(`rule-${randomBytes(4).toString("hex")}`, [id]));
      // An instance whose file lacks the channel cannot send: it is retried, not failed for good.
      expect(await worker({ now: () => T0, fileSecrets: new Map() }).runOnce()).toBe(1);
      expect((await deliveryHistory(store.db, "default")).find((row) => row.eventId === eventId)).toMatchObject({
        state: "pending",
        lastError: expect.stringContaining("this instance's ALERTS_FILE does not hold it"),
      });
      const holder = worker({
        now: () => T0 + 60_000,
        fileSecrets: new Map([[id, { url: receiver.url, signingSecret: SIGNING }]]),
      });
      expect(await holder.runOnce()).toBe(1);
      await receiver.waitFor(1);
      expect(receiver.received.map((r) => [r.headers["webhook-id"], r.verified])).toEqual([[eventId, true]]);
      await syncAlertsFile(store.db, null);
    },
    60_000,
  );

  it.skipIf(!engine.available)(
    "sends an event decided just before a crash, after the restart",
    async () => {
      receiver = await startReceiver(SIGNING);
      const channel = await webhookChannel(store, receiver.url);
      const eventId = await decideEvent(store.db, decision(`rule-${randomBytes(4).toString("hex")}`, [channel]));
      await store.close();
      store = await place.open();
      const restarted = worker({ now: () => T0 + 1_000 });
      await restarted.runOnce();
      await restarted.runOnce();
      expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([eventId]);
    },
    60_000,
  );

  it.skipIf(!engine.available)(
    "retries with exponential backoff, shows the error, and gives up in the end",
    async () => {
      receiver = await startReceiver(SIGNING);
      receiver.answers.push(503, 429, 500, 502);
      const channel = await webhookChannel(store, receiver.url);
      const eventId = await decideEvent(store.db, decision(`rule-${randomBytes(4).toString("hex")}`, [channel]));
      let clock = T0;
      const retrying = worker({ now: () => clock });
      const row = async () => (await deliveryHistory(store.db, "default")).find((r) => r.eventId === eventId)!;
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await retrying.runOnce()).toBe(1);
        const after = await row();
        expect(after.state).toBe("pending");
        expect(after.lastError).toMatch(/HTTP (503|429|500)/);
        waits.push(Date.parse(after.nextAttemptAt) - clock);
        // Not due a millisecond early.
        clock = Date.parse(after.nextAttemptAt) - 1;
        expect(await retrying.runOnce()).toBe(0);
        clock += 1;
      }
      expect(waits).toEqual([1_000, 2_000, 4_000]);
      expect(retryDelayMs(10, BACKOFF)).toBe(8_000);
      // The fourth attempt is the last one allowed.
      expect(await retrying.runOnce()).toBe(1);
      expect(await row()).toMatchObject({ state: "failed", attempts: 4, lastError: "answered HTTP 502" });
      expect((await getChannel(store.db, "default", channel))!.state).toBe("ok");
      expect(receiver.received).toHaveLength(4);
      expect(new Set(receiver.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([eventId]));
    },
  );

  it.skipIf(!engine.available)("marks a channel that answers 4xx broken, and holds its other deliveries", async () => {
    receiver = await startReceiver(SIGNING);
    receiver.answers.push(404);
    const channel = await webhookChannel(store, receiver.url);
    const rule = `rule-${randomBytes(4).toString("hex")}`;
    const first = await decideEvent(store.db, decision(rule, [channel], "run:a"));
    const second = await decideEvent(store.db, decision(rule, [channel], "run:b"));
    const sending = worker({ now: () => T0, batch: 1 });
    await sending.runOnce();
    const saved = await getChannel(store.db, "default", channel);
    expect(saved).toMatchObject({ state: "broken", brokenReason: "answered HTTP 404" });
    const rows = (await deliveryHistory(store.db, "default")).filter((r) => r.ruleId === rule);
    expect(rows.find((r) => r.state === "failed")?.lastError).toBe("answered HTTP 404");
    // Nothing more goes to the broken channel, now or later.
    const later = worker({ now: () => T0 + 3_600_000 });
    expect(await later.runOnce()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect([first, second]).toContain(receiver.received[0]!.headers["webhook-id"]);
  });

  it.skipIf(!engine.available)("lets two workers share the outbox without sending anything twice", async () => {
    receiver = await startReceiver(SIGNING);
    const channel = await webhookChannel(store, receiver.url);
    const rule = `rule-${randomBytes(4).toString("hex")}`;
    for (let i = 0; i < 30; i++) await decideEvent(store.db, decision(rule, [channel], `run:${i}`));
    const other = engine.name === "postgres" ? await place.open({ poolSize: 4 }) : store;
    try {
      const a = worker({ now: () => T0, batch: 5 });
      const b = worker({ now: () => T0, batch: 5 }, other);
      const [sentA, sentB] = await Promise.all([a.runOnce(), b.runOnce()]);
      expect(sentA + sentB).toBe(30);
    } finally {
      for (const started of workers.splice(0)) await started.stop();
      if (other !== store) await other.close();
    }
    const ids = receiver.received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
  });

  it.skipIf(engine.name !== "postgres" || !engine.available)(
    "passes over deliveries another instance is claiming instead of waiting for them",
    async () => {
      receiver = await startReceiver(SIGNING);
      const channel = await webhookChannel(store, receiver.url);
      for (let i = 0; i < 10; i++) await decideEvent(store.db, decision("rule-held", [channel], `run:${i}`));
      // Another instance, mid-claim: it holds row locks on four deliveries in an open transaction.
      const other = new Client({ connectionString: place.options.databaseUrl });
      await other.connect();
      try {
        await other.query("begin");
        const held = await other.query(
          "select event_id from alert_deliveries order by next_attempt_at, event_id limit 4 for update",
        );
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("claiming waited")), 5_000),
        );
        const claimed = await Promise.race([claimDue(store.db, new Date(T0), new Date(T0 + 60_000), 100), timeout]);
        expect(claimed).toHaveLength(6);
        const heldIds = new Set(held.rows.map((row: { event_id: string }) => row.event_id));
        expect(claimed.some((c) => heldIds.has(c.eventId))).toBe(false);
      } finally {
        await other.query("rollback").catch(() => {});
        await other.end();
      }
    },
  );
});
