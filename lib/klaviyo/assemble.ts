/**
 * Wires one client from configuration: headers, limiter (memory or Redis), retries, cache. Used by
 * ./door for the app and by scripts/bench/proxy.ts, so both run the same assembly. Not server-only
 * (benchmarks run under plain tsx); the key only passes through, the door is where it lives.
 */
import type { Env } from "@/lib/env";
import { type CacheTtl, type ClientObserver, createKlaviyoClient, type KlaviyoClient } from "./client";
import type { Clock } from "./clock";
import { keyFingerprint } from "./secret";
import type { Transport } from "./upstream-fetch";
import { createWindowLimiter, type LimiterStore } from "./window-limiter";

/**
 * Real HTTP: never cached by Next's fetch layer, never following a redirect to another host.
 * URL and init, not the Request: during a server render Next memoizes every GET whose `init` carries
 * no signal (and folds a Request's init into the Request), so each retry of a page's read got the
 * first, failed answer again (or the first attempt's timeout) instead of asking Klaviyo.
 */
export const httpTransport: Transport = (request) =>
  fetch(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    cache: "no-store",
    redirect: "manual",
  });

export interface AssembleOptions {
  env: Pick<Env, "upstream" | "KLAVIYO_BASE_URL" | "KLAVIYO_REVISION" | "KLAVIYO_SHARE" | "COLLECTOR_SHARE">;
  apiKey: string;
  transport: Transport;
  store: LimiterStore;
  /** the clock Klaviyo's windows follow, when it is not the wall clock (the in-process simulator's) */
  windowNow?: () => number;
  clock?: Clock;
  ttl?: Partial<CacheTtl>;
  maxWaitMs?: number;
  /** how many instances share the budget in Redis (./presence) */
  instances?: () => number;
  /** logs and metrics (./door passes the app's; benchmarks pass none and stay quiet) */
  observer?: ClientObserver;
}

/** Where one key's limiter keeps its counts: Redis is shared infrastructure, so never the key itself. */
export function limiterKeyPrefix(apiKey: string): string {
  return `kbj:rl:${keyFingerprint(apiKey)}`;
}

export function assembleClient(options: AssembleOptions): KlaviyoClient {
  const limiter = createWindowLimiter({
    store: options.store,
    keyPrefix: limiterKeyPrefix(options.apiKey),
    instances: options.instances,
    clock: options.clock,
    windowNow: options.windowNow,
    maxWaitMs: options.maxWaitMs,
    share: options.env.KLAVIYO_SHARE,
    backgroundShare: options.env.COLLECTOR_SHARE,
  });
  return createKlaviyoClient({
    upstream: options.env.upstream,
    baseUrl: options.env.KLAVIYO_BASE_URL,
    apiKey: options.apiKey,
    revision: options.env.KLAVIYO_REVISION,
    transport: options.transport,
    limiter,
    clock: options.clock,
    ttl: options.ttl,
    observer: options.observer,
  });
}
