import { currentAccount } from "@/lib/accounts/current.server";
import { collectorState } from "@/lib/collector/shared";
import { getEnv } from "@/lib/env";
import { jsonResponse } from "@/lib/http/json";
import { redisState } from "@/lib/klaviyo";
import { observed } from "@/lib/observability/route";
import { pingStore, storeState } from "@/lib/store/shared";

export const dynamic = "force-dynamic";

/** The store must answer `select 1` this fast to count as reachable. */
const PING_TIMEOUT_MS = 2_000;

/** A collector that has not finished a pass for this long is stuck. */
const STALE_MS = 5 * 60_000;

/**
 * Readiness for a load balancer: 200 when the store is open and migrated, Redis (when configured)
 * answers and the collector (when on) is alive; 503 with the reasons otherwise. No Klaviyo call.
 */
export const GET = observed(async (): Promise<Response> => {
  const env = getEnv();
  const reasons: string[] = [];
  const store = storeState();
  if (store.state !== "open") {
    reasons.push(store.state === "opening" ? "the store is still opening" : `the store is unreachable: ${store.error}`);
  } else {
    // Open once is not reachable now (a PostgreSQL server can go away): ask it.
    const answer = await pingStore(PING_TIMEOUT_MS);
    if (answer !== "ok") reasons.push(`the store does not answer: ${answer}`);
  }
  const redis = redisState();
  if (redis === "down") reasons.push("Redis (REDIS_URL) does not answer");
  const collector = collectorState((await currentAccount()).name);
  if (env.COLLECTOR === "on" && store.state === "open") {
    if (!collector) reasons.push("the collector has not started");
    else if (collector.role === "leader" && collector.lastPassAt === null && collector.lastError) {
      reasons.push(`the collector fails: ${collector.lastError.message}`);
    } else if (
      collector.role === "leader" &&
      collector.lastPassAt !== null &&
      Date.now() - Date.parse(collector.lastPassAt) > STALE_MS
    ) {
      reasons.push(`the collector has not finished a pass since ${collector.lastPassAt}`);
    }
  }
  // The store's folder or server stay private: this route answers without sign-in.
  const storeShown = store.state === "open" ? { state: store.state, engine: store.engine, since: store.since } : store;
  const body = {
    ok: reasons.length === 0,
    reasons,
    store: storeShown,
    redis,
    collector: env.COLLECTOR === "off" ? { role: "off" } : (collector ?? { role: "starting" }),
  };
  return jsonResponse(body, { status: reasons.length === 0 ? 200 : 503 });
});
