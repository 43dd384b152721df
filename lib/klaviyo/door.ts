import "server-only";
/**
 * Builds the process's one Klaviyo client from the validated configuration. This module (and what it
 * hands the key to) is the only place the key lives. Kept on globalThis so Next's module layers
 * (route handlers, server components) share one limiter and one cache.
 */
import Redis from "ioredis";
import { type Env, getEnv } from "@/lib/env";
import { klaviyoObserver } from "@/lib/observability/klaviyo-observer";
import { assembleClient, httpTransport, limiterKeyPrefix } from "./assemble";
import type { KlaviyoClient } from "./client";
import { logServerError } from "./log";
import { type Presence, startPresence } from "./presence";
import { keyFingerprint } from "./secret";
import { getSimulator, SIMULATOR_API_KEY } from "./simulator-singleton";
import { REDIS_RETRY_MAX_MS } from "./window-counter";

interface Door {
  env: Env;
  config: string;
  client: KlaviyoClient;
  redis: Redis | null;
  presence: Presence | null;
}

const SLOT = Symbol.for("klaviyo-bulk-jobs.door");
type Slot = { [SLOT]?: Door };

/** A fingerprint of everything that shapes the client. */
function configId(env: Env): string {
  return keyFingerprint(
    [
      env.KLAVIYO_API_KEY ?? "",
      env.KLAVIYO_BASE_URL,
      env.KLAVIYO_REVISION,
      env.REDIS_URL ?? "",
      env.KLAVIYO_SHARE,
      env.COLLECTOR_SHARE,
      env.SIMULATOR_SEED,
    ].join("\n"),
  );
}

function connectRedis(url: string, secret: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    // Bounded, so that instances come back within the limiter's grace of one another (./window-counter).
    retryStrategy: (attempt) => Math.min(attempt * 50, REDIS_RETRY_MAX_MS),
  });
  let reported = false;
  // Without a listener ioredis reports every reconnect failure; the limiter falls back to memory.
  redis.on("error", (error) => {
    if (!reported) logServerError("redis unavailable, limiting in-process until it is back", error, secret);
    reported = true;
  });
  redis.on("ready", () => (reported = false));
  return redis;
}

function build(env: Env): Door {
  const simulator = env.KLAVIYO_API_KEY ? null : getSimulator(env.SIMULATOR_SEED);
  const apiKey = env.KLAVIYO_API_KEY ?? SIMULATOR_API_KEY;
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, apiKey) : null;
  // Instances sharing the budget announce themselves, so that each keeps to its part if Redis goes.
  const presence = redis ? startPresence(redis, { key: `${limiterKeyPrefix(apiKey)}:instances` }) : null;
  const client = assembleClient({
    env,
    apiKey,
    // Everything but the transport is the same code path for Klaviyo and the simulator.
    transport: simulator ? (request) => simulator.handle(request) : httpTransport,
    store: redis ? { kind: "redis", client: redis } : { kind: "memory" },
    // In-process, Klaviyo's windows are the simulator's: follow its clock (it may be set or scaled).
    windowNow: simulator ? () => simulator.clock.now() : undefined,
    instances: presence ? () => presence.count() : undefined,
    observer: klaviyoObserver(),
  });
  return { env, config: configId(env), client, redis, presence };
}

function close(door: Door | undefined): void {
  door?.presence?.stop();
  door?.redis?.disconnect();
}

export function getKlaviyoClient(): KlaviyoClient {
  const env = getEnv();
  const slot = globalThis as typeof globalThis & Slot;
  const current = slot[SLOT];
  // getEnv() hands out one parsed object; comparing fingerprints is only needed when it changes
  // (another module layer's copy of lib/env, or a test that re-reads the environment).
  if (current && (current.env === env || current.config === configId(env))) return current.client;
  close(current);
  const door = build(env);
  slot[SLOT] = door;
  return door.client;
}

/** Drop the process's client (tests, and scripts that change configuration between runs). */
export function resetKlaviyoClient(): void {
  const slot = globalThis as typeof globalThis & Slot;
  close(slot[SLOT]);
  delete slot[SLOT];
}

/** The shared budget's Redis: "none" when REDIS_URL is unset, else whether it answers now. */
export function redisState(): "none" | "ready" | "down" {
  getKlaviyoClient();
  const redis = (globalThis as typeof globalThis & Slot)[SLOT]?.redis;
  if (!redis) return "none";
  return redis.status === "ready" ? "ready" : "down";
}
