/**
 * Proxy benchmark: our Klaviyo client (lib/klaviyo, assembled as the app's door assembles it, over
 * real HTTP) against the standalone simulator (`scripts/simulator.ts`) at its real rate tiers.
 *   1. limiter efficiency: 100 clients asking far more than 75/s and 750/min of one endpoint for
 *      72 s: upstream calls ÷ what Klaviyo's fixed windows allow over the same span, 429s served
 *      by the simulator, errors seen by clients;
 *   2. the same kind of demand as a batch (1,000 GETs, 100 at a time) through the official SDK
 *      (klaviyo-api 23, retries on) and, side by side on a twin endpoint, through our proxy;
 *   3. 50 viewers of one view: upstream calls per refresh through the proxy vs one per viewer;
 *   4. proxy overhead on a cache miss and a hit, p50/p99, as a ratio to calling the simulator directly.
 * Part 1 starts about 13 s before a simulator minute ends, so that its 72 s span ends just before a
 * minute boundary (no partial window at the end to blur the ratio). Part 2 starts 60 s into part 1,
 * when part 1 has spent its second minute and only waits: SDK and proxy both start about 13 s
 * before a fresh minute, each against a simulator of its own and in a process of its own (the SDK's 429
 * storms and deserialisation load its server and its process; on a small machine that would slow
 * the other's answers).
 *
 *   npx tsx scripts/bench/proxy.ts [--json]          (2 to 3 minutes)
 *
 * Imports only modules without `server-only`, so no react-server condition is needed.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { z } from "zod";
import { loadEnv } from "../../lib/env";
import { type JobType, jobTypeInfo } from "../../lib/job-types";
import { assembleClient, httpTransport } from "../../lib/klaviyo/assemble";
import { type Clock, systemClock } from "../../lib/klaviyo/clock";
import { buildHeaders } from "../../lib/klaviyo/headers";
import { DEFAULT_BACKGROUND_MAX_WAIT_MS } from "../../lib/klaviyo/window-limiter";
import { startSimulator } from "./servers";
import { percentile } from "./stats";

const EFFICIENCY_SECONDS = 72;
const CLIENTS = 100;
const BATCH = 1_000;
const VIEWERS = 50;
const REFRESHES = 5;
const REFRESH_MS = 3_000;
const OVERHEAD_SAMPLES = 250;
const REVISION = "2026-07-15";
const NARROW = { burst: 75, steady: 750 };

const countsSchema = z.object({ requests: z.number(), throttled: z.number() });
const statsSchema = z.object({ total: countsSchema, endpoints: z.record(z.string(), countsSchema) });
type Counts = z.infer<typeof countsSchema>;
type Stats = z.infer<typeof statsSchema>;
const clockSchema = z.object({ now: z.number() });
const percentilesSchema = z.object({ p50: z.number(), p99: z.number() });
const batchResultSchema = z.object({
  endpoint: z.string(),
  batch: z.number(),
  concurrentClients: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  upstreamCalls: z.number(),
  simulator429s: z.number(),
  completionSeconds: z.number(),
  latencyMs: percentilesSchema,
});
type BatchResult = z.infer<typeof batchResultSchema>;
const jobListSchema = z.object({
  data: z.array(z.object({ id: z.string() })),
  links: z.object({ next: z.string().nullable() }),
});

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const summary = (values: number[], digits = 1) => ({
  p50: round(percentile(values, 50), digits),
  p99: round(percentile(values, 99), digits),
});
const getOne = (type: JobType) => `${jobTypeInfo(type).path}/{id}`;
/** Children run from the repository root, wherever this was started from. */
const ROOT = resolve(__dirname, "../..");
const tsx = (...args: string[]) =>
  spawn(process.execPath, [resolve(ROOT, "node_modules/tsx/dist/cli.mjs"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });

/** Spawn `tsx scripts/simulator.ts --port 0` (one process, killed by its pid) and read its URL. */
async function control<T>(base: string, path: string, schema: z.ZodType<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return schema.parse(await (await fetch(`${base}/__simulator/${path}`)).json());
    } catch (error) {
      // An idle keep-alive socket the server has just closed; a fresh one will do.
      if (attempt === 3) throw error;
    }
  }
}
const simStats = (base: string) => control(base, "stats", statsSchema);
const delta = (after: Stats, before: Stats, endpoint: string): Counts => ({
  requests: (after.endpoints[endpoint]?.requests ?? 0) - (before.endpoints[endpoint]?.requests ?? 0),
  throttled: (after.endpoints[endpoint]?.throttled ?? 0) - (before.endpoints[endpoint]?.throttled ?? 0),
});

/** The simulator's clock minus ours (its clock starts a little behind the wall clock). */
async function simOffset(base: string): Promise<number> {
  const sent = Date.now();
  const { now } = await control(base, "clock", clockSchema);
  return now - (sent + Date.now()) / 2;
}

function proxy(base: string, apiKey: string, options: { noCache?: boolean; clock?: Clock } = {}) {
  // The whole budget, and requests that wait for it: this bench measures how closely the limiter
  // follows Klaviyo's windows, not the dashboard's share or a person's short wait.
  const env = loadEnv({
    KLAVIYO_BASE_URL: base,
    KLAVIYO_API_KEY: apiKey,
    KLAVIYO_REVISION: REVISION,
    KLAVIYO_SHARE: "1",
  });
  return assembleClient({
    env,
    apiKey,
    transport: httpTransport,
    store: { kind: "memory" },
    maxWaitMs: DEFAULT_BACKGROUND_MAX_WAIT_MS,
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
    const body = jobListSchema.parse(await (await fetch(url, { headers })).json());
    ids.push(...body.data.map((job) => job.id));
    url = body.links.next;
  }
  return ids;
}

/** What Klaviyo's fixed windows allow in [start, end): per minute, min(steady, burst × seconds touched). */
export function allowedCalls(startMs: number, endMs: number, tier = NARROW): number {
  let total = 0;
  for (let minute = Math.floor(startMs / 60_000); minute * 60_000 < endMs; minute++) {
    const from = Math.max(startMs, minute * 60_000);
    const to = Math.min(endMs, (minute + 1) * 60_000);
    total += Math.min(tier.steady, tier.burst * (Math.ceil(to / 1_000) - Math.floor(from / 1_000)));
  }
  return total;
}

/** Part 1: closed-loop overload for a fixed span; requests still waiting at the end are abandoned. */
async function limiterEfficiency(base: string, ids: string[], offset: number) {
  const type: JobType = "item-update";
  let stopped = false;
  const clock: Clock = {
    now: systemClock.now,
    sleep: async (ms) => {
      const until = Date.now() + ms;
      while (!stopped && Date.now() < until) await pause(Math.min(250, until - Date.now()));
      if (stopped) throw new Error("bench stopped");
    },
  };
  const client = proxy(base, "pk_bench_efficiency_key", { noCache: true, clock });
  // A running proxy has long since learned where the simulator's windows are and how slow it is;
  // a few requests on another endpoint of the key teach this fresh one the same.
  await Promise.all(ids.slice(0, 20).map((id) => client.getJob({ type: "item-create", id }).catch(() => undefined)));
  const before = await simStats(base);
  const start = Date.now();
  const end = start + EFFICIENCY_SECONDS * 1_000;
  const boundary = Math.ceil((start + offset) / 60_000) * 60_000 - offset; // first minute change, our clock
  let atBoundary: Stats | null = null;
  // Sampled while the old minute is spent and the new one not yet open: nothing of ours is in flight.
  const sampler = pause(boundary - 300 - Date.now()).then(async () => (atBoundary = await simStats(base)));
  let answered = 0;
  let errors = 0;
  const latencies: number[] = [];
  const runClient = async (c: number) => {
    for (let k = 0; Date.now() < end; k++) {
      const t = performance.now();
      try {
        await client.getJob({ type, id: ids[(c + k * CLIENTS) % ids.length]! });
        if (Date.now() <= end) {
          answered++;
          latencies.push(performance.now() - t);
        }
      } catch {
        if (!stopped) errors++;
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => runClient(c));
  await pause(end - Date.now());
  const after = await simStats(base);
  stopped = true;
  await Promise.allSettled([...clients, sampler]);
  const total = delta(after, before, getOne(type));
  const firstPart = atBoundary ? delta(atBoundary, before, getOne(type)).requests : null;
  const allowed = allowedCalls(start + offset, end + offset);
  return {
    endpoint: `GET ${getOne(type)} (75/s, 750/min)`,
    seconds: EFFICIENCY_SECONDS,
    concurrentClients: CLIENTS,
    upstreamCalls: total.requests,
    allowedByTier: allowed,
    efficiency: round(total.requests / allowed),
    perWindow:
      firstPart === null
        ? null
        : { firstMinute: firstPart, secondMinute: total.requests - firstPart, limitEach: NARROW.steady },
    simulator429s: total.throttled,
    clientAnswers: answered,
    clientErrors: errors,
    clientWaitMs: summary(latencies),
  };
}

/** Part 2: one fixed batch, `CLIENTS` at a time, through `get`; its failures and completion time. */
async function batch(
  base: string,
  type: JobType,
  ids: string[],
  get: (id: string) => Promise<unknown>,
): Promise<BatchResult> {
  const before = await simStats(base);
  const start = performance.now();
  let next = 0;
  let ok = 0;
  let failed = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < BATCH; i = next++) {
        const t = performance.now();
        await get(ids[i % ids.length]!).then(
          () => ok++,
          () => failed++,
        );
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - start;
  const counts = delta(await simStats(base), before, getOne(type));
  return {
    endpoint: `GET ${getOne(type)} (75/s, 750/min)`,
    batch: BATCH,
    concurrentClients: CLIENTS,
    succeeded: ok,
    failed,
    upstreamCalls: counts.requests,
    simulator429s: counts.throttled,
    completionSeconds: round(elapsed / 1_000, 1),
    latencyMs: summary(latencies),
  };
}

/** The SDK's batch, run in this file's own child process (`--sdk-batch <base> <ids>`). */
async function sdkBatch(base: string, ids: string[]) {
  const { ApiKeySession, CatalogsApi, RetryWithExponentialBackoff } = await import("klaviyo-api");
  const api = new CatalogsApi(new ApiKeySession("pk_bench_sdk_key_0001", new RetryWithExponentialBackoff()));
  api.basePath = base; // the SDK's base-path setter; everything else stays at its defaults
  return batch(base, "variant-update", ids, (id) => api.getBulkUpdateVariantsJob(id, { include: ["variants"] }));
}

function sdkBatchInChild(base: string, ids: string[]): Promise<BatchResult> {
  const child = tsx("scripts/bench/proxy.ts", "--sdk-batch", base, ids.join(","));
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve(batchResultSchema.parse(JSON.parse(out))) : reject(new Error(`SDK batch exited ${code}`)),
    ),
  );
}

async function sdkVersusProxy(sdkBase: string, sdkIds: string[], proxyBase: string, proxyIds: string[]) {
  const ours = proxy(proxyBase, "pk_bench_batch_key", { noCache: true });
  const [sdk, proxied] = await Promise.all([
    sdkBatchInChild(sdkBase, sdkIds),
    batch(proxyBase, "variant-create", proxyIds, (id) => ours.getJob({ type: "variant-create", id })),
  ]);
  return {
    sdk: { client: "klaviyo-api 23.0.0, RetryWithExponentialBackoff defaults (numRetries 3 = 3 attempts)", ...sdk },
    proxy: { client: "lib/klaviyo, cache off", ...proxied },
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
        await pause(Math.random() * REFRESH_MS * 0.9);
        await Promise.all([
          client.listJobs({ type: "item-create" }),
          client.getJob({ type: "item-create", id: running.id }),
        ]);
      }),
    );
    await pause(roundStart + REFRESH_MS - Date.now());
  }
  const calls = (await simStats(base)).total.requests - before.total.requests;
  const direct = VIEWERS * 2;
  return {
    view: `item-create list + one ${running.status} job, refreshed every ${REFRESH_MS / 1000} s`,
    viewers: VIEWERS,
    refreshes: REFRESHES,
    upstreamCallsPerRefresh: round(calls / REFRESHES, 1),
    withoutProxyPerRefresh: direct,
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
  const time = async (into: number[], work: () => Promise<unknown>) => {
    const t = performance.now();
    await work();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < OVERHEAD_SAMPLES + 20; i++) {
    const keep = i >= 20; // warm-up
    await time(
      keep ? samples.direct : [],
      async (): Promise<unknown> => JSON.parse(await (await fetch(url, { headers })).text()),
    );
    await time(keep ? samples.miss : [], () => miss.listJobs({ type }));
    await time(keep ? samples.hit : [], () => hit.listJobs({ type }));
    await pause(15); // stay far under 350/s
  }
  const [d, m, h] = [summary(samples.direct, 2), summary(samples.miss, 2), summary(samples.hit, 3)];
  return {
    request: `GET ${jobTypeInfo(type).path} (a page of 100 jobs), sequential, ${OVERHEAD_SAMPLES} samples each`,
    directMs: d,
    proxyMissMs: m,
    proxyHitMs: h,
    missRatio: { p50: round(m.p50 / d.p50, 2), p99: round(m.p99 / d.p99, 2) },
    hitRatio: { p50: round(h.p50 / d.p50, 4), p99: round(h.p99 / d.p99, 4) },
  };
}

async function measure() {
  const [simulator, sdkSimulator] = await Promise.all([startSimulator(), startSimulator()]);
  const step = <T>(name: string, work: () => Promise<T>) => (console.error(`proxy bench: ${name}`), work());
  try {
    const base = simulator.url;
    const [itemIds, sdkIds, proxyIds] = [
      await jobIds(base, "item-update", 3),
      await jobIds(sdkSimulator.url, "variant-update", 3),
      await jobIds(base, "variant-create", 3),
    ];
    const fanIn = await step("50 viewers", () => viewers(base));
    const cost = await step("overhead", () => overhead(base));
    const offset = await simOffset(base);
    const simNow = Date.now() + offset;
    // 45 s into a simulator minute: after a second or two of warm-up, the 72 s span ends just
    // before a minute boundary.
    const startAt = Math.ceil((simNow + 15_000) / 60_000) * 60_000 - 15_000 - offset;
    await step(
      `waiting ${Math.round((startAt - Date.now()) / 1000)} s for the simulator's clock to reach hh:mm:45`,
      () => pause(startAt - Date.now()),
    );
    const [efficiency, versus] = await step(
      `limiter efficiency (${EFFICIENCY_SECONDS} s), then SDK and proxy batches`,
      () =>
        Promise.all([
          limiterEfficiency(base, itemIds, offset),
          pause(60_000).then(() => sdkVersusProxy(sdkSimulator.url, sdkIds, base, proxyIds)),
        ]),
    );
    return { limiterEfficiency: efficiency, batch: versus, viewers: fanIn, overhead: cost };
  } finally {
    await Promise.all([simulator.stop(), sdkSimulator.stop()]);
  }
}

export async function runProxyBench(): Promise<Record<string, unknown>> {
  return { ...(await measure()) };
}

function printTable(results: Awaited<ReturnType<typeof measure>>): void {
  const {
    limiterEfficiency: e,
    batch: { sdk, proxy: p },
    viewers: v,
    overhead: o,
  } = results;
  console.table({
    "1 calls / allowed by tier": {
      value: `${e.upstreamCalls} / ${e.allowedByTier} = ${e.efficiency}`,
      note: `${e.seconds} s, ${e.concurrentClients} clients, per window ${JSON.stringify(e.perWindow)}`,
    },
    "1 simulator 429s": { value: e.simulator429s, note: "must be 0" },
    "1 client errors": {
      value: e.clientErrors,
      note: `${e.clientAnswers} answered; wait p50 ${e.clientWaitMs.p50} ms, p99 ${e.clientWaitMs.p99} ms`,
    },
    "2 SDK ok / failed / 429s": {
      value: `${sdk.succeeded} / ${sdk.failed} / ${sdk.simulator429s}`,
      note: `${sdk.completionSeconds} s for ${sdk.batch}; p50 ${sdk.latencyMs.p50} ms, p99 ${sdk.latencyMs.p99} ms`,
    },
    "2 proxy ok / failed / 429s": {
      value: `${p.succeeded} / ${p.failed} / ${p.simulator429s}`,
      note: `${p.completionSeconds} s for ${p.batch}; p50 ${p.latencyMs.p50} ms, p99 ${p.latencyMs.p99} ms`,
    },
    "3 upstream calls per refresh": {
      value: v.upstreamCallsPerRefresh,
      note: `vs ${v.withoutProxyPerRefresh} without the proxy (${v.viewers} viewers, ${v.view})`,
    },
    "4 miss p50 / p99 ms": {
      value: `${o.proxyMissMs.p50} / ${o.proxyMissMs.p99}`,
      note: `direct ${o.directMs.p50} / ${o.directMs.p99}; ratio ${o.missRatio.p50} / ${o.missRatio.p99}`,
    },
    "4 hit p50 / p99 ms": {
      value: `${o.proxyHitMs.p50} / ${o.proxyHitMs.p99}`,
      note: `ratio to direct ${o.hitRatio.p50} / ${o.hitRatio.p99}`,
    },
  });
}

const sdkArgs = process.argv.indexOf("--sdk-batch");
if (process.argv[1]?.replace(/\\/g, "/").endsWith("scripts/bench/proxy.ts") && sdkArgs > 0) {
  sdkBatch(process.argv[sdkArgs + 1]!, process.argv[sdkArgs + 2]!.split(",")).then(
    (result) => (console.log(JSON.stringify(result)), process.exit(0)),
    (error: unknown) => (console.error(error), process.exit(1)),
  );
} else if (process.argv[1]?.replace(/\\/g, "/").endsWith("scripts/bench/proxy.ts")) {
  measure().then(
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
