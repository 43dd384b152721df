import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import Redis from "ioredis";
import { JOB_TYPE_INFO } from "../../lib/job-types";
import { keyFingerprint } from "../../lib/klaviyo/secret";
import { createSimulator } from "../../lib/klaviyo-simulator";
import { startServer } from "../../lib/klaviyo-simulator/controls/node-server";
import { freePort, type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * Three dashboard processes with one key and one REDIS_URL spend one Klaviyo budget: together they
 * never send more get-one requests in one of Klaviyo's seconds than its burst allows. The control
 * sends the same traffic without Redis and overruns it. Three, not two: until a limiter knows where
 * Klaviyo's seconds begin it allows itself half the burst, so two unshared budgets stay (just)
 * within it by design; three cannot.
 *
 * Each test starts its own three dashboards on the production build and serves the simulator from this
 * process, wrapped so that every upstream call is recorded on the simulator's clock (the one its
 * limiter counts windows on).
 */

const TYPE = "variant-create";
const INFO = JOB_TYPE_INFO[TYPE];
const BURST = INFO.tier.burst;
const PROCESSES = 3;
/** distinct job ids per process: each request costs one upstream call (no cache hit) */
const PER_PROCESS = 100;
const REDIS_URL = process.env.REDIS_URL;

// The control only means something next to the Redis tests: all are skipped without REDIS_URL.
test.skip(!REDIS_URL, "REDIS_URL is not set: start a Redis and export REDIS_URL to run these tests");
test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

interface UpstreamCall {
  /** simulator clock when the call reached it */
  at: number;
  id: string;
  status: number;
}

interface Answer {
  process: number;
  status: number;
  code: string | null;
}

async function startRecordingSimulator() {
  const simulator = createSimulator({ seed: 42 });
  const calls: UpstreamCall[] = [];
  const prefix = `${INFO.path}/`;
  const server = await startServer(async (request) => {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(prefix)) return simulator.handle(request);
    // handle() consults its limiter before its first await: this is the instant it counts.
    const at = simulator.clock.now();
    const response = await simulator.handle(request);
    calls.push({ at, id: decodeURIComponent(path.slice(prefix.length)), status: response.status });
    return response;
  });
  return { simulator, calls, server };
}

/** Every id at once, each process its own share; resolves when all have answered. */
function drive(dashboards: Running[], ids: string[][]): Promise<Answer[]> {
  return Promise.all(
    dashboards.flatMap((dashboard, which) =>
      (ids[which] ?? []).map(async (id): Promise<Answer> => {
        const response = await fetch(`${dashboard.url}/api/jobs/${TYPE}/${encodeURIComponent(id)}`);
        const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
        return { process: which, status: response.status, code: body?.error?.code ?? null };
      }),
    ),
  );
}

/** Upstream calls per 1 s window of the simulator's clock, from window `first` to the last one used. */
function perSecond(calls: UpstreamCall[], first: number) {
  const windows = calls.map((call) => Math.floor(call.at / 1000));
  const length = calls.length === 0 ? 0 : Math.max(...windows) - first + 1;
  const attempts = new Array<number>(length).fill(0);
  const throttled = new Array<number>(length).fill(0);
  calls.forEach((call, i) => {
    attempts[windows[i]! - first]!++;
    if (call.status === 429) throttled[windows[i]! - first]!++;
  });
  return { attempts, throttled };
}

/** Keys matching `pattern` (SCAN, not KEYS: the Redis may hold other data). */
async function keysLike(client: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== "0");
  return found;
}

/**
 * A process connects to Redis as it starts (instrumentation.ts), but the connection takes a moment, and
 * until it is ready the limiter counts alone. Each process reads a list of a job type of its own
 * (another endpoint, another budget) until its count shows up in Redis, or once without Redis.
 */
async function warmUp(dashboards: Running[], redis: { client: Redis; prefix: string } | null): Promise<void> {
  const types = ["item-update", "item-delete", "category-update"];
  const statuses = ["", "&status=queued", "&status=processing", "&status=complete", "&status=cancelled"];
  await Promise.all(
    dashboards.map(async (dashboard, which) => {
      const type = types[which]!;
      // A query not asked before each time: lists are cached for 3 s per query.
      for (const status of statuses) {
        const response = await fetch(`${dashboard.url}/api/jobs?type=${type}${status}`);
        expect(response.status, `warm-up list of process ${which}`).toBe(200);
        await response.arrayBuffer();
        if (!redis || (await keysLike(redis.client, `${redis.prefix}*:${type}:list:*`)).length > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`process ${which} never counted in Redis`);
    }),
  );
}

/** The dashboards on one simulator and the same traffic at all at once; what the simulator saw. */
async function run(apiKey: string, redis: { url: string; client: Redis; prefix: string } | null) {
  const { simulator, calls, server } = await startRecordingSimulator();
  const dashboards: Running[] = [];
  try {
    // Blank values unset what the surrounding environment may carry (CI exports REDIS_URL).
    const env = {
      KLAVIYO_API_KEY: apiKey,
      KLAVIYO_BASE_URL: server.url,
      REDIS_URL: redis?.url ?? "",
      DASHBOARD_USERS: "",
      DASHBOARD_PASSWORD: "",
      // The whole of Klaviyo's budget: what is measured here is how instances share it.
      KLAVIYO_SHARE: "1",
      COLLECTOR_SHARE: "1",
      // Only the test's own requests: what is counted is how people's calls share the budget.
      COLLECTOR: "off",
      // All 100 requests of a process reach the limiter at once, as they did before the admission
      // gate: what is measured is the shared budget, not the gate (e2e/processes/overload.spec.ts).
      MAX_IN_FLIGHT: String(PER_PROCESS),
    };
    dashboards.push(...(await Promise.all(Array.from({ length: PROCESSES }, () => startDashboard(env)))));
    await warmUp(dashboards, redis);
    // The smallest documents (queued jobs include nothing): cheap to parse, so that the limiter
    // rather than the dashboards' CPU sets the pace.
    const jobs = simulator.store
      .listJobs(TYPE)
      .sort((a, b) => a.relatedIds.length - b.relatedIds.length)
      .map((job) => job.id);
    expect(jobs.length).toBeGreaterThanOrEqual(PROCESSES * PER_PROCESS);
    const ids = Array.from({ length: PROCESSES }, (_, i) => jobs.slice(i * PER_PROCESS, (i + 1) * PER_PROCESS));

    const started = Date.now();
    const answers = await drive(dashboards, ids);
    const seconds = (Date.now() - started) / 1000;

    const stats = simulator.stats().endpoints[`${INFO.path}/{id}`] ?? { requests: 0, throttled: 0 };
    const first = Math.floor(Math.min(...calls.map((call) => call.at)) / 1000);
    const all = perSecond(calls, first);
    const answered: Record<string, number> = {};
    for (const a of answers) {
      const kind = `process ${a.process}: ${a.status}${a.code ? ` ${a.code}` : ""}`;
      answered[kind] = (answered[kind] ?? 0) + 1;
    }
    const figures = {
      seconds: Math.round(seconds * 10) / 10,
      upstream: stats.requests,
      throttled: stats.throttled,
      maxPerSecond: Math.max(0, ...all.attempts),
      perSecond: all.attempts,
      throttledPerSecond: all.throttled,
      perSecondByProcess: ids.map(
        (own) =>
          perSecond(
            calls.filter((call) => own.includes(call.id)),
            first,
          ).attempts,
      ),
      answered,
    };
    test
      .info()
      .annotations.push({ type: redis ? "with Redis" : "without Redis", description: JSON.stringify(figures) });
    return { answers, calls, ids, figures };
  } finally {
    await Promise.all(dashboards.map((dashboard) => dashboard.stop()));
    await server.close();
  }
}

test("three dashboard processes sharing REDIS_URL stay within one burst budget", async () => {
  // Three processes start as `npm start` starts them (the configuration check first): on a busy
  // machine that alone can take most of a minute.
  test.setTimeout(120_000);
  // A key of this run's own: the limiter's Redis keys carry its fingerprint, so no other run shares them.
  const apiKey = `pk_shared_budget_${randomBytes(6).toString("hex")}`;
  const prefix = `kbj:rl:${keyFingerprint(apiKey)}:`;
  const redis = new Redis(REDIS_URL!, { maxRetriesPerRequest: 1 });
  try {
    const { answers, calls, ids, figures } = await run(apiKey, { url: REDIS_URL!, client: redis, prefix });
    const timeline = figures.perSecond.join(" ");

    expect(figures.throttled, `429s from the simulator (per second: ${timeline})`).toBe(0);
    expect(figures.maxPerSecond, `upstream calls per second: ${timeline}`).toBeLessThanOrEqual(BURST);
    for (const answer of answers) {
      expect(
        answer.status === 200 || (answer.status === 429 && answer.code === "rate_limited"),
        JSON.stringify(answer),
      ).toBe(true);
    }
    for (let which = 0; which < PROCESSES; which++) {
      const own = new Set(ids[which]);
      expect(
        answers.filter((a) => a.process === which && a.status === 200).length,
        `200s from process ${which}`,
      ).toBeGreaterThan(0);
      expect(calls.filter((call) => own.has(call.id)).length, `upstream calls by process ${which}`).toBeGreaterThan(0);
    }
    // The get-one budget was counted in Redis, under this run's prefix.
    expect((await keysLike(redis, `${prefix}*:${TYPE}:get:*`)).length, "get-one limiter keys in Redis").toBeGreaterThan(
      0,
    );
  } finally {
    const keys = await keysLike(redis, `${prefix}*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => undefined);
    redis.disconnect();
  }
});

test("control: three processes without Redis overrun the burst with the same traffic", async () => {
  test.setTimeout(120_000);
  const { figures } = await run(`pk_no_redis_${randomBytes(6).toString("hex")}`, null);
  const timeline = figures.perSecond.join(" ");
  // Each process spends a budget of its own: together they send more than Klaviyo allows.
  expect(figures.maxPerSecond, `upstream calls per second: ${timeline}`).toBeGreaterThan(BURST);
  expect(figures.throttled, `429s from the simulator (per second: ${timeline})`).toBeGreaterThan(0);
});

/** A Redis of this test's own, which it can stop in the middle of a flood. */
async function startOwnRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kbj-redis-"));
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  // Refused until the server listens: ioredis retries, and the refusals are expected.
  client.on("error", () => undefined);
  await new Promise((resolve) => client.once("ready", resolve));
  client.disconnect();
  return {
    url,
    stop() {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("three processes keep within the budget while Redis goes away in the middle of a flood", async () => {
  test.skip(spawnSync("redis-server", ["--version"]).status !== 0, "redis-server is not installed");
  test.setTimeout(120_000);
  const redis = await startOwnRedis();
  const { simulator, calls, server } = await startRecordingSimulator();
  const dashboards: Running[] = [];
  try {
    const env = {
      KLAVIYO_API_KEY: `pk_outage_${randomBytes(6).toString("hex")}`,
      KLAVIYO_BASE_URL: server.url,
      REDIS_URL: redis.url,
      DASHBOARD_USERS: "",
      DASHBOARD_PASSWORD: "",
      KLAVIYO_SHARE: "1",
      COLLECTOR_SHARE: "1",
      // Only the test's own requests: what is counted is how people's calls share the budget.
      COLLECTOR: "off",
      // Requests wait on the budget here for seconds: the front's queue must not turn them away as
      // stuck (its own test is overload.spec), or this would measure admission, not the budget.
      MAX_QUEUE_WAIT_MS: "60000",
    };
    dashboards.push(...(await Promise.all(Array.from({ length: PROCESSES }, () => startDashboard(env)))));
    await warmUp(dashboards, null);
    // Each instance announces itself every 5 s: by now each has counted all three.
    await new Promise((resolve) => setTimeout(resolve, 6_000));

    // Every variant-create job, each asked once (a second ask would be a cache hit): ~480 calls, far
    // more than one second's budget, asked by 30 workers per process, so the demand outruns the budget.
    const queue = simulator.store.listJobs(TYPE).map((job) => job.id);
    const answers: Answer[] = [];
    let stoppedAt = Number.POSITIVE_INFINITY;
    const stopRedis = setTimeout(() => {
      stoppedAt = simulator.clock.now();
      redis.stop();
    }, 2_000);
    const deadline = Date.now() + 30_000;
    await Promise.all(
      dashboards.flatMap((dashboard, which) =>
        Array.from({ length: 30 }, async () => {
          for (let id = queue.shift(); id !== undefined && Date.now() < deadline; id = queue.shift()) {
            const response = await fetch(`${dashboard.url}/api/jobs/${TYPE}/${encodeURIComponent(id)}`);
            const body = (await response.json().catch(() => null)) as { error?: { code?: string } } | null;
            const code = body?.error?.code ?? null;
            answers.push({ process: which, status: response.status, code });
            // Refused for want of budget: asked again later, so the flood goes on.
            if (code === "rate_limited") queue.push(id);
          }
        }),
      ),
    );
    clearTimeout(stopRedis);

    const stats = simulator.stats().endpoints[`${INFO.path}/{id}`] ?? { requests: 0, throttled: 0 };
    const first = Math.floor(Math.min(...calls.map((call) => call.at)) / 1000);
    const timeline = perSecond(calls, first).attempts.join(" ");
    const afterStop = calls.filter((call) => call.at > stoppedAt).length;
    test.info().annotations.push({
      type: "Redis stopped mid-flood",
      description: JSON.stringify({ upstream: stats.requests, throttled: stats.throttled, afterStop, timeline }),
    });

    expect(stoppedAt, "Redis was stopped during the flood").toBeLessThan(Number.POSITIVE_INFINITY);
    expect(afterStop, `upstream calls after Redis stopped (per second: ${timeline})`).toBeGreaterThan(50);
    expect(stats.throttled, `429s from the simulator (per second: ${timeline})`).toBe(0);
    for (const answer of answers) {
      expect(
        answer.status === 200 || (answer.status === 429 && answer.code === "rate_limited"),
        JSON.stringify(answer),
      ).toBe(true);
    }
  } finally {
    await Promise.all(dashboards.map((dashboard) => dashboard.stop()));
    await server.close();
    redis.stop();
  }
});
