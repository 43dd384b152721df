/**
 * `npm run bench`: prints a table and writes reports/bench.json.
 *   npm run bench -- --only=frontend,peer    parts: proxy, load, errors, frontend, peer, share, history,
 *                                            history-views, history-search, history-trends, collector,
 *                                            accounts
 *   npm run bench -- --only=history --history-rows=100000
 *       jobs stored before the job-history figures are taken, on each engine (default 1,000,000);
 *       history-views (the filtered and ordered lists of every type), history-search and
 *       history-trends read the same option
 *   npm run bench -- --only=history-trends --trends-engine=postgres    one engine only
 *   npm run bench -- --only=load --load-seconds=30 --load-connections=200
 *       the load run's length on the dashboard (default 60 s; the bare server gets at most 20 s)
 *   npm run bench -- --only=collector --collector-passes=24
 *       collector passes measured after the backfill, each setting (default 24)
 *   npm run bench -- --only=frontend --lighthouse-runs=1 --pages=jobs,sign-in
 *       Lighthouse runs per page and preset (default 3); the pages measured (default all)
 *   npm run bench -- --only=accounts --accounts-runs=10 --accounts-collector=off
 *       the job list with 1 and with 5 accounts, two dashboards in one run: loads of each page (default
 *       10); the collector on (the default set-up, and the default here) or off in both
 * Run through `npm run bench`: tsx runs with the react-server condition, since the proxy part imports
 * lib/klaviyo, which is marked server-only. Lighthouse runs with its desktop preset and with its
 * default (a phone: 4x CPU slowdown, slow 4G); the sign-in page, under the same header, is the
 * baseline of what any page here costs a phone.
 * Needs a production build (made once if missing). Absolute times on a shared 2-core machine move by
 * ~15 %: compare ratios within one run (the peer is measured in the same run for that reason).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { RecentRuns } from "../lib/runs/answers";
import type { JobPage } from "../lib/types";
import { accountsTable, runAccountsBench } from "./bench/accounts";
import { collectorTable, runCollectorBench } from "./bench/collector";
import { runErrorsScaleBench } from "./bench/errors-scale";
import { measurePages, type PageTarget } from "./bench/frontend";
import { historyNotes, historyTable, runHistoryBench } from "./bench/history";
import { historySearchNotes, historySearchTable, runHistorySearchBench } from "./bench/history-search";
import { runTrendsBench, trendsTable } from "./bench/history-trends";
import { historyViewsNotes, historyViewsTable, runHistoryViewsBench } from "./bench/history-views";
import { loadTable, runLoadBench } from "./bench/load";
import { runProxyBench } from "./bench/proxy";
import { startDashboard } from "./bench/servers";
import { runShareBench } from "./bench/share";

const PARTS = [
  "proxy",
  "load",
  "errors",
  "frontend",
  "peer",
  "share",
  "history",
  "history-views",
  "history-search",
  "history-trends",
  "collector",
  "accounts",
] as const;
type Part = (typeof PARTS)[number];
const onlyArg = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const selected = new Set<Part>(onlyArg ? (onlyArg.split(",") as Part[]) : PARTS);
const numberArg = (name: string) => {
  const value = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined ? undefined : Number(value);
};
const pagesArg = process.argv.find((a) => a.startsWith("--pages="))?.slice("--pages=".length);
const PEER_DIR = resolve("..", "shared", "peers", "bull-board");
const REPORT = join("reports", "bench.json");

function ensureBuild() {
  if (existsSync(join(".next", "BUILD_ID"))) return;
  console.log("no production build: running next build");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
}

async function frontend() {
  const dashboard = await startDashboard({ KLAVIYO_API_KEY: "" });
  try {
    const page = (await (await fetch(`${dashboard.url}/api/jobs?type=item-create&status=complete`)).json()) as JobPage;
    const failing = page.jobs.find((j) => j.failedCount > 0) ?? page.jobs[0]!;
    const runs = (await (await fetch(`${dashboard.url}/api/runs`)).json()) as RecentRuns;
    const run = [...runs.runs].sort((a, b) => b.summary.jobCount - a.summary.jobCount)[0]!.summary;
    const runUrl = `${dashboard.url}/runs?${new URLSearchParams({ from: run.from, to: run.to })}`;
    const targets: PageTarget[] = [
      { name: "jobs", url: `${dashboard.url}/jobs`, selector: "[data-testid=job-row]" },
      {
        name: "detail",
        url: `${dashboard.url}/jobs/item-create/${failing.id}`,
        selector: "[data-testid=error-group]",
      },
      { name: "runs", url: `${dashboard.url}/runs`, selector: "[data-testid=run-card]" },
      { name: "run", url: runUrl, selector: "[data-testid=job-row]" },
      // The baseline: a server-rendered page that exists anyway, under the same header and providers,
      // with nothing of its own to hydrate. What a page scores above it is the cost of its own view.
      { name: "sign-in", url: `${dashboard.url}/sign-in`, selector: "form", lighthouseOnly: true },
    ];
    const only = pagesArg?.split(",");
    return await measurePages(
      targets.filter((t) => !only || only.includes(t.name)),
      { outDir: join("reports", "frontend"), rowRuns: 5, lighthouseRuns: numberArg("lighthouse-runs") ?? 3 },
    ).then((result) => ({ ...result, runJobs: run.jobCount }));
  } finally {
    await dashboard.stop();
  }
}

function peer() {
  if (!existsSync(join(PEER_DIR, "measure.sh"))) return { skipped: `no peer folder at ${PEER_DIR}` };
  const out = resolve("reports", "peer-bull-board");
  const run = spawnSync("bash", [join(PEER_DIR, "measure.sh"), out], {
    stdio: ["ignore", "inherit", "inherit"],
    timeout: 20 * 60_000,
  });
  if (run.status !== 0) return { failed: `measure.sh exited ${run.status}` };
  return JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as unknown;
}

async function main() {
  mkdirSync("reports", { recursive: true });
  const previous: Record<string, unknown> = existsSync(REPORT)
    ? (JSON.parse(readFileSync(REPORT, "utf8")) as Record<string, unknown>)
    : {};
  const results: Record<string, unknown> = {
    ...previous,
    machine: { node: process.version, cpus: (await import("node:os")).cpus().length },
  };
  if ((["frontend", "load", "share", "accounts"] as const).some((part) => selected.has(part))) ensureBuild();
  const save = () =>
    writeFileSync(REPORT, JSON.stringify({ ...results, updatedAt: new Date().toISOString() }, null, 2) + "\n");

  if (selected.has("errors")) {
    results.errorsScale = runErrorsScaleBench();
    console.table(results.errorsScale);
    save();
  }
  if (selected.has("frontend")) {
    results.frontend = await frontend();
    const { pages, harnessFloor } = results.frontend as {
      pages: Record<string, Record<string, unknown>>;
      harnessFloor: Record<string, number>;
    };
    console.log(
      `first-row floor of the harness (a static one-row page): ${Math.round(harnessFloor.plainMs ?? NaN)} ms; with COOP: ${Math.round(harnessFloor.coopMs ?? NaN)} ms`,
    );
    type Scores = { performance: number; tbtMs: number } | null;
    console.table(
      Object.fromEntries(
        Object.entries(pages).map(([name, p]) => {
          const desktop = p.lighthouse as Scores;
          const mobile = p.lighthouseMobile as Scores;
          return [
            name,
            {
              "JS gzip KiB": p.jsGzip9KiB,
              "first row ms": p.firstRowVisibleMs,
              "same HTML, no script files": p.firstRowWithoutScriptsMs,
              "LH desktop": desktop?.performance,
              "TBT desktop ms": desktop?.tbtMs,
              "LH mobile": mobile?.performance,
              "TBT mobile ms": mobile?.tbtMs,
            },
          ];
        }),
      ),
    );
    save();
  }
  if (selected.has("peer")) {
    results.peer = peer();
    console.log("peer (bull-board):", JSON.stringify(results.peer, null, 1).slice(0, 2000));
    save();
  }
  if (selected.has("load")) {
    const load = await runLoadBench({ seconds: numberArg("load-seconds"), connections: numberArg("load-connections") });
    results.load = load;
    console.log(
      `load: ${load.connections} connections; admission ${load.admission.maxInFlight} in flight, ${load.admission.maxQueue} waiting;`,
      `load average before ${load.loadAverage.before.join(" ")}, after ${load.loadAverage.afterBare.join(" ")}`,
    );
    console.table(loadTable(load));
    console.log("load, in full:", JSON.stringify(load, null, 1));
    save();
  }
  if (selected.has("proxy")) {
    results.proxy = await runProxyBench();
    save();
  }
  if (selected.has("share")) {
    const share = await runShareBench();
    results.share = share;
    console.log(
      `share: ${share.instances} instances on one Redis, KLAVIYO_SHARE ${share.share}, COLLECTOR_SHARE ${share.collectorShare} (${share.store});`,
      `one minute of the simulator's clock (sampled ${share.measuredMinuteSkewMs.start} / ${share.measuredMinuteSkewMs.end} ms off its edges)`,
    );
    console.table(share.perEndpoint);
    const { idle, busy } = share.people;
    console.table({
      "calls ÷ (share × limit), people's endpoints": {
        value: `${share.peopleEndpoints.minRatio} – ${share.peopleEndpoints.maxRatio}`,
        target: "0.95 – 1.0",
      },
      "simulator 429s": { value: share.simulator429s, target: 0 },
      "people p50 ms, collector idle → busy": { value: `${idle.p50Ms} → ${busy.p50Ms}`, target: "within 2×" },
      "people p50 ms of 200s, idle → busy": { value: `${idle.p50Of200Ms} → ${busy.p50Of200Ms}`, target: "within 2×" },
      "answers (200s), idle → busy": {
        value: `${idle.answers} (${idle.answered200}) → ${busy.answers} (${busy.answered200})`,
        target: "",
      },
    });
    save();
  }
  if (selected.has("history")) {
    const started = Date.now();
    const history = await runHistoryBench({ rows: numberArg("history-rows") ?? 1_000_000 });
    results.history = { ...history, seconds: Math.round((Date.now() - started) / 1000) };
    console.table(historyTable(history));
    for (const line of historyNotes(history)) console.log(line);
    save();
  }
  if (selected.has("history-views")) {
    const started = Date.now();
    const views = await runHistoryViewsBench({ rows: numberArg("history-rows") ?? 1_000_000 });
    results["history-views"] = { ...views, seconds: Math.round((Date.now() - started) / 1000) };
    console.table(historyViewsTable(views));
    for (const line of historyViewsNotes(views)) console.log(line);
    save();
  }
  if (selected.has("history-search")) {
    const started = Date.now();
    const searched = await runHistorySearchBench({ rows: numberArg("history-rows") ?? 1_000_000 });
    results["history-search"] = { ...searched, seconds: Math.round((Date.now() - started) / 1000) };
    console.table(historySearchTable(searched));
    for (const line of historySearchNotes(searched)) console.log(line);
    save();
  }
  if (selected.has("history-trends")) {
    const started = Date.now();
    const engine = process.argv.find((a) => a.startsWith("--trends-engine="))?.slice("--trends-engine=".length);
    const trends = await runTrendsBench({
      rows: numberArg("history-rows") ?? 1_000_000,
      only: engine === "postgres" || engine === "embedded" ? engine : undefined,
    });
    results["history-trends"] = { ...trends, seconds: Math.round((Date.now() - started) / 1000) };
    console.log(`history-trends: ${trends.range.from} to ${trends.range.to} (UTC)`);
    console.table(trendsTable(trends));
    save();
  }
  if (selected.has("collector")) {
    const started = Date.now();
    const figures = await runCollectorBench({ passes: numberArg("collector-passes") });
    results.collector = { figures, seconds: Math.round((Date.now() - started) / 1000) };
    console.log("collector: passes 5 s apart against a busy simulated account, embedded store");
    console.table(collectorTable(figures));
    save();
  }
  if (selected.has("accounts")) {
    const collector = process.argv.includes("--accounts-collector=off") ? "off" : "on";
    const accounts = await runAccountsBench({ runs: numberArg("accounts-runs"), collector });
    results.accounts = accounts;
    console.log(
      `accounts: ${accounts.runs} loads of each page, the two dashboards interleaved, collector ${accounts.collector}; resident memory ${accounts.rssMiB.one} MiB (1 account), ${accounts.rssMiB.five} MiB (5 accounts); ms:`,
    );
    console.table(accountsTable(accounts));
    save();
  }
  console.log(`\nwrote ${REPORT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
