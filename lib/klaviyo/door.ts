import "server-only";
/**
 * Builds the process's Klaviyo clients, one per configured account, from the validated configuration.
 * This module (and what it hands the keys to) is the only place the keys live. Kept on globalThis so
 * Next's module layers (route handlers, server components) share each account's limiter and cache.
 */
import Redis from "ioredis";
import type { Account } from "@/lib/accounts/config";
import { type Env, getEnv } from "@/lib/env";
import { klaviyoObserver } from "@/lib/observability/klaviyo-observer";
import { assembleClient, httpTransport, limiterKeyPrefix } from "./assemble";
import type { ClientObserver, KlaviyoClient } from "./client";
import { logServerError } from "./log";
import { type Presence, startPresence } from "./presence";
import { keyFingerprint } from "./secret";
import { getSimulator, SIMULATOR_API_KEY } from "./simulator-singleton";
import { REDIS_RETRY_MAX_MS } from "./window-counter";

interface AccountDoor {
  client: KlaviyoClient;
  presence: Presence | null;
}

interface Door {
  env: Env;
  config: string;
  redis: Redis | null;
  observer: ClientObserver;
  /** per account name, built on first use */
  accounts: Map<string, AccountDoor>;
}

const SLOT = Symbol.for("klaviyo-bulk-jobs.door");
type Slot = { [SLOT]?: Door };

/** A fingerprint of everything that shapes the clients. */
function configId(env: Env): string {
  return keyFingerprint(
    [
      env.accounts.map((a) => `${a.name}:${a.apiKey ?? `simulator:${a.seed}`}`).join(","),
      env.KLAVIYO_BASE_URL,
      env.KLAVIYO_REVISION,
      env.REDIS_URL ?? "",
      env.KLAVIYO_SHARE,
      env.COLLECTOR_SHARE,
      env.SIMULATOR_SEED,
    ].join("\n"),
  );
}

function connectRedis(url: string, secrets: string[]): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    commandTimeout: 1_000,
    // Bounded, so that instances come back within the limiter's grace of one another (./window-counter).
    retryStrategy: (attempt) => Math.min(attempt * 50, REDIS_RETRY_MAX_MS),
  });
  let reported = false;
  // Without a listener ioredis reports every reconnect failure; the limiter falls back to memory.
  redis.on("error", (error) => {
    if (!reported) logServerError("redis unavailable, limiting in-process until it is back", error, secrets);
    reported = true;
  });
  redis.on("ready", () => (reported = false));
  return redis;
}

/** The key an account's client sends: its own, or a placeholder its in-process simulator accepts. */
function keyOf(env: Env, account: Account): string {
  if (account.apiKey) return account.apiKey;
  // One account keeps today's placeholder (and so its limiter's Redis keys); several keep apart.
  return env.accounts.length === 1 ? SIMULATOR_API_KEY : `${SIMULATOR_API_KEY}_${account.name}`;
}

function build(env: Env): Door {
  const secrets = env.accounts.map((account) => keyOf(env, account));
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, secrets) : null;
  // One observer for every account: the status page's figures and the logs are the process's.
  return { env, config: configId(env), redis, observer: klaviyoObserver(), accounts: new Map() };
}

function buildAccount(door: Door, account: Account): AccountDoor {
  const { env, redis } = door;
  const apiKey = keyOf(env, account);
  const simulator = account.apiKey ? null : getSimulator(account.seed, apiKey);
  // Instances sharing the budget announce themselves, so that each keeps to its part if Redis goes.
  const presence = redis ? startPresence(redis, { key: `${limiterKeyPrefix(apiKey)}:instances` }) : null;
  const client = assembleClient({
    env: { ...env, upstream: account.upstream },
    apiKey,
    // Everything but the transport is the same code path for Klaviyo and the simulator.
    transport: simulator ? (request) => simulator.handle(request) : httpTransport,
    // Each account's budget is its own: the limiter's keys carry its key's fingerprint.
    store: redis ? { kind: "redis", client: redis } : { kind: "memory" },
    // In-process, Klaviyo's windows are the simulator's: follow its clock (it may be set or scaled).
    windowNow: simulator ? () => simulator.clock.now() : undefined,
    instances: presence ? () => presence.count() : undefined,
    observer: door.observer,
  });
  return { client, presence };
}

function close(door: Door | undefined): void {
  for (const account of door?.accounts.values() ?? []) account.presence?.stop();
  door?.redis?.disconnect();
}

function currentDoor(): Door {
  const env = getEnv();
  const slot = globalThis as typeof globalThis & Slot;
  const current = slot[SLOT];
  // getEnv() hands out one parsed object; comparing fingerprints is only needed when it changes
  // (another module layer's copy of lib/env, or a test that re-reads the environment).
  if (current && (current.env === env || current.config === configId(env))) return current;
  close(current);
  const door = build(env);
  slot[SLOT] = door;
  return door;
}

/**
 * The client of one account (by name; the default account when none is named or the name is not
 * configured: callers validate names before, as the proxy does for `/a/{account}`).
 */
export function getKlaviyoClient(accountName?: string): KlaviyoClient {
  const door = currentDoor();
  const account = door.env.accounts.find((a) => a.name === accountName) ?? door.env.accounts[0]!;
  let entry = door.accounts.get(account.name);
  if (!entry) {
    entry = buildAccount(door, account);
    door.accounts.set(account.name, entry);
  }
  return entry.client;
}

/** Drop the process's client (tests, and scripts that change configuration between runs). */
export function resetKlaviyoClient(): void {
  const slot = globalThis as typeof globalThis & Slot;
  close(slot[SLOT]);
  delete slot[SLOT];
}

/** The shared budget's Redis: "none" when REDIS_URL is unset, else whether it answers now. */
export function redisState(): "none" | "ready" | "down" {
  const redis = currentDoor().redis;
  if (!redis) return "none";
  return redis.status === "ready" ? "ready" : "down";
}
