/**
 * The process's one store, kept on globalThis: route handlers and instrumentation.ts load this
 * module in different bundles, and two PGlite instances on one folder would corrupt it.
 *
 * `startStore` runs at server start. A store that refuses to open for good (its folder locked by
 * another process, corrupt, or written by a newer release) stops start-up with the reason; one that
 * is merely unreachable (PostgreSQL down) is retried with backoff while pages keep serving live
 * from Klaviyo, and `storeState` says what is going on.
 */
import { sql } from "drizzle-orm";
import { getEnv } from "../env";
import { StoreLockedError } from "./lock-file";
import { openStore, type Store, StoreOpenError } from "./open";

export type StoreState =
  | { state: "opening"; since: string }
  | { state: "open"; engine: Store["engine"]; where: string; since: string }
  | { state: "unreachable"; error: string; since: string; nextTryAt: string };

interface Holder {
  store?: Store;
  /** called once when the store opens (the collector starts then) */
  onOpen?: ((store: Store) => void)[];
  opening?: Promise<Store>;
  state: StoreState;
  retry?: ReturnType<typeof setTimeout>;
}

const KEY = Symbol.for("bulk-jobs-dashboard.store");
const holder = ((globalThis as Record<symbol, Holder | undefined>)[KEY] ??= {
  state: { state: "opening", since: new Date().toISOString() },
});

/** A refusal to open that retrying cannot fix. */
export function isPermanent(error: unknown): boolean {
  return error instanceof StoreLockedError || (error instanceof StoreOpenError && !/Cannot reach/.test(error.message));
}

const MAX_BACKOFF_MS = 60_000;

function attempt(delayMs: number): Promise<Store> {
  const env = getEnv();
  holder.opening = openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR }).then(
    (store) => {
      holder.store = store;
      holder.state = { state: "open", engine: store.engine, where: store.where, since: new Date().toISOString() };
      for (const callback of holder.onOpen?.splice(0) ?? []) callback(store);
      return store;
    },
    (error: unknown) => {
      holder.opening = undefined;
      if (isPermanent(error)) throw error;
      const next = Math.min(delayMs * 2, MAX_BACKOFF_MS);
      holder.state = {
        state: "unreachable",
        error: error instanceof Error ? error.message : String(error),
        since: holder.state.state === "unreachable" ? holder.state.since : new Date().toISOString(),
        nextTryAt: new Date(Date.now() + delayMs).toISOString(),
      };
      holder.retry = setTimeout(() => void attempt(next).catch(() => {}), delayMs);
      holder.retry.unref?.();
      throw error;
    },
  );
  return holder.opening;
}

/**
 * Opens the store once per process. Rejects with the reason when it cannot open now; an
 * unreachable server keeps being retried in the background.
 */
export function startStore(): Promise<Store> {
  if (holder.store) return Promise.resolve(holder.store);
  return holder.opening ?? attempt(1000);
}

/** Calls back once the store is open: now, or when a retry succeeds. */
export function whenStoreOpen(callback: (store: Store) => void): void {
  if (holder.store) callback(holder.store);
  else (holder.onOpen ??= []).push(callback);
}

/** The open store, or null while it is opening or unreachable (callers then serve live data). */
export function currentStore(): Store | null {
  return holder.store ?? null;
}

/**
 * Makes `store` (or none) the process's store without opening one from the configuration: for scripts
 * that open stores themselves (the history benchmark reads runs as the routes do, from each engine).
 */
export function adoptStore(store: Store | null): void {
  holder.store = store ?? undefined;
  const since = new Date().toISOString();
  holder.state = store
    ? { state: "open", engine: store.engine, where: store.where, since }
    : { state: "opening", since };
}

export function storeState(): StoreState {
  return holder.state;
}

/** `work`, or a rejection "no answer within {ms} ms" once `ms` have passed (a store must not hold a page). */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the open store answers a trivial query within `timeoutMs`: "ok", or why not. */
export async function pingStore(timeoutMs: number): Promise<string> {
  const store = holder.store;
  if (!store) return "not open";
  try {
    await withTimeout(store.db.execute(sql`select 1`), timeoutMs);
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Closes the store (at shutdown), so the embedded store's lock is given back. */
export async function closeStore(): Promise<void> {
  if (holder.retry) clearTimeout(holder.retry);
  const store = holder.store;
  holder.store = undefined;
  holder.opening = undefined;
  await store?.close();
}
