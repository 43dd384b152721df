/**
 * What the Klaviyo client reports (lib/klaviyo/client.ts `ClientObserver`), turned into log lines and
 * metrics. One line per attempt: the path without its query, the status, how long it took, the
 * attempt number and priority; the request id comes from the request context. Never a header.
 */
import { getEnv } from "@/lib/env";
import type { ClientObserver } from "@/lib/klaviyo/client";
import { callRecorder, isTroubleOutcome } from "./call-recorder";
import { logger } from "./logger";
import { metrics } from "./metrics";
import { watchRateLimitHeaders } from "./rate-limit-headers";

const round = (ms: number) => Math.round(ms * 10) / 10;

export function klaviyoObserver(): ClientObserver {
  // The status page's figures: calls here, `RateLimit-Remaining` from the answers (real HTTP only).
  const recorder = callRecorder();
  const env = getEnv();
  if (env.upstream === "klaviyo") {
    watchRateLimitHeaders(env.KLAVIYO_BASE_URL, (endpoint, remaining) => recorder.remaining(endpoint, remaining));
  }
  return {
    waited({ priority, waitMs }) {
      metrics().limiterWait.observe({ priority }, waitMs / 1000);
    },
    attempted({ endpoint, path, priority, attempt, outcome, durationMs }) {
      recorder.called(endpoint, priority, outcome);
      const m = metrics();
      m.upstreamRequests.inc({ endpoint, status: String(outcome) });
      m.upstreamDuration.observe({ endpoint }, durationMs / 1000);
      logger()[isTroubleOutcome(outcome) ? "warn" : "info"]({
        event: "upstream",
        endpoint,
        path,
        status: outcome,
        durationMs: round(durationMs),
        attempt,
        priority,
      });
    },
    rateLimited({ endpoint, priority }) {
      recorder.refused(endpoint);
      if (priority !== "person") return;
      metrics().rateLimited.inc();
      logger().warn({ event: "rate_limited", endpoint, priority });
    },
    cacheLookup({ cache, result }) {
      const m = metrics();
      if (result === "miss") m.cacheMisses.inc({ cache });
      else m.cacheHits.inc({ cache });
    },
  };
}
