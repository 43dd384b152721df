/**
 * The process's collectors, one per configured account, started once the store is open
 * (instrumentation.ts), kept on globalThis like the store. Their Klaviyo calls go through the one
 * door as background work, each on its own account's client and budget (people first there).
 */
import { createHash } from "node:crypto";
import type { Account } from "../accounts/config";

import { evaluateAlerts } from "../alerts/evaluate.server";
import { linkBase } from "../alerts/message";
import { kickAlertWorker } from "../alerts/shared.server";
import { getEnv } from "../env";
import { getJob, listJobs } from "../klaviyo";
import { callRecorder } from "../observability/call-recorder";
import { logger } from "../observability/logger";
import { claimUnownedAlerts } from "../store/alert-accounts";
import type { Store } from "../store/open";
import { COLLECTOR_LOCK, type CollectorState, type RunningCollector, runCollector } from "./run";

const KEY = Symbol.for("bulk-jobs-dashboard.collectors");
/** per account name */
type Slot = { [KEY]?: Map<string, RunningCollector> };

/**
 * The election's lock of an account's collector: today's one for a single account, so that instances
 * of the previous release still elect one collector with this one; one per stored account otherwise.
 */
function lockOf(account: Account, several: boolean): number {
  if (!several) return COLLECTOR_LOCK;
  return createHash("sha256").update(`collector:${account.storeId}`).digest().readUInt32BE(0) + 1;
}
/** The pace while jobs run, unless COLLECTOR_INTERVAL_MS asks for a faster one. */
const FAST_MS = 5_000;

/** One log line per collector event (elections, passes that changed something, prunes, failures). */
function log(event: string, fields: Record<string, unknown>): void {
  if (event === "collector_failed" || event === "alerts_failed") logger().warn({ event, ...fields });
  else logger().info({ event, ...fields });
}

export function startCollector(store: Store): RunningCollector[] {
  const env = getEnv();
  if (env.COLLECTOR === "off") return [];
  const slot = globalThis as Slot;
  const running = (slot[KEY] ??= new Map());
  const several = env.accounts.length > 1;
  env.accounts.forEach((account, index) => {
    if (running.has(account.name)) return;
    const storeId = account.storeId;
    const collector = runCollector({
      store,
      account: storeId,
      databaseUrl: env.DATABASE_URL,
      historyDays: env.HISTORY_DAYS,
      // The audit log spans accounts: the first account's collector prunes it.
      auditDays: index === 0 ? env.AUDIT_DAYS : undefined,
      idleMs: env.COLLECTOR_INTERVAL_MS,
      fastMs: Math.min(FAST_MS, env.COLLECTOR_INTERVAL_MS),
      lockKey: lockOf(account, several),
      indexBackfill: index === 0,
      source: {
        listJobs: (query) => listJobs(query, "background", account.name),
        getJob: (query) => getJob(query, "background", account.name),
      },
      log: several ? (event, fields) => log(event, { account: account.name, ...fields }) : log,
      afterPass: async (at, { behindSince }) => {
        const health = { behindSince, upstreamTroubleSince: callRecorder().troubleSince() };
        // Rules an instance of the previous release made meanwhile are the default account's.
        if (index === 0) await claimUnownedAlerts(store.db, storeId);
        const decided = await evaluateAlerts({
          db: store.db,
          account: storeId,
          now: at,
          publicUrl: linkBase(env.PUBLIC_URL, account.name, env.accounts.length),
          health,
        });
        if (decided > 0) kickAlertWorker();
      },
    });
    running.set(account.name, collector);
  });
  return [...running.values()];
}

/**
 * The state of an account's collector (by name; the default account's unless said), or null when it
 * is off or not started (the store not open yet).
 */
export function collectorState(accountName?: string): CollectorState | null {
  const running = (globalThis as Slot)[KEY];
  const name = accountName ?? getEnv().accounts[0]?.name;
  return (name ? running?.get(name)?.state() : undefined) ?? null;
}
