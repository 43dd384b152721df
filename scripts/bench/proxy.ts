/**
 * Proxy benchmark: our Klaviyo client (lib/klaviyo, assembled exactly as the app's door does, with
 * real HTTP) against the standalone simulator at its real rate tiers.
 *   1. limiter efficiency: demand far above 75/s and 750/min on one endpoint for 72 s; upstream calls
 *      achieved ÷ what Klaviyo's fixed windows allow over the same span, 429s served, client errors;
 *   2. the same endpoint through the official SDK (klaviyo-api 23, retry on): a batch of 1,000 GETs;
 *   3. 50 viewers of one view: upstream calls per refresh through the proxy vs one per viewer;
 *   4. proxy overhead on a cache miss and a hit, p50/p99, as a ratio to calling the simulator directly.
 *
 *   npx tsx scripts/bench/proxy.ts [--json]
 *
 * Imports only modules without `server-only` (no react-server condition needed).
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { loadEnv } from "../../lib/env";
import { jobTypeInfo, type JobType } from "../../lib/job-types";
import { assembleClient, httpTransport } from "../../lib/klaviyo/assemble";
import { systemClock, type Clock } from "../../lib/klaviyo/clock";
import { buildHeaders } from "../../lib/klaviyo/headers";

const EFFICIENCY_SECONDS = 72;
const WORKERS = 100;
const SDK_BATCH = 1_000;
const VIEWERS = 50;
const REFRESHES = 5;
const REFRESH_MS = 3_000;
const OVERHEAD_SAMPLES = 250;
const REVISION = "2026-07-15";

type Stats = { total: { requests: number; throttled: number }; endpoints: Record<string, { requests: number; throttled: number }> };

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;
}

/** Spawn `tsx scripts/simulator.ts --port 0` and wait for the URL it prints. */
async function startSimulator(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/simulator.ts", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("simulator did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`simulator exited early (${code})`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/+$/, ""));
      }
    });
  });
  return { url, stop: () => void child.kill("SIGTERM") };
}

async function simStats(base: string): Promise<Stats> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await (await fetch(`${base}/__simulator/stats`)).json()) as Stats;
    } catch (error) {
      // An idle keep-alive socket the server has just closed; a fresh one will do.
      if (attempt === 3) throw error;
    }
  }
}

function proxy(base: string, apiKey: string, options: { noCache?: boolean; clock?: Clock } = {}) {
  const env = loadEnv({ KLAVIYO_BASE_URL: base, KLAVIYO_API_KEY: apiKey, KLAVIYO_REVISION: REVISION });
  return assembleClient({
    env,
    apiKey,
    transport: httpTransport,
    store: { kind: "memory" },
    clock: options.clock,
    ttl: options.noCache ? { listMs: 0, runningJobMs: 0, finishedJobMs: 0 } : undefined,
  });
}

/** Job ids of one kind, read straight from the simulator with a key of their own. */
async function jobIds(base: string, type: JobType, pages: number): Promise<string[]> {
  const headers = buildHeaders({ apiKey: "pk_bench_setup_key", revision: REVISION });
  const ids: string[] = [];
  let url: string | null = `${base}${jobTypeInfo(type).path}`;
  for (let i = 0; i < pages && url; i++) {
    const body = (await (await fetch(url, { headers })).json()) as { data: { id: string }[]; links: { next: string | null } };
    ids.push(...body.data.map((job) => job.id));
    url = body.links.next;
  }
  return ids;
}

/** What Klaviyo's fixed windows allow in [start, end): per minute, min(steady, burst × seconds touched). */
export function allowedCalls(startMs: number, endMs: number, burst: number, steady: number): number {
  let total = 0;
  for (let minute = Math.floor(startMs / 60_000); minute * 60_000 < endMs; minute++) {
    const from = Math.max(startMs, minute * 60_000);
    const to = Math.min(endMs, (minute + 1) * 60_000);
    const seconds = Math.ceil(to / 1_000) - Math.floor(from / 1_000);
    total += Math.min(steady, burst * seconds);
  }
  return total;
}

async function limiterEfficiency(base: string, ids: string[]) {
  const type: JobType = "item-update";
  const endpoint = `${jobTypeInfo(type).path}/{id}`;
  // Abortable sleeps: when the run ends, requests still waiting for the next window give up.
  let stopped = false;
  const clock: Clock = {
    now: systemClock.now,
    sleep: async (ms) => {
      const until = Date.now() + ms;
      while (!stopped && Date.now() < until) await systemClock.sleep(Math.min(250, until - Date.now()));
      if (stopped) throw new Error("bench stopped");
    },
  };
  const client = proxy(base, "pk_bench_efficiency_key", { noCache: true, clock });
  const before = await simStats(base);
  const start = Date.now();
  const end = start + EFFICIENCY_SECONDS * 1_000;
  let ok = 0;
  let errors = 0;
  const latencies: number[] = [];
  const worker = async (w: number) => {
    for (let k = 0; Date.now() < end; k++) {
      const t = performance.now();
      try {
        await client.getJob({ type, id: ids[(w + k * WORKERS) % ids.length]! });
        if (Date.now() <= end) (ok++, latencies.push(performance.now() - t));
      } catch {
        if (!stopped) errors++;
      }
    }
  };
  const workers = Array.from({ length: WORKERS }, (_, w) => worker(w));
  await new Promise((resolve) => setTimeout(resolve, end - Date.now()));
  const after = await simStats(base);
  stopped = true;
  await Promise.allSettled(workers);
  const calls = (after.endpoints[endpoint]?.requests ?? 0) - (before.endpoints[endpoint]?.requests ?? 0);
  const allowed = allowedCalls(start, end, 75, 750);
  return {
    endpoint: `GET ${endpoint} (75/s, 750/min)`,
    seconds: EFFICIENCY_SECONDS,
    concurrentClients: WORKERS,
    upstreamCalls: calls,
    allowedByTier: allowed,
    efficiency: round(calls / allowed),
    simulator429s: (after.endpoints[endpoint]?.throttled ?? 0) - (before.endpoints[endpoint]?.throttled ?? 0),
    clientSuccesses: ok,
    clientErrors: errors,
    clientLatencyMs: { p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1) },
  };
}

async function sdkRun(base: string, ids: string[]) {
  const { ApiKeySession, CatalogsApi, RetryWithExponentialBackoff } = await import("klaviyo-api");
  const api = new CatalogsApi(new ApiKeySession("pk_bench_sdk_key_0001", new RetryWithExponentialBackoff()));
  api.basePath = base; // the SDK's documented base-path setter; everything else is its defaults
  const endpoint = `${jobTypeInfo("item-update").path}/{id}`;
  const before = await simStats(base);
  const start = performance.now();
  let next = 0;
  let ok = 0;
  let failed = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let i = next++; i < SDK_BATCH; i = next++) {
        const t = performance.now();
        try {
          await api.getBulkUpdateCatalogItemsJob(ids[i % ids.length]!, { include: ["items"] });
          ok++;
        } catch {
          failed++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - start;
  const after = await simStats(base);
  const stat = (s: Stats, k: "requests" | "throttled") => s.endpoints[endpoint]?.[k] ?? 0;
  return {
    sdk: "klaviyo-api 23.0.0, RetryWithExponentialBackoff defaults (numRetries 3 = 3 attempts)",
    batch: SDK_BATCH,
    concurrentClients: WORKERS,
    succeeded: ok,
    failed,
    upstreamCalls: stat(after, "requests") - stat(before, "requests"),
    simulator429s: stat(after, "throttled") - stat(before, "throttled"),
    completionSeconds: round(elapsed / 1_000, 1),
    latencyMs: { p50: round(percentile(latencies, 50), 1), p99: round(percentile(latencies, 99), 1) },
  };
}

async function viewers(base: string) {
  const client = proxy(base, "pk_bench_viewers_key");
  const first = await client.listJobs({ type: "item-create" });
  const running = first.jobs.find((job) => job.status === "processing" || job.status === "queued") ?? first.jobs[0]!;
  const before = await simStats(base);
  for (let r = 0; r < REFRESHES; r++) {
    const roundStart = Date.now();
    // Each viewer's poll lands somewhere in the refresh interval, like independent browser timers.
    await Promise.all(
      Array.from({ length: VIEWERS }, async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * REFRESH_MS * 0.9));
        await Promise.all([client.listJobs({ type: "item-create" }), client.getJob({ type: "item-create", id: running.id })]);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, roundStart + REFRESH_MS - Date.now())));
  }
  const after = await simStats(base);
  const calls = after.total.requests - before.total.requests;
  const direct = VIEWERS * 2;
  return {
    view: "item-create list + one running job, refreshed every 3 s",
    viewers: VIEWERS,
    refreshes: REFRESHES,
    upstreamCallsPerRefresh: round(calls / REFRESHES, 1),
    withoutProxyPerRefresh: direct,
    reduction: round(direct / (calls / REFRESHES), 1),
  };
}

async function overhead(base: string) {
  const type: JobType = "item-delete"; // 350/s, 3500/min: room for the samples
  const url = `${base}${jobTypeInfo(type).path}`;
  const headers = buildHeaders({ apiKey: "pk_bench_direct_key", revision: REVISION });
  const miss = proxy(base, "pk_bench_miss_key", { noCache: true });
  const hit = proxy(base, "pk_bench_hit_key");
  await hit.listJobs({ type });
  const samples = { direct: [] as number[], miss: [] as number[], hit: [] as number[] };
  const time = async (list: number[], work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    list.push(performance.now() - t);
  };
  for (let i = 0; i < OVERHEAD_SAMPLES + 20; i++) {
    const keep = i >= 20; // warm-up
    const direct = async () => JSON.parse(await (await fetch(url, { headers })).text()) as unknown;
    await time(keep ? samples.direct : [], direct);
    await time(keep ? samples.miss : [], () => miss.listJobs({ type }));
    await time(keep ? samples.hit : [], () => hit.listJobs({ type }));
    await new Promise((resolve) => setTimeout(resolve, 15)); // stay far under 350/s
  }
  const summary = (values: number[]) => ({ p50: round(percentile(values, 50), 2), p99: round(percentile(values, 99), 2) });
  const [d, m, h] = [summary(samples.direct), summary(samples.miss), summary(samples.hit)];
  return {
    request: `GET ${jobTypeInfo(type).path} (100 jobs), sequential, ${OVERHEAD_SAMPLES} samples`,
    directMs: d,
    proxyMissMs: m,
    proxyHitMs: h,
    missRatio: { p50: round(m.p50 / d.p50, 2), p99: round(m.p99 / d.p99, 2) },
    hitRatio: { p50: round(h.p50 / d.p50, 3), p99: round(h.p99 / d.p99, 3) },
  };
}

export async function runProxyBench(): Promise<Record<string, unknown>> {
  const simulator = await startSimulator();
  try {
    const ids = await jobIds(simulator.url, "item-update", 3);
    const step = <T>(name: string, work: () => Promise<T>) => (console.error(`proxy bench: ${name}…`), work());
    const efficiency = await step(`limiter efficiency (${EFFICIENCY_SECONDS} s)`, () => limiterEfficiency(simulator.url, ids));
    const sdk = await step("official SDK", () => sdkRun(simulator.url, ids));
    const fanIn = await step("50 viewers", () => viewers(simulator.url));
    const cost = await step("overhead", () => overhead(simulator.url));
    return { limiterEfficiency: efficiency, officialSdk: sdk, viewers: fanIn, overhead: cost };
  } finally {
    simulator.stop();
  }
}

function printTable(results: Record<string, unknown>): void {
  const e = results.limiterEfficiency as Awaited<ReturnType<typeof limiterEfficiency>>;
  const s = results.officialSdk as Awaited<ReturnType<typeof sdkRun>>;
  const v = results.viewers as Awaited<ReturnType<typeof viewers>>;
  const o = results.overhead as Awaited<ReturnType<typeof overhead>>;
  console.table({
    "1 limiter efficiency (calls / allowed)": { value: `${e.upstreamCalls} / ${e.allowedByTier} = ${e.efficiency}`, note: `${e.seconds} s, ${e.concurrentClients} clients` },
    "1 simulator 429s (ours)": { value: e.simulator429s, note: "must be 0" },
    "1 client errors (ours)": { value: e.clientErrors, note: `${e.clientSuccesses} answered; wait p50 ${e.clientLatencyMs.p50} ms, p99 ${e.clientLatencyMs.p99} ms` },
    "2 SDK succeeded / failed": { value: `${s.succeeded} / ${s.failed}`, note: `batch ${s.batch}, ${s.concurrentClients} clients` },
    "2 SDK simulator 429s": { value: s.simulator429s, note: `${s.upstreamCalls} upstream calls` },
    "2 SDK completion": { value: `${s.completionSeconds} s`, note: `latency p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms` },
    "3 upstream calls per refresh": { value: v.upstreamCallsPerRefresh, note: `vs ${v.withoutProxyPerRefresh} without the proxy (${v.viewers} viewers)` },
    "4 miss p50 / p99 (ms)": { value: `${o.proxyMissMs.p50} / ${o.proxyMissMs.p99}`, note: `direct ${o.directMs.p50} / ${o.directMs.p99}; ratio ${o.missRatio.p50} / ${o.missRatio.p99}` },
    "4 hit p50 / p99 (ms)": { value: `${o.proxyHitMs.p50} / ${o.proxyHitMs.p99}`, note: `ratio to direct ${o.hitRatio.p50} / ${o.hitRatio.p99}` },
  });
}

if (process.argv[1]?.replace(/\\/g, "/").endsWith("scripts/bench/proxy.ts")) {
  runProxyBench().then(
    (results) => {
      if (process.argv.includes("--json")) console.log(JSON.stringify(results, null, 2));
      else printTable(results);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
