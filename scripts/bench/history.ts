/**
 * Job-history benchmark, `npm run bench -- --only=history [--history-rows=N]`: both engines in one run,
 * PGlite in a temporary folder and PostgreSQL in a scratch database created on the server named by
 * DATABASE_URL or TEST_DATABASE_URL (and dropped afterwards; skipped, with the reason, without one).
 * Each engine is seeded with N synthetic jobs (default 1,000,000; multi-row inserts of 5,000), then:
 *   1. ingest: jobs per second through recordJobs, in list-page batches (100 jobs of one type), into
 *      the account holding the N jobs (stopped after 30 s, as it slows down with the account's size);
 *   2. one page of the job list by type and status, newest first: listStoredJobs to the JSON string
 *      (no route serves the stored list yet, so the function a route would call), p50 and p99;
 *   3. a 500-job run read as `GET /api/runs?from=&to=` reads it (getRun, then JSON): with the store as
 *      the process's store (the history answers), and with none (Klaviyo through the door: limiter,
 *      retries, the in-process simulator; a cold client for each read): server time, ratio, and the
 *      upstream requests the simulator counted;
 *   5. size on disk per 10,000 jobs (PGlite: the folder after a checkpoint; PostgreSQL: pg_database_size).
 * Once, since it does not depend on the engine: 4. the collector's upstream calls per hour at steady
 * state against its share of each endpoint's budget, on a simulated clock stepped at the collector's
 * pace (a pass, then its fast or idle interval), after its first backfill and a warm-up.
 *
 * The simulator's history spans the three days before its anchor; the synthetic jobs end a week
 * before that, so runs read in part 3 hold the simulator's jobs only, among N older ones. Synthetic
 * jobs are shaped like the collector's copy of finished jobs Klaviyo has since forgotten: read from
 * list pages (errors, no related ids), marked gone after expiry, one change row each.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { Client } from "pg";
import { Collector } from "../../lib/collector/collector";
import { getEnv, loadEnv } from "../../lib/env";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "../../lib/job-types";
import { getJob, listJobs } from "../../lib/klaviyo";
import { assembleClient } from "../../lib/klaviyo/assemble";
import type { Clock } from "../../lib/klaviyo/clock";
import { resetKlaviyoClient } from "../../lib/klaviyo/door";
import { getSimulator } from "../../lib/klaviyo/simulator-singleton";
import { createSimulator, type Simulator } from "../../lib/klaviyo-simulator";
import { mulberry32 } from "../../lib/klaviyo-simulator/world/prng";
import { getRecentRuns, getRun } from "../../lib/runs/read.server";
import { storeSourceSince } from "../../lib/runs/store-source.server";
import { listStoredJobs, maintainTables, recordJobs, setMeta, storedSummary } from "../../lib/store/jobs";
import { type Db, openStore, rowsOf, type Store } from "../../lib/store/open";
import { adoptStore } from "../../lib/store/shared";
import type { Job, JobError } from "../../lib/types";
import { percentile } from "./stats";

export const ACCOUNT = "default";
const INGEST_JOBS = 20_000;
/** Ingest stops early past this much real time (recordJobs slows down as the account grows). */
const INGEST_REAL_MS = 30_000;
const SEED_BATCH = 5_000;
const PAGE_SAMPLES = 300;
const STORE_RUN_SAMPLES = 15;
const UPSTREAM_RUN_SAMPLES = 10;
const TARGETS = { pageP50Ms: { embedded: 15, postgres: 10 }, runRatio: 20 } as const;
/** The collector's pace when run by lib/collector/run.ts (its defaults). */
const FAST_MS = 5_000;
const IDLE_MS = 60_000;
const WARM_UP_MS = 10 * 60_000;
const MEASURED_MS = 60 * 60_000;
/** The steady-state window stops early past this much real time; the rate is then extrapolated. */
const MEASURE_REAL_MS = 180_000;
const SIM_SEED = 42;
const SIM_KEY = "pk_bench_history_0001";
/** The simulator's "now" (its seeded history is the 72 h before). */
const ANCHOR = Date.UTC(2026, 10, 28, 18);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Where the synthetic history ends: a week before the simulator's history starts. */
export const SYNTHETIC_END = ANCHOR - 10 * DAY_MS;
const RETENTION_MS = 7 * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Synthetic jobs (pure, tested in history.test.ts)

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID-like id as Klaviyo's job ids look: 10 characters of time, 16 random. */
function ulidAt(ms: number, random: () => number): string {
  let time = "";
  for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32]! + time;
  let rest = "";
  for (let i = 0; i < 16; i++) rest += CROCKFORD[Math.floor(random() * 32)]!;
  return time + rest;
}

const uuid = (random: () => number) =>
  "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => Math.floor(random() * 16).toString(16));

const ERROR_KINDS = [
  ["invalid", "Invalid input.", "price", "'price' must be a number greater than or equal to 0; got null."],
  ["invalid", "Invalid input.", "url", "'url' must be a valid http or https URL; got 'https://'."],
  ["duplicate", "Duplicate resource.", "external_id", "A catalog item with external_id 'SKU-38543' already exists."],
  ["required", "Missing required field.", "title", "'title' is a required field and may not be blank."],
  ["not_found", "Resource not found.", "categories", "Catalog category 'sale-2026' does not exist."],
] as const;

export interface SyntheticOptions {
  count: number;
  /** created_at of the newest job (ms) */
  endAt: number;
  seed?: number;
}

/**
 * Jobs as a catalog sync leaves them, newest first: bursts of 20–500 jobs of one to four types, one
 * every 1–4 s, with 20–120 minutes between bursts; about 10 % with failed operations (most a few,
 * some many), about 1 % cancelled; finished, with the error entries a list page carries.
 */
export function* syntheticJobs({ count, endAt, seed = 1 }: SyntheticOptions): Generator<Job> {
  const random = mulberry32(seed);
  const below = (n: number) => Math.floor(random() * n);
  let at = endAt;
  let made = 0;
  while (made < count) {
    const size = Math.min(count - made, 20 + below(481));
    const pool = [...JOB_TYPES].sort(() => random() - 0.5).slice(0, 1 + below(4));
    for (let k = 0; k < size; k++, made++) {
      if (k > 0) at -= 1_000 + below(3_000);
      const type: JobType = pool[below(pool.length)]!;
      const total = 1 + below(100);
      const failed = random() < 0.1 ? Math.min(total, random() < 0.8 ? 1 + below(5) : 1 + below(total)) : 0;
      const cancelled = random() < 0.012;
      const completedAt = at + total * (300 + below(700));
      const errors: JobError[] = Array.from({ length: failed }, (_, e) => {
        const [code, title, field, detail] = ERROR_KINDS[below(ERROR_KINDS.length)]!;
        return { id: uuid(random), code, title, detail, pointer: `/data/${e}/attributes/${field}` };
      });
      yield {
        type,
        id: ulidAt(at, random),
        status: cancelled ? "cancelled" : "complete",
        createdAt: new Date(at).toISOString(),
        completedAt: new Date(completedAt).toISOString(),
        expiresAt: new Date(completedAt + RETENTION_MS).toISOString(),
        totalCount: total,
        completedCount: cancelled ? below(total - failed + 1) : total - failed,
        failedCount: failed,
        errors,
        relatedIds: [],
      };
    }
    at -= (20 + below(101)) * 60_000;
  }
}

/** Jobs grouped into list pages: up to 100 of one type, newest first, in the order they fill. */
export function* listPages(jobs: Iterable<Job>, size = 100): Generator<Job[]> {
  const open = new Map<JobType, Job[]>();
  for (const job of jobs) {
    const page = open.get(job.type) ?? [];
    page.push(job);
    open.set(job.type, page);
    if (page.length === size) {
      open.delete(job.type);
      yield page;
    }
  }
  for (const page of open.values()) yield page;
}

// ---------------------------------------------------------------------------------------------
// Engines

export interface Place {
  engine: "embedded" | "postgres";
  open(): Promise<Store>;
  size(store: Store): Promise<number>;
  remove(): Promise<void>;
}

function folderBytes(path: string): number {
  let sum = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    sum += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return sum;
}

export function embeddedPlace(): Place {
  const dataDir = mkdtempSync(join(tmpdir(), "kbj-bench-history-"));
  return {
    engine: "embedded",
    open: () => openStore({ dataDir }),
    async size(store) {
      await store.db.execute(sql`checkpoint`);
      return folderBytes(dataDir);
    },
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function postgresPlace(): Promise<Place | { skipped: string }> {
  const url = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!url) return { skipped: "neither DATABASE_URL nor TEST_DATABASE_URL is set" };
  const name = `kbj_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`create database ${name}`);
  } catch (error) {
    return { skipped: `cannot create a scratch database there: ${(error as Error).message}` };
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    engine: "postgres",
    open: () => openStore({ databaseUrl: target.toString(), poolSize: 4 }),
    async size(store) {
      await store.db.execute(sql`checkpoint`).catch(() => {});
      const rows = await rowsOf<{ bytes: string }>(store.db, sql`select pg_database_size(current_database()) as bytes`);
      return Number(rows[0]?.bytes ?? Number.NaN);
    },
    remove: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** Both engines' places; PostgreSQL's absence is noted in `engines` (and logged) with its reason. */
export async function benchPlaces(engines: { postgres?: unknown }, log: (line: string) => void): Promise<Place[]> {
  const places: Place[] = [embeddedPlace()];
  const postgres = await postgresPlace();
  if ("skipped" in postgres) {
    engines.postgres = { skipped: postgres.skipped };
    log(`PostgreSQL skipped: ${postgres.skipped}`);
  } else places.push(postgres);
  return places;
}

// ---------------------------------------------------------------------------------------------
// Parts

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const ms = (since: number) => performance.now() - since;

/**
 * Synthetic jobs (or `jobs`, shaped alike) in multi-row inserts, each with its first change row;
 * returns the oldest created_at.
 */
export async function seed(
  db: Db,
  count: number,
  log: (line: string) => void,
  jobs: Iterable<Job> = syntheticJobs({ count, endAt: SYNTHETIC_END, seed: 7 }),
): Promise<{ seconds: number; oldest: number }> {
  const started = performance.now();
  let batch: Record<string, unknown>[] = [];
  let done = 0;
  let oldest = SYNTHETIC_END;
  const flush = async () => {
    if (batch.length === 0) return;
    const json = JSON.stringify(batch);
    batch = [];
    await db.execute(sql`
      with r as (
        select * from jsonb_to_recordset(${json}::jsonb) as r(
          type text, id text, status text, created_at timestamptz, completed_at timestamptz,
          expires_at timestamptz, total_count int, completed_count int, failed_count int, errors jsonb)
      ), written as (
        insert into jobs (account, type, id, status, created_at, completed_at, expires_at, total_count,
          completed_count, failed_count, errors, observed_at, first_seen_at, gone_at)
        select ${ACCOUNT}, type, id, status, created_at, completed_at, expires_at, total_count,
          completed_count, failed_count, errors, completed_at, completed_at, expires_at + interval '10 minutes'
        from r
      )
      insert into job_changes (account, type, id, observed_at, status, completed_count, failed_count)
      select ${ACCOUNT}, type, id, completed_at, status, completed_count, failed_count from r`);
  };
  for (const job of jobs) {
    oldest = Date.parse(job.createdAt);
    batch.push({
      type: job.type,
      id: job.id,
      status: job.status,
      created_at: job.createdAt,
      completed_at: job.completedAt,
      expires_at: job.expiresAt,
      total_count: job.totalCount,
      completed_count: job.completedCount,
      failed_count: job.failedCount,
      errors: job.errors,
    });
    done += 1;
    if (batch.length === SEED_BATCH) await flush();
    if (done % 100_000 === 0) {
      const seconds = ms(started) / 1000;
      log(
        `  seeded ${done.toLocaleString("en")} of ${count.toLocaleString("en")} (${Math.round(done / seconds)} jobs/s)`,
      );
    }
  }
  await flush();
  return { seconds: round(ms(started) / 1000), oldest };
}

/** recordJobs into the account already holding N jobs; its jobs are then marked gone like the seeded ones. */
async function ingest(db: Db): Promise<{ jobs: number; calls: number; jobsPerSecond: number }> {
  const pages = [...listPages(syntheticJobs({ count: INGEST_JOBS, endAt: SYNTHETIC_END, seed: 99 }))];
  const observedAt = new Date(SYNTHETIC_END + 60_000);
  const started = performance.now();
  let jobs = 0;
  let calls = 0;
  for (const page of pages) {
    if (ms(started) > INGEST_REAL_MS) break;
    await recordJobs(db, ACCOUNT, page, observedAt);
    jobs += page.length;
    calls += 1;
  }
  const jobsPerSecond = Math.round(jobs / (ms(started) / 1000));
  await db.execute(sql`update jobs set gone_at = expires_at + interval '10 minutes'
    where account = ${ACCOUNT} and gone_at is null and created_at <= ${new Date(SYNTHETIC_END)}`);
  return { jobs, calls, jobsPerSecond };
}

/** The plan's scan for one page of each status, e.g. "complete: Index Scan using jobs_by_type_status". */
async function pagePlan(db: Db): Promise<string> {
  const plans: string[] = [];
  for (const status of ["complete", "cancelled"]) {
    const rows = await rowsOf<{ "QUERY PLAN": string }>(
      db,
      sql`explain select * from jobs where account = ${ACCOUNT} and type = 'item-update' and status = ${status}
          order by created_at desc, id desc limit 100`,
    );
    const scan = rows.map((row) => row["QUERY PLAN"]).find((line) => /Scan/.test(line)) ?? "";
    plans.push(`${status}: ${scan.replace(/^[\s->]*/, "").replace(/\s+\(cost.*$/, "")}`);
  }
  return plans.join(", ");
}

async function pages(db: Db, span: { from: number; to: number }) {
  const random = mulberry32(3);
  const times: number[] = [];
  for (let i = 0; i < PAGE_SAMPLES + 30; i++) {
    const type = JOB_TYPES[i % JOB_TYPES.length]!;
    const status = i % 10 === 0 ? "cancelled" : "complete";
    // Half first pages, half pages further down (keyset from a random instant of the history).
    const after =
      i % 2 === 0
        ? undefined
        : { createdAt: new Date(span.from + random() * (span.to - span.from)).toISOString(), id: "Z" };
    const started = performance.now();
    const jobs = await listStoredJobs(db, { account: ACCOUNT, type, status, after, limit: 100 });
    const last = jobs.at(-1);
    const body = JSON.stringify({
      type,
      status,
      jobs,
      nextCursor: jobs.length === 100 && last ? `${last.createdAt}|${last.id}` : null,
      prevCursor: null,
      fetchedAt: new Date().toISOString(),
    });
    if (i >= 30) times.push(ms(started));
    if (body.length < 10) throw new Error("empty page");
  }
  return { p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), plan: await pagePlan(db) };
}

/** The simulator at the anchor, its clock still; sleeping (the limiter's waits) moves it forward. */
function frozenSimulator(at = ANCHOR): { simulator: Simulator; clock: Clock } {
  const simulator = createSimulator({ seed: SIM_SEED, apiKey: SIM_KEY, now: ANCHOR, timeScale: 0 });
  simulator.clock.set(at);
  const clock: Clock = {
    now: () => simulator.clock.now(),
    sleep: async (wait) => simulator.clock.advance(Math.max(0, wait)),
  };
  return { simulator, clock };
}

/** lib/klaviyo's client as the door assembles it for the in-process simulator, with a clock of our choosing. */
function clientFor(simulator: Simulator, clock: Clock) {
  return assembleClient({
    env: loadEnv({}),
    apiKey: SIM_KEY,
    transport: (request) => simulator.handle(request),
    store: { kind: "memory" },
    windowNow: () => simulator.clock.now(),
    clock,
  });
}

function collectorOn(db: Db, simulator: Simulator, clock: Clock): Collector {
  const client = clientFor(simulator, clock);
  return new Collector({
    db,
    account: ACCOUNT,
    now: () => simulator.clock.now(),
    source: {
      listJobs: (query) => client.listJobs(query, "background"),
      getJob: (query) => client.getJob(query, "background"),
    },
  });
}

/** What runCollector's housekeeping notes after a pass once every type is backfilled. */
async function noteHistory(db: Db, at: number): Promise<void> {
  const { oldest } = await storedSummary(db, ACCOUNT);
  await setMeta(db, `history_since:${ACCOUNT}`, oldest ?? new Date(at).toISOString());
  await setMeta(db, `last_pass:${ACCOUNT}`, new Date(at).toISOString());
}

/** The collector as the server runs it (lib/collector/shared.ts): through the door, as background work. */
function doorCollector(db: Db): Collector {
  return new Collector({
    db,
    account: ACCOUNT,
    source: {
      listJobs: (query) => listJobs(query, "background"),
      getJob: (query) => getJob(query, "background"),
    },
  });
}

/** The door's upstream: getSimulator hands out createSimulator's simulator, typed down to what the door needs. */
const doorSimulator = () => getSimulator(getEnv().SIMULATOR_SEED) as unknown as Simulator;

/** Requests the door's simulator has answered so far. */
const upstreamRequests = () => doorSimulator().stats().total.requests;

type RunQuery = { kind: "run"; from: number; to: number; gapMinutes: number };

/**
 * The largest finished run of the last three days, as the store lists it; a window over its 500
 * oldest jobs when it has more (a link to part of a run reads as many pages as one to all of it).
 */
async function chooseRun(store: Store): Promise<{ query: RunQuery; jobs: number }> {
  const now = Date.now();
  const source = await storeSourceSince(now - 72 * HOUR_MS, { store, account: ACCOUNT, now });
  if (!source) throw new Error("the store does not answer for the last three days");
  const recent = await getRecentRuns({ kind: "recent", window: "72h", gapMinutes: 10 }, { list: source.list, now });
  const largest = recent.runs
    .map((entry) => entry.summary)
    .filter((summary) => summary.running === 0)
    .sort((a, b) => b.jobCount - a.jobCount)[0];
  if (!largest) throw new Error("no finished run in the simulator's history");
  const whole: RunQuery = { kind: "run", from: Date.parse(largest.from), to: Date.parse(largest.to), gapMinutes: 10 };
  const { jobs } = await getRun(whole, { list: source.list });
  if (jobs.length <= 500) return { query: whole, jobs: jobs.length };
  const query: RunQuery = { ...whole, to: Date.parse(jobs[jobs.length - 500]!.createdAt) };
  return { query, jobs: (await getRun(query, { list: source.list })).jobs.length };
}

/**
 * Reads the run as `GET /api/runs?from=&to=` does (getRun, then JSON), `samples` times: with `store`
 * as the process's store it answers from the history; with none, from Klaviyo through the door (its
 * client dropped before each read, so every read is a cold one: no cached page, fresh limiter).
 */
async function readRun(query: RunQuery, store: Store | null, samples: number) {
  adoptStore(store);
  const times: number[] = [];
  const before = upstreamRequests();
  type Answer = { jobs: unknown[]; source?: string };
  let answer: Answer | undefined;
  try {
    for (let i = 0; i < samples + 1; i++) {
      if (!store) resetKlaviyoClient();
      const started = performance.now();
      const body = JSON.stringify(await getRun(query));
      if (i >= 1) times.push(ms(started));
      answer = JSON.parse(body) as Answer;
    }
  } finally {
    adoptStore(null);
  }
  return {
    p50Ms: round(percentile(times, 50), 1),
    jobs: answer?.jobs.length ?? 0,
    source: answer?.source ?? "klaviyo",
    /** upstream requests per read, as the simulator counted them */
    upstreamCalls: Math.round((upstreamRequests() - before) / (samples + 1)),
  };
}

/** Steady state: a pass, then the collector's interval, on the simulator's clock; calls per endpoint. */
async function collectorSteadyState(log: (line: string) => void) {
  const dataDir = mkdtempSync(join(tmpdir(), "kbj-bench-collector-"));
  const store = await openStore({ dataDir });
  try {
    // An ordinary hour: after the seeded import (see runHistoryBench), deltas and the odd nightly sync.
    const { simulator, clock } = frozenSimulator(ANCHOR + HOUR_MS);
    const collector = collectorOn(store.db, simulator, clock);
    const backfill = await collector.pass();
    log(`  collector backfill: ${backfill.calls} calls, ${backfill.added} jobs`);
    const step = async () => {
      const report = await collector.pass();
      simulator.clock.advance(report.busy ? FAST_MS : IDLE_MS);
      return report;
    };
    const warmUntil = simulator.clock.now() + WARM_UP_MS;
    while (simulator.clock.now() < warmUntil) await step();
    simulator.resetStats();
    const start = simulator.clock.now();
    let passes = 0;
    let busy = 0;
    const started = performance.now();
    while (simulator.clock.now() < start + MEASURED_MS && ms(started) < MEASURE_REAL_MS) {
      passes += 1;
      if ((await step()).busy) busy += 1;
    }
    const hours = (simulator.clock.now() - start) / HOUR_MS;
    const env = loadEnv({});
    const endpoints = Object.entries(simulator.stats().endpoints).map(([path, counts]) => {
      const type = JOB_TYPES.find((t) => path.startsWith(`${JOB_TYPE_INFO[t].path}`))!;
      const share = Math.floor(JOB_TYPE_INFO[type].tier.steady * env.COLLECTOR_SHARE) * 60;
      return { path, perHour: Math.round(counts.requests / hours), sharePerHour: share };
    });
    const busiest = endpoints.reduce((a, b) => (b.perHour / b.sharePerHour > a.perHour / a.sharePerHour ? b : a));
    return {
      clock:
        "simulated: the in-process simulator's clock, stepped by each pass's interval (5 s while jobs run, " +
        "60 s when idle) and by the limiter's waits" +
        (simulator.clock.now() < start + MEASURED_MS ? "; stopped early, rate extrapolated to an hour" : ""),
      simulatedMinutes: round((simulator.clock.now() - start) / 60_000, 0),
      realSeconds: round(ms(started) / 1000),
      passes,
      busyPasses: busy,
      callsPerHour: Math.round(simulator.stats().total.requests / hours),
      throttled: simulator.stats().total.throttled,
      collectorShare: env.COLLECTOR_SHARE,
      budgetPerHour: endpoints.reduce((sum, e) => sum + e.sharePerHour, 0),
      busiest: { ...busiest, ofShare: round((100 * busiest.perHour) / busiest.sharePerHour, 2) },
    };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

export interface HistoryBenchOptions {
  rows: number;
  log?: (line: string) => void;
}

export interface EngineFigures {
  storedJobs: number;
  seedSeconds: number;
  ingest: Awaited<ReturnType<typeof ingest>>;
  page: Awaited<ReturnType<typeof pages>> & { targetP50Ms: number };
  run: {
    jobs: number;
    storeMs: number;
    storeSource: string;
    storeUpstreamCalls: number;
    simulatorMs: number;
    simulatorSource: string;
    simulatorUpstreamCalls: number;
    ratio: number;
    targetRatio: number;
    sameJobs: boolean;
  };
  collectorPass: { backfillCalls: number; backfillSeconds: number; steadyPassMs: number; steadyPassCalls: number };
  size: { bytes: number; what: string; mbPer10kJobs: number };
}

export interface HistoryReport {
  rows: number;
  run: { jobs: number; from: string } | null;
  engines: Partial<Record<Place["engine"], EngineFigures | { skipped: string }>>;
  collector: Awaited<ReturnType<typeof collectorSteadyState>>;
}

export async function runHistoryBench({ rows, log = console.log }: HistoryBenchOptions): Promise<HistoryReport> {
  // Runs are compared against the built-in simulator, never a real account; and one log line per
  // upstream call would drown the figures.
  if (process.env.KLAVIYO_API_KEY) log("KLAVIYO_API_KEY ignored: the history part reads from the built-in simulator");
  delete process.env.KLAVIYO_API_KEY;
  process.env.LOG_LEVEL ??= "warn";
  // The seeded history's one large sync (an import of about 800 jobs) runs from 20 minutes before the
  // simulator's start to 50 after: an hour on, it is a finished run of more than 500 jobs.
  doorSimulator().clock.advance(HOUR_MS);
  const engines: HistoryReport["engines"] = {};
  const places = await benchPlaces(engines, log);

  let run: { query: RunQuery; jobs: number } | null = null;
  let upstream: Awaited<ReturnType<typeof readRun>> | null = null;
  for (const place of places) {
    log(`${place.engine}: seeding ${rows.toLocaleString("en")} jobs`);
    const store = await place.open();
    try {
      const seeded = await seed(store.db, rows, log);
      log(`  seeded in ${seeded.seconds} s; ingest through recordJobs`);
      const ingested = await ingest(store.db);
      // PostgreSQL's autovacuum analyzes a table soon after a load like this; on the embedded store the
      // collector vacuums and analyzes after its backfill and daily (maintainTables), as done here.
      if (place.engine === "postgres") await store.db.execute(sql`analyze`);
      else await maintainTables(store.db);
      const page = await pages(store.db, { from: seeded.oldest, to: SYNTHETIC_END });
      log(`  page p50 ${page.p50Ms} ms; the collector's first pass (backfill from the simulator)`);
      const collector = doorCollector(store.db);
      let started = performance.now();
      const backfill = await collector.pass();
      const backfillSeconds = round(ms(started) / 1000);
      started = performance.now();
      const steady = await collector.pass();
      const steadyPassMs = round(ms(started), 0);
      await noteHistory(store.db, Date.now());
      run ??= await chooseRun(store);
      log(`  a run of ${run.jobs} jobs: from the store, then from the simulator`);
      const fromStore = await readRun(run.query, store, STORE_RUN_SAMPLES);
      upstream ??= await readRun(run.query, null, UPSTREAM_RUN_SAMPLES);
      const counted = await rowsOf<{ jobs: string }>(store.db, sql`select count(*) as jobs from jobs`);
      const jobs = Number(counted[0]?.jobs ?? 0);
      const bytes = await place.size(store);
      engines[place.engine] = {
        storedJobs: jobs,
        seedSeconds: seeded.seconds,
        ingest: ingested,
        page: { ...page, targetP50Ms: TARGETS.pageP50Ms[place.engine] },
        run: {
          jobs: fromStore.jobs,
          storeMs: fromStore.p50Ms,
          storeSource: fromStore.source,
          storeUpstreamCalls: fromStore.upstreamCalls,
          simulatorMs: upstream.p50Ms,
          simulatorSource: upstream.source,
          simulatorUpstreamCalls: upstream.upstreamCalls,
          ratio: round(upstream.p50Ms / fromStore.p50Ms, 1),
          targetRatio: TARGETS.runRatio,
          sameJobs: fromStore.jobs === upstream.jobs,
        },
        collectorPass: { backfillCalls: backfill.calls, backfillSeconds, steadyPassMs, steadyPassCalls: steady.calls },
        size: {
          bytes,
          what: place.engine === "embedded" ? "folder after a checkpoint" : "pg_database_size",
          mbPer10kJobs: round(((bytes / jobs) * 10_000) / 1_048_576, 1),
        },
      };
    } finally {
      await store.close();
      await place.remove();
    }
  }
  log("collector at steady state (embedded store, simulated clock)");
  const collector = await collectorSteadyState(log);
  resetKlaviyoClient();
  return { rows, run: run && { jobs: run.jobs, from: new Date(run.query.from).toISOString() }, engines, collector };
}

export const ENGINE_NAMES = { embedded: "PGlite", postgres: "PostgreSQL" } as const;

/** One row per engine, figures beside their targets. */
export function historyTable(report: HistoryReport): Record<string, Record<string, string | number>> {
  const rows: Record<string, Record<string, string | number>> = {};
  for (const [engine, figures] of Object.entries(report.engines)) {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) {
      rows[name] = { "stored jobs": `skipped: ${figures?.skipped ?? "not run"}` };
      continue;
    }
    const { page, run } = figures;
    rows[name] = {
      "stored jobs": figures.storedJobs.toLocaleString("en"),
      "ingest jobs/s": figures.ingest.jobsPerSecond,
      "page p50 ms": `${page.p50Ms} (target ≤ ${page.targetP50Ms})`,
      "page p99 ms": page.p99Ms,
      [`run of ${run.jobs}: store ms`]: run.storeMs,
      "simulator ms": run.simulatorMs,
      ratio: `${run.ratio}× (target ≥ ${run.targetRatio}×)`,
      "upstream calls store / simulator": `${run.storeUpstreamCalls} / ${run.simulatorUpstreamCalls}`,
      "MB per 10k jobs": figures.size.mbPer10kJobs,
    };
  }
  return rows;
}

/** What the table leaves out: how long seeding took, the plan, the collector. */
export function historyNotes(report: HistoryReport): string[] {
  const notes: string[] = [];
  for (const [engine, figures] of Object.entries(report.engines)) {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) {
      notes.push(`${name}: skipped (${figures?.skipped ?? "not run"})`);
      continue;
    }
    const pass = figures.collectorPass;
    notes.push(
      `${name}: seeded ${report.rows.toLocaleString("en")} jobs in ${figures.seedSeconds} s; page plan: ${figures.page.plan}; ` +
        `size ${(figures.size.bytes / 1_048_576).toFixed(0)} MB (${figures.size.what}); collector backfill ` +
        `${pass.backfillCalls} calls in ${pass.backfillSeconds} s, next pass ${pass.steadyPassMs} ms (${pass.steadyPassCalls} calls); ` +
        `run answered from ${figures.run.storeSource} vs ${figures.run.simulatorSource}${figures.run.sameJobs ? ", same jobs" : ", JOBS DIFFER"}`,
    );
  }
  const c = report.collector;
  notes.push(
    `collector at steady state: ${c.callsPerHour.toLocaleString("en")} upstream calls per hour ` +
      `(${c.simulatedMinutes} simulated minutes, ${c.passes} passes, ${c.busyPasses} with jobs running, ${c.throttled} throttled; ` +
      `${c.realSeconds} s real). Its share (COLLECTOR_SHARE ${c.collectorShare}) allows ${c.budgetPerHour.toLocaleString("en")} per hour ` +
      `over the 18 endpoints; busiest ${c.busiest.path}: ${c.busiest.perHour}/h of ${c.busiest.sharePerHour.toLocaleString("en")}/h ` +
      `(${c.busiest.ofShare} %). Clock: ${c.clock}.`,
  );
  return notes;
}
