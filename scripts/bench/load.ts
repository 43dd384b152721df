/**
 * Load run: `connections` autocannon clients for `seconds` on the list, job and run pages and the API
 * of a production build served as `npm start` serves it (Next behind admission control), talking over
 * HTTP to the standalone simulator at its real tiers. Then, in the same run, the same autocannon
 * against a bare Node HTTP server (one line of work per request): the floor of this machine and
 * generator. For each: answers by kind (served, shed with 503, other), timeouts (no answer within
 * autocannon's 10 s), p50 / p99 / max latency, served and shed apart, and the peak resident memory
 * of the server's process tree. Beside them the upstream calls and 429s, the CPU each process used,
 * how late the server's event loop ran, and the machine's load average.
 */

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE } from "../../lib/http/admission.mjs";
import type { RecentRuns } from "../../lib/runs/answers";
import type { JobPage } from "../../lib/types";
import { cpuSeconds, freePort, rssMiB, startDashboard, startSimulator, waitFor } from "./servers";
import { median, percentile } from "./stats";

interface Counts {
  requests: number;
  throttled: number;
}

const round = (n: number) => Math.round(n * 10) / 10;
const latency = (values: number[]) =>
  values.length === 0
    ? null
    : {
        p50: round(percentile(values, 50)),
        p99: round(percentile(values, 99)),
        max: round(values.reduce((a, b) => Math.max(a, b), 0)),
      };
const loadAverage = () => loadavg().map((n) => Math.round(n * 100) / 100);

/** autocannon over `paths` (each connection goes through them in turn), with the server's peak memory. */
async function drive(url: string, paths: string[], pid: number, connections: number, seconds: number) {
  const byStatus: Record<number, number[]> = {};
  let peakRssMiB = rssMiB(pid);
  const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB(pid))), 500);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = {
      url,
      connections,
      duration: seconds,
      timeout: 10,
      requests: paths.map((path) => ({ method: "GET" as const, path })),
    };
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on("response", (_client, status, _bytes, ms) => {
      (byStatus[status] ??= []).push(ms);
    });
  });
  clearInterval(sampler);
  peakRssMiB = Math.max(peakRssMiB, rssMiB(pid));
  const all = Object.values(byStatus).flat(); // hundreds of thousands: no spreading into calls
  const served = Object.entries(byStatus)
    .filter(([status]) => Number(status) >= 200 && Number(status) < 300)
    .flatMap(([, values]) => values);
  const shed = byStatus[503] ?? [];
  const other = Object.fromEntries(
    Object.entries(byStatus)
      .filter(([status]) => (Number(status) < 200 || Number(status) >= 300) && Number(status) !== 503)
      .map(([status, values]) => [status, values.length]),
  );
  return {
    answers: all.length,
    answersPerSecond: Math.round(all.length / seconds),
    served: served.length,
    shed: shed.length,
    otherStatuses: other,
    timeouts: result.timeouts,
    // connection errors, timeouts included
    errors: result.errors,
    latencyMs: latency(all),
    servedLatencyMs: latency(served),
    shedLatencyMs: latency(shed),
    peakRssMiB,
  };
}

/** A bare Node HTTP server: no work but the answer. */
const BARE_SERVER = `require("node:http").createServer((req, res) => res.end("{}")).listen(Number(process.env.PORT), "127.0.0.1");`;

async function bareServer(connections: number, seconds: number) {
  const port = await freePort();
  const child = spawn(process.execPath, ["-e", BARE_SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: "ignore",
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(url);
    return await drive(url, ["/"], child.pid!, connections, seconds);
  } finally {
    child.kill("SIGKILL");
  }
}

export async function runLoadBench(options: { seconds?: number; connections?: number; bareSeconds?: number } = {}) {
  const seconds = options.seconds ?? 60;
  const connections = options.connections ?? 200;
  const bareSeconds = options.bareSeconds ?? Math.min(seconds, 20);
  const loadBefore = loadAverage();
  const simulator = await startSimulator();
  const loopDir = mkdtempSync(join(tmpdir(), "loop-delay-"));
  const preload = `--import ${pathToFileURL(resolve("scripts/bench/loop-delay.mjs")).href}`;
  const dashboard = await startDashboard({
    KLAVIYO_API_KEY: "pk_bench_load_key",
    KLAVIYO_BASE_URL: simulator.url,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" "),
    BENCH_LOOP_DELAY_DIR: loopDir,
  });
  let dashboardFigures: Awaited<ReturnType<typeof drive>> & Record<string, unknown>;
  try {
    const page = (await (await fetch(`${dashboard.url}/api/jobs?type=item-create`)).json()) as JobPage;
    const ids = page.jobs.slice(0, 10).map((j) => j.id);
    const runs = (await (await fetch(`${dashboard.url}/api/runs`)).json()) as RecentRuns;
    const run = runs.runs[0]?.summary;
    const runQuery = run ? `?${new URLSearchParams({ from: run.from, to: run.to })}` : "";
    // Pages and API alike: lists, jobs and a run, as people and scripts ask for them.
    const paths = [
      "/jobs?type=item-create",
      "/api/jobs?type=item-create",
      `/jobs/item-create/${ids[0]}`,
      "/api/jobs?type=item-create&status=complete",
      `/runs${runQuery}`,
      "/api/jobs?type=variant-update",
      ...ids.flatMap((id) => [`/api/jobs/item-create/${id}`, `/jobs/item-create/${id}`]),
    ];
    const statsBefore = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { total: Counts };
    const cpuBefore = {
      dashboard: cpuSeconds(dashboard.pid),
      simulator: cpuSeconds(simulator.pid),
      generator: process.cpuUsage(),
    };
    const rssBefore = rssMiB(dashboard.pid);
    const started = Date.now();
    const figures = await drive(dashboard.url, paths, dashboard.pid, connections, seconds);
    const ended = Date.now();
    const wall = (ended - started) / 1000;
    const generator = process.cpuUsage(cpuBefore.generator);
    const cores = (cpu: number) => Math.round((cpu / wall) * 100) / 100;
    const statsAfter = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { total: Counts };
    dashboardFigures = {
      ...figures,
      rssMiB: { before: rssBefore, peak: figures.peakRssMiB, after: rssMiB(dashboard.pid) },
      upstreamCalls: statsAfter.total.requests - statsBefore.total.requests,
      // The item-create list and get-one are separate 75/s, 750/min endpoints; variant-update is a third.
      upstreamAllowedPerEndpointByTier: 750 * Math.ceil(seconds / 60),
      upstream429s: statsAfter.total.throttled - statsBefore.total.throttled,
      cpuCoresUsed: {
        machine: cpus().length,
        server: cores(cpuSeconds(dashboard.pid) - cpuBefore.dashboard),
        simulator: cores(cpuSeconds(simulator.pid) - cpuBefore.simulator),
        loadGenerator: cores((generator.user + generator.system) / 1e6),
      },
      serverEventLoopDelayMs: loopDelay(loopDir, started, ended),
      paths: paths.length,
    };
  } finally {
    await dashboard.stop();
    await simulator.stop();
    rmSync(loopDir, { recursive: true, force: true });
  }
  const loadBetween = loadAverage();
  const bare = await bareServer(connections, bareSeconds);
  return {
    seconds,
    bareSeconds,
    connections,
    generator: "autocannon, 10 s timeout",
    admission: {
      maxInFlight: Number(process.env.MAX_IN_FLIGHT || DEFAULT_MAX_IN_FLIGHT),
      maxQueue: Number(process.env.MAX_QUEUE || DEFAULT_MAX_QUEUE),
    },
    loadAverage: { before: loadBefore, afterDashboard: loadBetween, afterBare: loadAverage() },
    dashboard: dashboardFigures,
    bareServer: bare,
  };
}

/** The figures side by side, for the console. */
export function loadTable(load: Awaited<ReturnType<typeof runLoadBench>>) {
  const row = (f: Awaited<ReturnType<typeof drive>>, seconds: number) => ({
    seconds,
    "answers/s": f.answersPerSecond,
    served: f.served,
    "shed (503)": f.shed,
    other: Object.values(f.otherStatuses).reduce((a, b) => a + b, 0),
    timeouts: f.timeouts,
    "p50 / p99 / max ms": f.latencyMs ? `${f.latencyMs.p50} / ${f.latencyMs.p99} / ${f.latencyMs.max}` : "",
    "served p99 ms": f.servedLatencyMs?.p99 ?? "",
    "shed p99 / max ms": f.shedLatencyMs ? `${f.shedLatencyMs.p99} / ${f.shedLatencyMs.max}` : "",
    "peak RSS MiB": f.peakRssMiB,
  });
  return {
    dashboard: row(load.dashboard, load.seconds),
    "bare Node server": row(load.bareServer, load.bareSeconds),
  };
}

interface LoopSecond {
  at: number;
  title: string;
  p50: number;
  p99: number;
  max: number;
}

/** The request-serving process's seconds within the run: its typical and worst lateness. */
function loopDelay(dir: string, from: number, to: number) {
  // The server is the process that lived through the run (the configuration check before it exits).
  const seconds =
    readdirSync(dir)
      .map((file) =>
        readFileSync(join(dir, file), "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as LoopSecond)
          .filter((s) => s.at > from && s.at <= to),
      )
      .sort((a, b) => b.length - a.length)[0] ?? [];
  if (seconds.length === 0) return null;
  return {
    seconds: seconds.length,
    medianOfP99: median(seconds.map((s) => s.p99)),
    worstP99: Math.max(...seconds.map((s) => s.p99)),
    max: Math.max(...seconds.map((s) => s.max)),
    secondsOver100ms: seconds.filter((s) => s.max > 100).length,
  };
}
