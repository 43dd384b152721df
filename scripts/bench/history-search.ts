/**
 * Search benchmark, `npm run bench -- --only=history-search [--history-rows=N]`: both engines, seeded
 * as the history part seeds them (N synthetic jobs, default 1,000,000), except that the first error of
 * every job with failures quotes a SKU of its own (a duplicate external id), so about 10 % of jobs
 * carry error entries with SKUs (about 100,000 at 1,000,000 jobs). The search index is then built the
 * way a store migrated from before it is: by the collector's backfill (backfillSearchIndex), timed.
 * Then, p50 and p99 of each search as the routes ask it:
 *   - by SKU (exact key, btree): a SKU a seeded error quotes;
 *   - by error words (trigram GIN): that SKU as a word (rare), and "must be a number" (a fifth of
 *     error groups hold it);
 *   - by the start of a job id (pattern btree): the first 12 characters of a stored job's id;
 *   - a whole search as `GET /api/search?q=<SKU>` answers it (every group that applies);
 * and the plan of each query (EXPLAIN, after ANALYZE), to show which index serves it.
 */
import { performance } from "node:perf_hooks";
import { type SQL, sql } from "drizzle-orm";
import { JOB_TYPES } from "../../lib/job-types";
import { planSearch } from "../../lib/search/query";
import { search } from "../../lib/search/read.server";
import { maintainTables } from "../../lib/store/jobs";
import { type Db, rowsOf } from "../../lib/store/open";
import { entriesByKey, errorGroupsByWords, jobsByIdPrefix } from "../../lib/store/search";
import { backfillSearchIndex } from "../../lib/store/search-index";
import type { Job } from "../../lib/types";
import { benchPlaces, ENGINE_NAMES, type Place, SYNTHETIC_END, seed, syntheticJobs } from "./history";
import { percentile } from "./stats";

const ACCOUNT = "default";
const SAMPLES = 200;
const TARGET_P50_MS = { embedded: 80, postgres: 50 } as const;

/** The synthetic history with a SKU of its own in the first error of each job that has failures. */
function* jobsWithSkus(count: number): Generator<Job> {
  let serial = 0;
  for (const job of syntheticJobs({ count, endAt: SYNTHETIC_END, seed: 7 })) {
    if (job.errors.length === 0) {
      yield job;
      continue;
    }
    serial += 1;
    const sku = `SKU-${String(serial * 7919 + 100_000)}`;
    const [first, ...rest] = job.errors;
    yield {
      ...job,
      errors: [
        {
          ...first!,
          code: "duplicate",
          title: "Duplicate resource.",
          detail: `A catalog item with external_id '${sku}' already exists.`,
          pointer: "/data/0/attributes/external_id",
        },
        ...rest,
      ],
    };
  }
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function timed(samples: number, run: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}

/** The plan of a query, one line per node, without costs (they differ run to run). */
async function plan(db: Db, query: SQL): Promise<string> {
  const rows = await rowsOf<{ "QUERY PLAN": string }>(db, sql`explain (costs off) ${query}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

/** Picks `count` values spread over a column's rows (a fixed stride: the same picks each run). */
async function spread(db: Db, query: SQL, count: number): Promise<string[]> {
  const rows = await rowsOf<{ value: string }>(db, query);
  const step = Math.max(1, Math.floor(rows.length / count));
  return rows.filter((_, i) => i % step === 0).map((row) => row.value);
}

export interface SearchFigures {
  storedJobs: number;
  skuEntries: number;
  jobsWithSkus: number;
  errorGroups: number;
  backfill: { seconds: number; jobsPerSecond: number };
  bySku: { p50Ms: number; p99Ms: number };
  byRareWords: { p50Ms: number; p99Ms: number };
  byCommonWords: { p50Ms: number; p99Ms: number };
  byIdPrefix: { p50Ms: number; p99Ms: number };
  wholeSearch: { p50Ms: number; p99Ms: number };
  targetP50Ms: number;
  plans: Record<string, string>;
}

export interface HistorySearchReport {
  rows: number;
  engines: Partial<Record<Place["engine"], SearchFigures | { skipped: string }>>;
}

async function measure(place: Place, rows: number, log: (line: string) => void): Promise<SearchFigures> {
  const store = await place.open();
  try {
    const db = store.db;
    const seeded = await seed(db, rows, log, jobsWithSkus(rows));
    log(`  seeded in ${seeded.seconds} s; indexing through the backfill`);
    const started = performance.now();
    let indexed = 0;
    for (;;) {
      const batch = await backfillSearchIndex(db, 1_000);
      indexed += batch;
      if (batch === 0) break;
      if (indexed % 100_000 < 1_000) log(`  indexed ${indexed.toLocaleString("en")} jobs`);
    }
    const seconds = (performance.now() - started) / 1000;
    if (place.engine === "postgres") await db.execute(sql`analyze`);
    else await maintainTables(db);
    const counts = (
      await rowsOf<{ jobs: string; skus: string; with_skus: string; groups: string }>(
        db,
        sql`select (select count(*) from jobs) as jobs,
          (select count(*) from search_entries where kind = 'sku') as skus,
          (select count(distinct (type, job_id)) from search_entries where kind = 'sku') as with_skus,
          (select count(*) from search_entries where kind = 'error') as groups`,
      )
    )[0]!;
    const skus = await spread(
      db,
      sql`select label as value from search_entries where kind = 'sku' order by type, job_id`,
      SAMPLES,
    );
    const ids = await spread(db, sql`select id as value from jobs order by type, id`, SAMPLES);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    log(`  ${skus.length} SKUs and ${ids.length} job ids sampled; timing ${SAMPLES} of each search`);

    const bySku = await timed(SAMPLES, (i) =>
      entriesByKey(db, { account: ACCOUNT, kind: "sku", key: pick(skus, i).toLowerCase(), limit: 21 }),
    );
    const byRareWords = await timed(SAMPLES, (i) =>
      errorGroupsByWords(db, { account: ACCOUNT, words: [pick(skus, i).toLowerCase()], limit: 21 }),
    );
    const byCommonWords = await timed(SAMPLES, () =>
      errorGroupsByWords(db, { account: ACCOUNT, words: ["must", "number"], limit: 21 }),
    );
    const byIdPrefix = await timed(SAMPLES, (i) =>
      jobsByIdPrefix(db, { account: ACCOUNT, prefix: pick(ids, i).slice(0, 12), limit: 21 }),
    );
    const wholeSearch = await timed(SAMPLES, (i) =>
      search({ plan: planSearch(pick(skus, i)), cursor: null }, { store, account: ACCOUNT }),
    );

    const sku = skus[0]!.toLowerCase();
    const entry = (where: SQL) =>
      sql`select e.type, e.job_id, e.n, j.status from search_entries e join jobs j on j.account = e.account
          and j.type = e.type and j.id = e.job_id where e.account = ${ACCOUNT} and ${where}
          order by e.created_at desc, e.type desc, e.job_id desc, e.n desc limit 21`;
    const plans = {
      "by SKU": await plan(db, entry(sql`e.kind = 'sku' and e.key = ${sku}`)),
      "by error words": await plan(db, entry(sql`e.kind = 'error' and e.words like ${`%${sku}%`}`)),
      "by common error words": await plan(
        db,
        entry(sql`e.kind = 'error' and e.words like '%must%' and e.words like '%number%'`),
      ),
      "by job id prefix": await plan(
        db,
        sql`select type, id from jobs where account = ${ACCOUNT} and id like ${`${ids[0]!.slice(0, 12)}%`}
            order by created_at desc, type desc, id desc limit 21`,
      ),
    };
    return {
      storedJobs: Number(counts.jobs),
      skuEntries: Number(counts.skus),
      jobsWithSkus: Number(counts.with_skus),
      errorGroups: Number(counts.groups),
      backfill: { seconds: round(seconds), jobsPerSecond: Math.round(indexed / seconds) },
      bySku,
      byRareWords,
      byCommonWords,
      byIdPrefix,
      wholeSearch,
      targetP50Ms: TARGET_P50_MS[place.engine],
      plans,
    };
  } finally {
    await store.close();
    await place.remove();
  }
}

export async function runHistorySearchBench({
  rows,
  log = console.log,
}: {
  rows: number;
  log?: (line: string) => void;
}): Promise<HistorySearchReport> {
  process.env.LOG_LEVEL ??= "warn";
  const engines: HistorySearchReport["engines"] = {};
  const places = await benchPlaces(engines, log);
  for (const place of places) {
    log(`${place.engine}: seeding ${rows.toLocaleString("en")} jobs of ${JOB_TYPES.length} types`);
    engines[place.engine] = await measure(place, rows, log);
  }
  return { rows, engines };
}

export function historySearchTable(report: HistorySearchReport): Record<string, Record<string, string | number>> {
  const table: Record<string, Record<string, string | number>> = {};
  for (const [engine, figures] of Object.entries(report.engines)) {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) {
      table[name] = { "stored jobs": `skipped: ${figures?.skipped ?? "not run"}` };
      continue;
    }
    const both = (f: { p50Ms: number; p99Ms: number }) => `${f.p50Ms} / ${f.p99Ms}`;
    table[name] = {
      "stored jobs": figures.storedJobs.toLocaleString("en"),
      "jobs with SKUs": figures.jobsWithSkus.toLocaleString("en"),
      "index backfill jobs/s": figures.backfill.jobsPerSecond,
      "target p50 ms": `≤ ${figures.targetP50Ms}`,
      "by SKU p50 / p99 ms": both(figures.bySku),
      "by words (rare)": both(figures.byRareWords),
      "by words (common)": both(figures.byCommonWords),
      "by id prefix": both(figures.byIdPrefix),
      "whole search": both(figures.wholeSearch),
    };
  }
  return table;
}

export function historySearchNotes(report: HistorySearchReport): string[] {
  const notes: string[] = [];
  for (const [engine, figures] of Object.entries(report.engines)) {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) continue;
    notes.push(
      `${name}: ${figures.skuEntries.toLocaleString("en")} SKU entries, ${figures.errorGroups.toLocaleString("en")} error groups; ` +
        `index backfill ${figures.backfill.seconds} s`,
    );
    for (const [what, text] of Object.entries(figures.plans)) notes.push(`${name} plan, ${what}:\n${text}`);
  }
  return notes;
}
