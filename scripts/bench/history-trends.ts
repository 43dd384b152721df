/**
 * Trends benchmark, `npm run bench -- --only=history-trends [--history-rows=N]`: both engines, each
 * seeded with the history part's N synthetic jobs (bursts of syncs, about 10 % with failed
 * operations and their error entries; default 1,000,000) and a sample of jobs in progress for every
 * quarter hour of the 90 days, then the 90-day trends read as `GET /api/trends` reads it (getTrends, then
 * JSON): p50 and p99 of the whole read, and p50 of each of its three queries alone.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { maintainTables } from "../../lib/store/jobs";
import { rowsOf } from "../../lib/store/open";
import { errorsPerDay, inProgressPerDay, jobsPerDay } from "../../lib/store/trends";
import { addDays, previousSpan, type TrendsQuery } from "../../lib/trends/params";
import { getTrends } from "../../lib/trends/read.server";
import { ACCOUNT, embeddedPlace, type Place, postgresPlace, SYNTHETIC_END, seed } from "./history";
import { percentile } from "./stats";

const SAMPLES = 30;
const PART_SAMPLES = 10;
const DAYS = 90;
const TARGET_P50_MS = 100;

export interface TrendsEngineFigures {
  storedJobs: number;
  /** jobs created in the 90 days (and in the span before, which "new" error groups are judged against) */
  jobsInRange: number;
  jobsInPreviousSpan: number;
  p50Ms: number;
  p99Ms: number;
  jobsPerDayP50Ms: number;
  errorsPerDayP50Ms: number;
  inProgressP50Ms: number;
  targetP50Ms: number;
}

export interface TrendsReport {
  rows: number;
  range: TrendsQuery;
  engines: Partial<Record<Place["engine"], TrendsEngineFigures | { skipped: string }>>;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function timed(samples: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm the plan and the cache
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function runTrendsBench({
  rows,
  only,
  log = console.log,
}: {
  rows: number;
  /** one engine only (`--trends-engine=postgres`): seeding PGlite with a million jobs takes a quarter hour */
  only?: Place["engine"];
  log?: (line: string) => void;
}): Promise<TrendsReport> {
  const to = new Date(SYNTHETIC_END).toISOString().slice(0, 10);
  const range: TrendsQuery = { from: addDays(to, -(DAYS - 1)), to, zone: "UTC" };
  const before = previousSpan(range);
  const engines: TrendsReport["engines"] = {};
  const places: Place[] = only === "postgres" ? [] : [embeddedPlace()];
  const postgres: Place | { skipped: string } =
    only === "embedded" ? { skipped: "not asked for" } : await postgresPlace();
  if ("skipped" in postgres) {
    engines.postgres = { skipped: postgres.skipped };
    log(`PostgreSQL skipped: ${postgres.skipped}`);
  } else places.push(postgres);

  for (const place of places) {
    log(`${place.engine}: seeding ${rows.toLocaleString("en")} jobs`);
    const store = await place.open();
    try {
      const seeded = await seed(store.db, rows, log);
      log(`  seeded in ${seeded.seconds} s; a sample of jobs in progress per quarter hour for ${DAYS} days`);
      await store.db.execute(sql`
        insert into in_progress_samples (account, bucket, peak)
        select ${ACCOUNT}, m, (extract(epoch from m)::bigint % 480)::int
        from generate_series((${range.from}::date)::timestamptz, (${range.to}::date + 1)::timestamptz - interval '15 minutes',
          interval '15 minutes') as m`);
      if (place.engine === "postgres") await store.db.execute(sql`vacuum analyze`);
      else await maintainTables(store.db);
      const count = async (from: string, until: string) => {
        const found = await rowsOf<{ n: string }>(
          store.db,
          sql`select count(*) as n from jobs where created_at >= (${from}::date)::timestamptz
                and created_at < (${until}::date + 1)::timestamptz`,
        );
        return Number(found[0]?.n ?? 0);
      };
      const [storedJobs, jobsInRange, jobsInPreviousSpan] = await Promise.all([
        rowsOf<{ n: string }>(store.db, sql`select count(*) as n from jobs`).then((r) => Number(r[0]?.n ?? 0)),
        count(range.from, range.to),
        count(before.from, before.to),
      ]);
      log(`  ${jobsInRange.toLocaleString("en")} jobs in the ${DAYS} days; timing the trends read`);
      const whole = await timed(SAMPLES, async () =>
        JSON.stringify(await getTrends(range, { store, account: ACCOUNT })),
      );
      const perDay = await timed(PART_SAMPLES, () => jobsPerDay(store.db, ACCOUNT, range.from, range.to, "UTC"));
      const errors = await timed(PART_SAMPLES, () => errorsPerDay(store.db, ACCOUNT, before.from, range.to, "UTC"));
      const inProgress = await timed(PART_SAMPLES, () =>
        inProgressPerDay(store.db, ACCOUNT, range.from, range.to, "UTC"),
      );
      const figures: TrendsEngineFigures = {
        storedJobs,
        jobsInRange,
        jobsInPreviousSpan,
        p50Ms: round(percentile(whole, 50)),
        p99Ms: round(percentile(whole, 99)),
        jobsPerDayP50Ms: round(percentile(perDay, 50)),
        errorsPerDayP50Ms: round(percentile(errors, 50)),
        inProgressP50Ms: round(percentile(inProgress, 50)),
        targetP50Ms: TARGET_P50_MS,
      };
      engines[place.engine] = figures;
      log(`  p50 ${figures.p50Ms} ms`);
    } finally {
      await store.close();
      await place.remove();
    }
  }
  return { rows, range, engines };
}

const ENGINE_NAMES = { embedded: "PGlite", postgres: "PostgreSQL" } as const;

/** One row per engine. */
export function trendsTable(report: TrendsReport): Record<string, Record<string, string | number>> {
  const table: Record<string, Record<string, string | number>> = {};
  for (const [engine, figures] of Object.entries(report.engines)) {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) {
      table[name] = { skipped: figures?.skipped ?? "" };
      continue;
    }
    table[name] = {
      "stored jobs": figures.storedJobs,
      "jobs in 90 days (+ span before)": `${figures.jobsInRange} (+ ${figures.jobsInPreviousSpan})`,
      "90-day trends p50 / p99 ms": `${figures.p50Ms} / ${figures.p99Ms}`,
      "target p50 ms": `≤ ${figures.targetP50Ms}`,
      "jobs per day p50 ms": figures.jobsPerDayP50Ms,
      "error groups per day p50 ms": figures.errorsPerDayP50Ms,
      "in progress per day p50 ms": figures.inProgressP50Ms,
    };
  }
  return table;
}
