/**
 * The history views' benchmark, `npm run bench -- --only=history-views [--history-rows=N]`: the list
 * of every type read from the job history as `GET /api/jobs` and the `/jobs` page read it
 * (listFromHistory, then JSON), on both engines, with N synthetic jobs stored (the history part's
 * seeding: bursts of syncs, about 10 % of jobs with failed operations). Three views, each p50/p99:
 *   newest     `type=all`, half first pages and half pages further down (a cursor at a random instant);
 *   failures   `type=all&from=&to=&failed=1` over a random 7-day window of the history;
 *   rate       `type=all&order=rate`, half first pages and half from a cursor at a random place.
 * PostgreSQL runs in a scratch database on the server named by DATABASE_URL or TEST_DATABASE_URL
 * (dropped afterwards; skipped, with the reason, without one).
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { encodeListCursor, listFromHistory } from "../../lib/jobs/all-types.server";
import type { HistoryOrder } from "../../lib/jobs/history-filter";
import type { ListQuery } from "../../lib/jobs/list-params";
import { mulberry32 } from "../../lib/klaviyo-simulator/world/prng";
import { maintainTables, setMeta } from "../../lib/store/jobs";
import { type Db, rowsOf, type Store } from "../../lib/store/open";
import { ACCOUNT, benchPlaces, type Place, SYNTHETIC_END, seed } from "./history";
import { percentile } from "./stats";

const SAMPLES = 200;
const WARM_UP = 20;
const WINDOW_MS = 7 * 86_400_000;
const TARGET_P50_MS = { embedded: 25, postgres: 15 } as const;
const VIEWS = ["newest", "failures", "rate"] as const;
type View = (typeof VIEWS)[number];

type Span = { from: number; to: number };

/** The query of sample `i` of a view: first pages and pages further down, at random places of the history. */
function queryFor(view: View, i: number, span: Span, random: () => number): ListQuery {
  const at = (lead = 0) => span.from + random() * (span.to - span.from - lead);
  const deep = i % 2 === 1;
  const cursor = (order: HistoryOrder, failedCount: number, totalCount: number) =>
    encodeListCursor(order, {
      dir: "next",
      createdAt: new Date(at()).toISOString(),
      id: "Z",
      failedCount,
      totalCount,
    });
  if (view === "newest") return { type: "all", ...(deep ? { cursor: cursor("newest", 0, 0) } : {}) };
  if (view === "failures") {
    const from = at(WINDOW_MS);
    return {
      type: "all",
      from: new Date(from).toISOString(),
      to: new Date(from + WINDOW_MS).toISOString(),
      failed: "1",
    };
  }
  const total = 1 + Math.floor(random() * 100);
  const failed = Math.floor(random() * (total + 1) * 0.2);
  return { type: "all", order: "rate", ...(deep ? { cursor: cursor("rate", failed, total) } : {}) };
}

async function measure(store: Store, view: View, span: Span) {
  const random = mulberry32(11);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < SAMPLES + WARM_UP; i++) {
    const query = queryFor(view, i, span, random);
    const started = performance.now();
    const body = JSON.stringify(await listFromHistory(query, { store, account: ACCOUNT }));
    if (i >= WARM_UP) {
      times.push(performance.now() - started);
      rows += (JSON.parse(body) as { jobs: unknown[] }).jobs.length;
    }
  }
  return {
    p50Ms: Number(percentile(times, 50).toFixed(2)),
    p99Ms: Number(percentile(times, 99).toFixed(2)),
    rowsPerPage: Math.round(rows / SAMPLES),
  };
}

/** The scan each view's first page uses, e.g. "Index Scan using jobs_by_failure_rate on jobs". */
async function plans(db: Db, span: Span): Promise<Record<View, string>> {
  const scan = async (where: string, orderBy: string) => {
    const rows = await rowsOf<{ "QUERY PLAN": string }>(
      db,
      sql.raw(`explain select id from jobs where account = '${ACCOUNT}' ${where} order by ${orderBy} limit 101`),
    );
    const lines = rows.map((row) => row["QUERY PLAN"]);
    const used = lines.filter((line) => /Scan|Sort/.test(line)).map((line) => line.replace(/^[\s->]*/, ""));
    return used.map((line) => line.replace(/\s+\(cost.*$/, "")).join(" / ");
  };
  const mid = new Date((span.from + span.to) / 2).toISOString();
  const end = new Date(Date.parse(mid) + WINDOW_MS).toISOString();
  return {
    newest: await scan("", "created_at desc, id desc"),
    failures: await scan(
      `and created_at >= '${mid}' and created_at < '${end}' and failed_count > 0`,
      "created_at desc, id desc",
    ),
    rate: await scan("", "(failed_count::double precision / greatest(total_count, 1)) desc, created_at desc, id desc"),
  };
}

export interface HistoryViewsFigures {
  storedJobs: number;
  withFailures: number;
  seedSeconds: number;
  views: Record<View, Awaited<ReturnType<typeof measure>> & { plan: string }>;
  targetP50Ms: number;
}

export interface HistoryViewsReport {
  rows: number;
  engines: Partial<Record<Place["engine"], HistoryViewsFigures | { skipped: string }>>;
}

export async function runHistoryViewsBench({
  rows,
  log = console.log,
}: {
  rows: number;
  log?: (line: string) => void;
}): Promise<HistoryViewsReport> {
  process.env.LOG_LEVEL ??= "warn";
  const engines: HistoryViewsReport["engines"] = {};
  const places = await benchPlaces(engines, log);
  for (const place of places) {
    log(`${place.engine}: seeding ${rows.toLocaleString("en")} jobs`);
    const store = await place.open();
    try {
      const seeded = await seed(store.db, rows, log);
      // As in production: PostgreSQL's autovacuum analyzes after a load; the collector does it on PGlite.
      if (place.engine === "postgres") await store.db.execute(sql`analyze`);
      else await maintainTables(store.db);
      await setMeta(store.db, `last_pass:${ACCOUNT}`, new Date(SYNTHETIC_END).toISOString());
      await setMeta(store.db, `history_since:${ACCOUNT}`, new Date(seeded.oldest).toISOString());
      const span = { from: seeded.oldest, to: SYNTHETIC_END };
      const counted = await rowsOf<{ jobs: string; failing: string }>(
        store.db,
        sql`select count(*) as jobs, count(*) filter (where failed_count > 0) as failing from jobs`,
      );
      const plan = await plans(store.db, span);
      const views = {} as HistoryViewsFigures["views"];
      for (const view of VIEWS) {
        views[view] = { ...(await measure(store, view, span)), plan: plan[view] };
        log(`  ${view}: p50 ${views[view].p50Ms} ms, p99 ${views[view].p99Ms} ms (${plan[view]})`);
      }
      engines[place.engine] = {
        storedJobs: Number(counted[0]?.jobs ?? 0),
        withFailures: Number(counted[0]?.failing ?? 0),
        seedSeconds: seeded.seconds,
        views,
        targetP50Ms: TARGET_P50_MS[place.engine],
      };
    } finally {
      await store.close();
      await place.remove();
    }
  }
  return { rows, engines };
}

const ENGINE_NAMES = { embedded: "PGlite", postgres: "PostgreSQL" } as const;
const VIEW_NAMES: Record<View, string> = {
  newest: "all types, newest first",
  failures: "7-day window, has failures",
  rate: "by failure rate",
};

/** One row per engine and view: p50 beside its target, p99, rows per page. */
export function historyViewsTable(report: HistoryViewsReport): Record<string, Record<string, string | number>> {
  const table: Record<string, Record<string, string | number>> = {};
  for (const [engine, figures] of Object.entries(report.engines)) {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) {
      table[name] = { view: `skipped: ${figures?.skipped ?? "not run"}` };
      continue;
    }
    for (const view of VIEWS) {
      const v = figures.views[view];
      table[`${name}: ${VIEW_NAMES[view]}`] = {
        "p50 ms": `${v.p50Ms} (target ≤ ${figures.targetP50Ms})`,
        "p99 ms": v.p99Ms,
        "rows/page": v.rowsPerPage,
      };
    }
  }
  return table;
}

export function historyViewsNotes(report: HistoryViewsReport): string[] {
  return Object.entries(report.engines).map(([engine, figures]) => {
    const name = ENGINE_NAMES[engine as Place["engine"]];
    if (!figures || "skipped" in figures) return `${name}: skipped (${figures?.skipped ?? "not run"})`;
    const plansText = VIEWS.map((view) => `${view}: ${figures.views[view].plan}`).join("; ");
    return (
      `${name}: ${figures.storedJobs.toLocaleString("en")} jobs (${figures.withFailures.toLocaleString("en")} with failures), ` +
      `seeded in ${figures.seedSeconds} s; plans: ${plansText}`
    );
  });
}
