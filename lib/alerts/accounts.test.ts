/**
 * Alerts are per account, on both engines: an account's collector evaluates its own rules only, its
 * messages link into its own pages, and one account's reads and writes neither see nor change
 * another's rules, channels, notifications or change log (an id of another account's row is unknown).
 */
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../http/errors";
import { claimUnownedAlerts } from "../store/alert-accounts";
import { insertRule } from "../store/alert-rules";
import { deliveryHistory } from "../store/alerts";
import { recordJobs } from "../store/jobs";
import type { Store } from "../store/open";
import { alertChanges, alertChannels, alertDeliveries, alertEvents, alertRules, auditLog } from "../store/schema";
import { ENGINES, storeForSuite } from "../store/testing";
import type { Job } from "../types";
import { evaluateAlerts } from "./evaluate.server";
import { linkBase } from "./message";
import {
  type AlertScope,
  createChannel,
  createRule,
  getChannelView,
  getRuleView,
  listChanges,
  listChannelViews,
  listDeliveries,
  listRuleViews,
  removeChannel,
  removeRule,
  replaceChannel,
  replaceRule,
  testChannel,
  watch,
} from "./service.server";

vi.mock("server-only", () => ({}));
afterAll(() => vi.unstubAllEnvs());

const A = "simulator-brand-a";
const B = "simulator-brand-b";
const PUBLIC_URL = "https://jobs.example.com";
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 10, 0);

const mail = (name: string) => ({
  kind: "email",
  name,
  host: "127.0.0.1",
  port: 2525,
  from: "dashboard@example.com",
  to: ["ops@example.com"],
});

/** A finished run of `count` jobs, created a second apart from T0, all done by T0 + 20 minutes. */
const finishedRun = (count: number): Job[] =>
  Array.from({ length: count }, (_, i) => ({
    type: "item-create" as const,
    id: `job-${i}`,
    status: "complete" as const,
    createdAt: new Date(T0 + i * 1000).toISOString(),
    completedAt: new Date(T0 + 20 * MIN).toISOString(),
    expiresAt: null,
    totalCount: 10,
    completedCount: 10,
    failedCount: 0,
    errors: [],
    relatedIds: [],
  }));

/** The ApiError code a call is refused with (it must be refused). */
async function refusedWith(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  throw new Error("it was not refused");
}

describe.each(ENGINES)("alerts per account on $name", (engine) => {
  let store: Store;
  let a: AlertScope;
  let b: AlertScope;

  storeForSuite(engine, (opened) => {
    store = opened.store;
    a = { db: store.db, account: A, name: "brand-a", linkBase: linkBase(PUBLIC_URL, "brand-a", 2) };
    b = { db: store.db, account: B, name: "brand-b", linkBase: linkBase(PUBLIC_URL, "brand-b", 2) };
  });
  beforeEach(async () => {
    if (!engine.available) return;
    await store.db.execute("truncate jobs, job_changes" as never).catch(() => {});
    for (const table of [alertDeliveries, alertEvents, alertRules, alertChannels, alertChanges, auditLog]) {
      await store.db.delete(table);
    }
  });

  /** A run-finished rule of `scope`'s account, made before T0 (so runs ending after T0 are its to tell). */
  const runRule = (scope: AlertScope, channelIds: string[]) =>
    insertRule(store.db, {
      account: scope.account,
      name: `${scope.name} runs`,
      kind: "run_finished",
      scope: { kind: "all" },
      params: {},
      channelIds,
      muted: false,
      by: "test",
      at: new Date(T0 - 60 * MIN),
    });

  it.skipIf(!engine.available)(
    "evaluates an account's rules against its own jobs only, its message linking into its own pages",
    async () => {
      const ofA = await createChannel(a, mail("a-mail"), "alice");
      const ofB = await createChannel(b, mail("b-mail"), "bob");
      const ruleOfA = await runRule(a, [ofA.id]);
      await recordJobs(store.db, B, finishedRun(5), new Date(T0 + 21 * MIN));
      const now = T0 + 60 * MIN;

      // B's collector: A's rule is not B's to evaluate, however finished B's run is.
      expect(await evaluateAlerts({ db: store.db, account: B, now, publicUrl: b.linkBase })).toBe(0);
      // A's collector: A has no run.
      expect(await evaluateAlerts({ db: store.db, account: A, now, publicUrl: a.linkBase })).toBe(0);
      expect(await deliveryHistory(store.db, A)).toEqual([]);
      expect((await getRuleView(a, ruleOfA.id)).doneAt).toBeNull();

      await runRule(b, [ofB.id]);
      expect(await evaluateAlerts({ db: store.db, account: B, now, publicUrl: b.linkBase })).toBe(1);
      expect(await evaluateAlerts({ db: store.db, account: A, now, publicUrl: a.linkBase })).toBe(0);
      const [told, ...more] = await listDeliveries(b);
      expect(more).toEqual([]);
      expect(told).toMatchObject({ channelId: ofB.id, kind: "run_finished" });
      expect(told?.link).toMatch(/^https:\/\/jobs\.example\.com\/a\/brand-b\/runs\?from=/);
      expect(await listDeliveries(a)).toEqual([]);
    },
  );

  it.skipIf(!engine.available)(
    "lists and changes one account's rows only: another account's id is unknown (404)",
    async () => {
      const channel = await createChannel(a, mail("a-mail"), "alice");
      const rule = await createRule(a, { name: "A runs", kind: "run_finished", channels: [channel.id] }, "alice");
      await testChannel(a, channel.id, "alice");

      expect(await listRuleViews(b)).toEqual([]);
      expect(await listChannelViews(b)).toEqual([]);
      expect(await listDeliveries(b)).toEqual([]);
      expect(await listChanges(b)).toEqual([]);
      expect(await refusedWith(getRuleView(b, rule.id))).toBe("not_found");
      expect(await refusedWith(getChannelView(b, channel.id))).toBe("not_found");
      const edited = { name: "taken over", kind: "run_finished", channels: [], muted: true };
      expect(await refusedWith(replaceRule(b, rule.id, edited, "bob"))).toBe("not_found");
      expect(await refusedWith(removeRule(b, rule.id, "bob"))).toBe("not_found");
      expect(await refusedWith(replaceChannel(b, channel.id, mail("taken over"), "bob"))).toBe("not_found");
      expect(await refusedWith(removeChannel(b, channel.id, "bob"))).toBe("not_found");
      expect(await refusedWith(testChannel(b, channel.id, "bob"))).toBe("not_found");
      // A watch in B tells B's channels: B has none, whatever A has.
      expect(await refusedWith(watch(b, { job: { type: "item-create", id: "job-1" } }, "bob"))).toBe("bad_request");

      // A's rows are as A left them, and its log holds only A's own changes.
      expect(await getRuleView(a, rule.id)).toEqual(rule);
      expect((await getChannelView(a, channel.id)).name).toBe("a-mail");
      expect((await listChanges(a)).map((change) => [change.by, change.action])).toEqual([
        ["alice", "tested"],
        ["alice", "created"],
        ["alice", "created"],
      ]);
      expect(await listDeliveries(a)).toHaveLength(1);
    },
  );

  it.skipIf(!engine.available)("refuses a rule that names another account's channel", async () => {
    const ofA = await createChannel(a, mail("a-mail"), "alice");
    const ofB = await createChannel(b, mail("b-mail"), "bob");
    const refused = createRule(b, { name: "B runs", kind: "run_finished", channels: [ofA.id] }, "bob");
    await expect(refused).rejects.toMatchObject({ code: "bad_request", message: expect.stringContaining(ofA.id) });
    const rule = await createRule(b, { name: "B runs", kind: "run_finished", channels: [ofB.id] }, "bob");
    const moved = replaceRule(b, rule.id, { name: "B runs", kind: "run_finished", channels: [ofB.id, ofA.id] }, "bob");
    expect(await refusedWith(moved)).toBe("bad_request");
    expect((await listRuleViews(b)).map((row) => row.channels)).toEqual([[ofB.id]]);
    expect(await listRuleViews(a)).toEqual([]);
  });

  it.skipIf(!engine.available)("gives rows from before accounts to the default account, and only those", async () => {
    const at = new Date(T0);
    const common = {
      kind: "run_finished",
      scope: { kind: "all" },
      params: {},
      channelIds: [],
      createdAt: at,
      updatedAt: at,
    };
    // As a release before accounts wrote them: no account.
    await store.db.insert(alertRules).values({ id: "old-rule", name: "old", ...common });
    await store.db
      .insert(alertChannels)
      .values({ id: "old-channel", name: "old", kind: "email", settings: {}, createdAt: at, updatedAt: at });
    await store.db.insert(alertChanges).values({
      id: "old-change",
      at,
      by: "someone",
      target: "rule",
      targetId: "old-rule",
      action: "created",
      summary: "rule old",
    });
    await store.db.insert(alertRules).values({ id: "b-rule", account: B, name: "b", ...common });

    expect(await listRuleViews(a)).toEqual([]);
    expect(await claimUnownedAlerts(store.db, A)).toBe(3);
    expect((await listRuleViews(a)).map((rule) => rule.id)).toEqual(["old-rule"]);
    expect((await listChannelViews(a)).map((channel) => channel.id)).toEqual(["old-channel"]);
    expect((await listChanges(a)).map((change) => change.id)).toEqual(["old-change"]);
    expect((await listRuleViews(b)).map((rule) => rule.id)).toEqual(["b-rule"]);
    expect(await claimUnownedAlerts(store.db, A)).toBe(0);
  });
});
