/**
 * Runs the collector in the server process: one per deployment, at an adaptive pace, forever.
 *
 * - Election: on PostgreSQL, the instance that holds a session-level advisory lock collects; the
 *   others try again every `standbyMs`. A dead leader's connection closes and its lock with it, so
 *   another instance takes over within one standby interval. The embedded store serves one process,
 *   which always collects.
 * - Pace: a pass every `fastMs` while jobs run, every `idleMs` when all is finished.
 * - Failures (Klaviyo refusing, the store unreachable) never stop it: the next pass comes after a
 *   backoff that doubles up to `idleMs`, and the last error is reported by `collectorState`.
 */
import { Client } from "pg";
import { JOB_TYPES } from "../job-types";
import { pruneAudit } from "../store/audit";
import { countInProgress } from "../store/in-progress";
import { getMeta, maintainTables, pruneHistory, setMeta, storedSummary } from "../store/jobs";
import type { Store } from "../store/open";
import { backfillSearchIndex } from "../store/search-index";
import { pruneInProgress, recordInProgress } from "../store/trends";
import { Collector, type CollectorSource, type PassReport } from "./collector";

export interface RunOptions {
  store: Store;
  account: string;
  source: CollectorSource;
  /** the PostgreSQL URL when the store is shared (election); unset for the embedded store */
  databaseUrl?: string;
  fastMs?: number;
  idleMs?: number;
  standbyMs?: number;
  /** jobs created longer ago are forgotten (pinned ones kept), checked once a day; unset: kept forever */
  historyDays?: number;
  /** audit entries older than this many days are removed with the daily prune; unset: kept (the log spans accounts, so one collector prunes it) */
  auditDays?: number;
  now?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /**
   * after each pass, good or failed, with its time and how far behind the collector is: alert rules
   * are evaluated here, from the store (a failing pass is when "the collector is behind" matters)
   */
  afterPass?: (at: number, health: PassHealth) => Promise<void>;
  /** the advisory lock of the election (one per account when several are collected) */
  lockKey?: number;
  /** whether this loop indexes for search the jobs stored before the index (one loop per process does) */
  indexBackfill?: boolean;
}

export interface PassHealth {
  /** whether this pass recorded what Klaviyo holds */
  ok: boolean;
  /**
   * since when the collector has been without news: the end of the last good pass before this one
   * began (or the collector's start). A normal pace keeps it about one interval back.
   */
  behindSince: number;
}

export interface CollectorState {
  role: "starting" | "leader" | "standby" | "stopped";
  lastPassAt: string | null;
  lastPass: PassReport | null;
  lastError: { message: string; at: string } | null;
  nextPassAt: string | null;
}

/** An arbitrary constant: the collector's advisory lock (the migrations take another). */
export const COLLECTOR_LOCK = 7_310_412_027;

export interface RunningCollector {
  state(): CollectorState;
  /** runs a pass now (tests, and the status page's "collect now") */
  passNow(): Promise<void>;
  stop(): Promise<void>;
}

export function runCollector(options: RunOptions): RunningCollector {
  const fastMs = options.fastMs ?? 5_000;
  const idleMs = options.idleMs ?? 60_000;
  const standbyMs = options.standbyMs ?? 10_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const collector = new Collector({ db: options.store.db, account: options.account, source: options.source, now });
  const state: CollectorState = {
    role: "starting",
    lastPassAt: null,
    lastPass: null,
    lastError: null,
    nextPassAt: null,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let lock: Client | null = null;
  let running: Promise<void> | null = null;
  let failures = 0;
  /** the end of the last good pass (the start until there is one) */
  let goodAt = now();

  const schedule = (ms: number) => {
    if (stopped) return;
    state.nextPassAt = new Date(now() + ms).toISOString();
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  };

  /** True when this process may collect: always on the embedded store; with the lock on PostgreSQL. */
  async function lead(): Promise<boolean> {
    if (!options.databaseUrl) return true;
    if (lock) return true;
    const client = new Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5000 });
    // A broken connection means the lock is gone: stop leading until it is taken again.
    client.on("error", () => {
      if (lock === client) lock = null;
    });
    client.on("end", () => {
      if (lock === client) lock = null;
    });
    try {
      await client.connect();
      const result = await client.query<{ got: boolean }>("select pg_try_advisory_lock($1) as got", [
        options.lockKey ?? COLLECTOR_LOCK,
      ]);
      if (result.rows[0]?.got) {
        lock = client;
        log("collector_elected", {});
        return true;
      }
    } catch (error) {
      state.lastError = { message: (error as Error).message, at: new Date(now()).toISOString() };
    }
    await client.end().catch(() => {});
    return false;
  }

  const DAY_MS = 24 * 60 * 60_000;

  /**
   * Indexes for search the jobs stored before the index existed, batch by batch for about two seconds
   * a pass (where it stopped is noted in the store, so a restart goes on from there). True while some
   * remain: the next pass then comes soon.
   */
  async function backfillIndex(): Promise<boolean> {
    const until = Date.now() + 2_000;
    let indexed = 0;
    while (Date.now() < until) {
      const batch = await backfillSearchIndex(options.store.db, 500);
      indexed += batch;
      if (batch < 500) {
        if (indexed > 0) log("search_index_backfilled", { jobs: indexed });
        return false;
      }
    }
    log("search_index_backfilling", { jobs: indexed });
    return true;
  }

  /** After a pass: note since when history is kept (once), and prune past HISTORY_DAYS (daily). */
  async function housekeeping(): Promise<void> {
    const db = options.store.db;
    const sinceKey = `history_since:${options.account}`;
    let since = await getMeta<string>(db, sinceKey);
    if (!since) {
      since = new Date(now()).toISOString();
      await setMeta(db, sinceKey, since);
    }
    // Readers on any instance judge from this whether the store is current enough to answer for Klaviyo.
    await setMeta(db, `last_pass:${options.account}`, new Date(now()).toISOString());
    // Jobs in progress against Klaviyo's cap, for the trends: one sample per pass.
    await recordInProgress(db, options.account, new Date(now()), await countInProgress(db, options.account));
    // Once every type has been paged to the end (noted once), the store holds all Klaviyo still had
    // at the first pass: history reaches back to the oldest job kept.
    const widenedKey = `history_backfilled:${options.account}`;
    if (!(await getMeta<string>(db, widenedKey))) {
      const backfilled = await Promise.all(
        JOB_TYPES.map((type) => getMeta<string>(db, `backfilled:${options.account}:${type}`)),
      );
      if (backfilled.every(Boolean)) {
        const { oldest } = await storedSummary(db, options.account);
        if (oldest && oldest < since) since = oldest;
        await setMeta(db, sinceKey, since);
        await setMeta(db, widenedKey, new Date(now()).toISOString());
        // The backfill is the largest write the store sees: plan with its statistics from now on.
        await maintainIfDue(true);
      }
    }
    // After a prune, history starts at its horizon (pinned jobs stay, but older windows are incomplete).
    const horizon = await pruneIfDue();
    if (horizon && horizon > since) await setMeta(db, sinceKey, horizon);
    await maintainIfDue(horizon !== null);
  }

  /** The embedded store's daily vacuum and statistics (PostgreSQL's autovacuum does this on its own). */
  async function maintainIfDue(force: boolean): Promise<void> {
    if (options.store.engine !== "embedded") return;
    const db = options.store.db;
    const last = await getMeta<string>(db, "maintained_at");
    if (!force && last && now() - Date.parse(last) < DAY_MS) return;
    const started = Date.now();
    await maintainTables(db);
    await setMeta(db, "maintained_at", new Date(now()).toISOString());
    log("store_maintained", { ms: Date.now() - started });
  }

  /** Prunes past HISTORY_DAYS when a day has passed since the last prune; returns the horizon then. */
  async function pruneIfDue(): Promise<string | null> {
    const db = options.store.db;
    if (!options.historyDays) return null;
    const pruneKey = `pruned_at:${options.account}`;
    const last = await getMeta<string>(db, pruneKey);
    if (last && now() - Date.parse(last) < DAY_MS) return null;
    const before = new Date(now() - options.historyDays * DAY_MS);
    const removed = await pruneHistory(db, options.account, before);
    await pruneInProgress(db, options.account, before);
    const auditRemoved = options.auditDays ? await pruneAudit(db, new Date(now() - options.auditDays * DAY_MS)) : 0;
    await setMeta(db, pruneKey, new Date(now()).toISOString());
    log("history_pruned", { before: before.toISOString(), removed, ...(options.auditDays ? { auditRemoved } : {}) });
    return before.toISOString();
  }

  async function once(): Promise<number> {
    if (!(await lead())) {
      state.role = "standby";
      return standbyMs;
    }
    state.role = "leader";
    const behindSince = goodAt;
    // What watches the store must not stop the collecting: its failure is logged, not the pass's.
    const watch = (ok: boolean) =>
      options.afterPass?.(now(), { ok, behindSince }).catch((error: unknown) => {
        log("alerts_failed", { error: (error as Error).message });
      });
    try {
      const report = await collector.pass();
      await housekeeping();
      const indexing = options.indexBackfill === false ? false : await backfillIndex();
      failures = 0;
      state.lastPass = report;
      state.lastPassAt = new Date(now()).toISOString();
      goodAt = now();
      if (report.added || report.finished || report.gone) log("collector_pass", { ...report });
      await watch(true);
      return report.busy || indexing ? fastMs : idleMs;
    } catch (error) {
      failures += 1;
      state.lastError = { message: (error as Error).message, at: new Date(now()).toISOString() };
      log("collector_failed", { error: (error as Error).message, failures });
      await watch(false);
      return Math.min(fastMs * 2 ** failures, idleMs);
    }
  }

  async function tick(): Promise<void> {
    if (stopped || running) return;
    running = once().then(
      (delay) => {
        running = null;
        schedule(delay);
      },
      () => {
        running = null;
        schedule(idleMs);
      },
    );
    await running;
  }

  schedule(0);

  return {
    state: () => ({ ...state }),
    async passNow() {
      if (running) await running;
      if (timer) clearTimeout(timer);
      await tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await running.catch(() => {});
      state.role = "stopped";
      const held = lock;
      lock = null;
      await held?.end().catch(() => {});
    },
  };
}
