/**
 * Load run: 200 concurrent clients for 60 s on the list and detail routes of a production build,
 * talking over HTTP to the standalone simulator at its real tiers. Reports errors, p50/p99 latency,
 * the upstream calls it caused against what the tier allows, 429s served upstream, and server memory.
 * Beside them, where the time goes: the CPU each process used (the server, the simulator and the load
 * generator share the machine's cores) and how late the server's event loop ran, second by second.
 */

import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { JobPage } from "../../lib/types";
import { closedLoop } from "./closed-loop";
import { cpuSeconds, freePort, rssMiB, startDashboard, startSimulator, waitFor } from "./servers";
import { median } from "./stats";

interface Counts {
  requests: number;
  throttled: number;
}

export async function runLoadBench(options: { seconds?: number; connections?: number } = {}) {
  const seconds = options.seconds ?? 60;
  const connections = options.connections ?? 200;
  const simulator = await startSimulator();
  const loopDir = mkdtempSync(join(tmpdir(), "loop-delay-"));
  const preload = `--import ${pathToFileURL(resolve("scripts/bench/loop-delay.mjs")).href}`;
  const dashboard = await startDashboard({
    KLAVIYO_API_KEY: "pk_bench_load_key",
    KLAVIYO_BASE_URL: simulator.url,
    NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(" "),
    BENCH_LOOP_DELAY_DIR: loopDir,
  });
  try {
    const page = (await (await fetch(`${dashboard.url}/api/jobs?type=item-create`)).json()) as JobPage;
    const ids = page.jobs.slice(0, 20).map((j) => j.id);
    const paths = [
      "/api/jobs?type=item-create",
      "/api/jobs?type=item-create&status=complete",
      "/api/jobs?type=variant-update",
      ...ids.map((id) => `/api/jobs/item-create/${id}`),
    ];
    const statsBefore = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { total: Counts };
    const memoryBefore = rssMiB(dashboard.pid);
    let peakMemory = memoryBefore;
    const sampler = setInterval(() => (peakMemory = Math.max(peakMemory, rssMiB(dashboard.pid))), 1000);
    const cpuBefore = {
      dashboard: cpuSeconds(dashboard.pid),
      simulator: cpuSeconds(simulator.pid),
      generator: process.cpuUsage(),
    };
    const started = Date.now();
    const result = await closedLoop({ url: dashboard.url, paths, connections, seconds });
    clearInterval(sampler);
    const ended = Date.now();
    const wall = (ended - started) / 1000;
    const generator = process.cpuUsage(cpuBefore.generator);
    const cores = (cpu: number) => Math.round((cpu / wall) * 100) / 100;
    const statsAfter = (await (await fetch(`${simulator.url}/__simulator/stats`)).json()) as { total: Counts };
    const upstream = statsAfter.total.requests - statsBefore.total.requests;
    // The item-create list and get-one are separate 75/s, 750/min endpoints; variant-update is a third.
    const allowedPerEndpoint = 750 * Math.ceil(seconds / 60);
    return {
      seconds,
      connections,
      generator: "closed loop over Node's HTTP agent (scripts/bench/closed-loop.ts)",
      ...result,
      upstreamCalls: upstream,
      upstreamAllowedPerEndpointByTier: allowedPerEndpoint,
      upstream429s: statsAfter.total.throttled - statsBefore.total.throttled,
      serverRssMiB: { before: memoryBefore, peak: peakMemory, after: rssMiB(dashboard.pid) },
      cpuCoresUsed: {
        machine: cpus().length,
        server: cores(cpuSeconds(dashboard.pid) - cpuBefore.dashboard),
        simulator: cores(cpuSeconds(simulator.pid) - cpuBefore.simulator),
        loadGenerator: cores((generator.user + generator.system) / 1e6),
      },
      serverEventLoopDelayMs: loopDelay(loopDir, started, ended),
    };
  } finally {
    await dashboard.stop();
    await simulator.stop();
    rmSync(loopDir, { recursive: true, force: true });
  }
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
  const processes = readdirSync(dir).map((file) =>
    readFileSync(join(dir, file), "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoopSecond)
      .filter((s) => s.at > from && s.at <= to),
  );
  // `next start` runs the server in a child process; the parent idles.
  const seconds =
    processes.find((p) => p.some((s) => s.title.includes("next-server"))) ??
    processes.sort((a, b) => b.length - a.length)[0] ??
    [];
  if (seconds.length === 0) return null;
  return {
    seconds: seconds.length,
    medianOfP99: median(seconds.map((s) => s.p99)),
    worstP99: Math.max(...seconds.map((s) => s.p99)),
    max: Math.max(...seconds.map((s) => s.max)),
    secondsOver100ms: seconds.filter((s) => s.max > 100).length,
  };
}

/** A bare Node server that spends `workMs` of CPU on each request, answering in strict turn. */
const BARE_SERVER = `const end = () => Date.now() + Number(process.env.WORK_MS);
require("node:http").createServer((req, res) => { const until = end(); while (Date.now() < until); res.end("{}"); })
  .listen(Number(process.env.PORT), "127.0.0.1");`;

/**
 * The load generators themselves, each against a fresh bare server kept as busy as ours (a few ms of
 * CPU per request), same connections and time. The bare server answers every request in turn, so
 * what shows here beyond queueing (p99, 10 s timeouts) is the machine and the generator, not the
 * dashboard.
 */
export async function runGeneratorCheck(options: { seconds?: number; connections?: number; workMs?: number } = {}) {
  const seconds = options.seconds ?? 15;
  const connections = options.connections ?? 200;
  const workMs = options.workMs ?? 3;
  async function against<T>(generate: (url: string) => Promise<T>): Promise<T> {
    const port = await freePort();
    const child = spawn(process.execPath, ["-e", BARE_SERVER], {
      env: { ...process.env, PORT: String(port), WORK_MS: String(workMs) },
      stdio: "ignore",
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(url);
      return await generate(url);
    } finally {
      child.kill("SIGKILL");
    }
  }
  const loop = await against((url) => closedLoop({ url, paths: ["/"], connections, seconds }));
  const cannon = await against((url) => autocannon({ url, connections, duration: seconds }));
  return {
    seconds,
    connections,
    workMsPerRequest: workMs,
    closedLoop: { requestsPerSecond: loop.requestsPerSecond, timeouts: loop.timeouts, latencyMs: loop.latencyMs },
    autocannon: {
      requestsPerSecond: Math.round(cannon.requests.average),
      timeouts: cannon.timeouts,
      latencyMs: { p50: cannon.latency.p50, p99: cannon.latency.p99, max: cannon.latency.max },
    },
  };
}
