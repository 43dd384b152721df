/**
 * The process's collector, started once the store is open (instrumentation.ts), kept on globalThis
 * like the store. Its Klaviyo calls go through the one door as background work.
 */

import { evaluateAlerts } from "../alerts/evaluate.server";
import { kickAlertWorker } from "../alerts/shared.server";
import { getEnv } from "../env";
import { getJob, listJobs } from "../klaviyo";
import { callRecorder } from "../observability/call-recorder";
import { logger } from "../observability/logger";
import { accountName } from "../store/account";
import type { Store } from "../store/open";
import { type CollectorState, type RunningCollector, runCollector } from "./run";

const KEY = Symbol.for("bulk-jobs-dashboard.collector");
type Slot = { [KEY]?: RunningCollector };
/** The pace while jobs run, unless COLLECTOR_INTERVAL_MS asks for a faster one. */
const FAST_MS = 5_000;

/** One log line per collector event (elections, passes that changed something, prunes, failures). */
function log(event: string, fields: Record<string, unknown>): void {
  if (event === "collector_failed" || event === "alerts_failed") logger().warn({ event, ...fields });
  else logger().info({ event, ...fields });
}

export function startCollector(store: Store): RunningCollector | null {
  const env = getEnv();
  if (env.COLLECTOR === "off") return null;
  const slot = globalThis as Slot;
  const account = accountName(env);
  slot[KEY] ??= runCollector({
    store,
    account,
    databaseUrl: env.DATABASE_URL,
    historyDays: env.HISTORY_DAYS,
    idleMs: env.COLLECTOR_INTERVAL_MS,
    fastMs: Math.min(FAST_MS, env.COLLECTOR_INTERVAL_MS),
    source: {
      listJobs: (query) => listJobs(query, "background"),
      getJob: (query) => getJob(query, "background"),
    },
    log,
    afterPass: async (at, { behindSince }) => {
      const health = { behindSince, upstreamTroubleSince: callRecorder().troubleSince() };
      const decided = await evaluateAlerts({ db: store.db, account, now: at, publicUrl: env.PUBLIC_URL, health });
      if (decided > 0) kickAlertWorker();
    },
  });
  return slot[KEY];
}

/** The collector's state, or null when it is off or not started (the store not open yet). */
export function collectorState(): CollectorState | null {
  return (globalThis as Slot)[KEY]?.state() ?? null;
}
