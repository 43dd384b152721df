import "server-only";
/**
 * Builds the status report from in-process state and the store only: never a Klaviyo call, and the
 * store is given a short time to answer, so the page shows at once whatever is down.
 */
import { currentAccount, currentStoreAccount } from "@/lib/accounts/current.server";
import { collectorState } from "@/lib/collector/shared";
import { getEnv } from "@/lib/env";
import { historyFacts } from "@/lib/history/facts.server";
import { JOB_TYPE_INFO, JOB_TYPES, type RateTier } from "@/lib/job-types";
import { redisState } from "@/lib/klaviyo";
import { shareOf } from "@/lib/klaviyo/window-limiter";
import { callRecorder, type EndpointSnapshot } from "@/lib/observability/call-recorder";
import { countInProgress, IN_PROGRESS_CAP } from "@/lib/store/in-progress";
import { currentStore, pingStore, storeState, withTimeout } from "@/lib/store/shared";
import type { EndpointStatus, LastError, StatusReport } from "./report";

/** How long the store may take to answer each of the page's questions. */
export const STORE_TIMEOUT_MS = 1_000;

/** Troubles seen by earlier reads, kept with their time (on globalThis: one per process). */
interface Seen {
  store: LastError | null;
  redis: LastError | null;
}
const SLOT = Symbol.for("klaviyo-bulk-jobs.status-seen");
function seen(): Seen {
  const holder = globalThis as typeof globalThis & { [SLOT]?: Seen };
  holder[SLOT] ??= { store: null, redis: null };
  return holder[SLOT];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const capOf = (limits: RateTier, share: number): RateTier => ({
  burst: shareOf(limits.burst, share),
  steady: shareOf(limits.steady, share),
});

function endpointRows(snapshots: EndpointSnapshot[], share: number, collectorShare: number): EndpointStatus[] {
  const byId = new Map(snapshots.map((s) => [s.endpoint, s]));
  return JOB_TYPES.flatMap((type) =>
    (["list", "get"] as const).map((operation): EndpointStatus => {
      const endpoint = `${type}:${operation}`;
      const limits = JOB_TYPE_INFO[type].tier;
      const calls = byId.get(endpoint);
      return {
        endpoint,
        type,
        operation,
        limits,
        dashboardCap: capOf(limits, share),
        backgroundCap: capOf(limits, Math.min(share, collectorShare)),
        lastMinute: calls?.lastMinute ?? { person: 0, background: 0 },
        lastHour: calls?.lastHour ?? { person: 0, background: 0 },
        busiestSecond: calls?.busiestSecond ?? 0,
        throttledLastHour: calls?.throttledLastHour ?? 0,
        lastThrottledAt: calls?.lastThrottledAt ?? null,
        refusedLastHour: calls?.refusedLastHour ?? 0,
        lastRefusedAt: calls?.lastRefusedAt ?? null,
        remaining: calls?.remaining ?? null,
      };
    }),
  );
}

async function readStore(account: string, now: Date) {
  const state = storeState();
  const memory = seen();
  const store = currentStore();
  if (state.state === "unreachable") memory.store = { message: state.error, at: now.toISOString() };
  if (!store || state.state !== "open") {
    return {
      store: { state: state.state, engine: null, reachable: false, jobs: null, historySince: null },
      inProgress: null,
    };
  }
  const ping = await pingStore(STORE_TIMEOUT_MS);
  if (ping !== "ok") {
    memory.store = { message: ping, at: now.toISOString() };
    return {
      store: { state: state.state, engine: store.engine, reachable: false, jobs: null, historySince: null },
      inProgress: null,
    };
  }
  // The count and where the history starts are the ones every page's history note gives.
  const [facts, inProgress] = await Promise.all([
    historyFacts(now.getTime()),
    withTimeout(countInProgress(store.db, account), STORE_TIMEOUT_MS).catch((error: unknown) => {
      memory.store = { message: messageOf(error), at: now.toISOString() };
      return null;
    }),
  ]);
  return {
    store: {
      state: state.state,
      engine: store.engine,
      reachable: true,
      jobs: facts.jobs,
      historySince: facts.since,
    },
    inProgress,
  };
}

export async function readStatus(): Promise<StatusReport> {
  const env = getEnv();
  const now = new Date();
  const memory = seen();
  const calls = callRecorder().snapshot();

  const redis = redisState();
  if (redis === "down") memory.redis = { message: "Redis does not answer.", at: now.toISOString() };

  const { store, inProgress } = await readStore(await currentStoreAccount(), now);
  const collector = collectorState((await currentAccount()).name);
  const lastPassAt = collector?.lastPassAt ?? null;

  return {
    at: now.toISOString(),
    shares: { dashboard: env.KLAVIYO_SHARE, collector: Math.min(env.KLAVIYO_SHARE, env.COLLECTOR_SHARE) },
    endpoints: endpointRows(calls.endpoints, env.KLAVIYO_SHARE, env.COLLECTOR_SHARE),
    minutes: calls.minutes,
    inProgress: {
      count: inProgress,
      cap: IN_PROGRESS_CAP,
      note:
        inProgress === null
          ? store.state === "open"
            ? "Unknown: the job-history store does not answer."
            : "Unknown: the job-history store is not open."
          : env.COLLECTOR === "off"
            ? "As last seen by pages: the collector is off here."
            : null,
    },
    redis: { state: redis, lastError: memory.redis },
    store: { ...store, lastError: memory.store },
    collector: {
      role: env.COLLECTOR === "off" ? "off" : (collector?.role ?? "starting"),
      lastPassAt,
      lastPassCalls: collector?.lastPass?.calls ?? null,
      lagSeconds: lastPassAt === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(lastPassAt)) / 1000)),
      nextPassAt: collector?.nextPassAt ?? null,
      lastError: collector?.lastError ?? null,
    },
  };
}
