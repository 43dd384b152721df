/**
 * Sharing the budget: three `next start` instances on one Redis against one standalone simulator,
 * with people asking far more than Klaviyo allows (lists of four job types under every status filter,
 * and job pages of those types), and the collector on in each instance. Each instance has its own
 * embedded store, so each runs a collector of its own: three collectors share the background part of
 * the budget through Redis, a harder case than one elected collector on PostgreSQL.
 *
 * Measured over one whole minute of the simulator's clock (Klaviyo's steady window): upstream calls
 * per endpoint against share × limit, and the simulator's 429s over the whole run. People's median
 * latency is compared with a first round on the same load and fresh instances without collectors.
 */

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "../../lib/job-types";
import type { SimulatorStats } from "../../lib/klaviyo-simulator/controls/stats";
import { freePort, type Running, startDashboard, startSimulator } from "./servers";
import { percentile } from "./stats";

const INSTANCES = 3;
const SHARE = 0.5;
const COLLECTOR_SHARE = 0.25;
/** People ask for these kinds (Klaviyo's narrow 75/s, 750/min tier): far more than their budget. */
const PEOPLE_TYPES: JobType[] = ["item-create", "item-update", "variant-create", "variant-update"];
const STATUSES = ["", "queued", "processing", "complete", "cancelled"];
/** job pages per kind: enough distinct ids that the instances' caches do not answer for Klaviyo */
const IDS_PER_TYPE = 300;
/** later list pages per kind: distinct list queries, so that lists too are asked more than their budget */
const CURSORS_PER_TYPE = 10;
const IDLE_SECONDS = 20;
/** how long the busy round runs before the measured minute begins (the limiters learn Klaviyo's phase) */
const LEAD_SECONDS = 10;
const MINUTE = 60_000;

interface Answer {
  ok: boolean;
  ms: number;
}

/** `connections` clients per instance, each asking its next path as soon as the last is answered. */
function people(urls: string[], paths: string[], connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: urls.length * connections });
  const answers: Answer[] = [];
  let next = 0;
  let stopped = false;
  const once = (url: string) =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const req = request(new URL(paths[next++ % paths.length]!, url), { agent }, (res) => {
        res.resume();
        res.on("end", () => {
          answers.push({ ok: res.statusCode === 200, ms: performance.now() - sent });
          resolve();
        });
      });
      req.setTimeout(15_000, () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        answers.push({ ok: false, ms: performance.now() - sent });
        resolve();
      });
      req.end();
    });
  const loops = urls.flatMap((url) =>
    Array.from({ length: connections }, async () => {
      while (!stopped) await once(url);
    }),
  );
  return {
    answers,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

function latency(answers: Answer[]) {
  const ok = answers.filter((a) => a.ok).map((a) => a.ms);
  return {
    answers: answers.length,
    answered200: ok.length,
    p50Ms: Math.round(
      percentile(
        answers.map((a) => a.ms),
        50,
      ),
    ),
    p50Of200Ms: Math.round(percentile(ok, 50)),
  };
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

interface Known {
  ids: string[];
  /** later pages of the unfiltered list */
  cursors: string[];
}

/** Ids and list cursors of each kind, read from the simulator directly with a key of their own (another budget). */
async function knownJobs(simulatorUrl: string): Promise<Record<string, Known>> {
  const headers = { authorization: "Klaviyo-API-Key pk_bench_share_ids", revision: "2025-10-15" };
  const known: Record<string, Known> = {};
  for (const type of PEOPLE_TYPES) {
    const found: Known = { ids: [], cursors: [] };
    let url: string | null = `${simulatorUrl}${JOB_TYPE_INFO[type].path}`;
    while (url && (found.ids.length < IDS_PER_TYPE || found.cursors.length < CURSORS_PER_TYPE)) {
      const page: { data: Array<{ id: string }>; links?: { next?: string | null } } = await json(url, { headers });
      found.ids.push(...page.data.map((job) => job.id));
      url = page.links?.next ?? null;
      const cursor = url ? new URL(url).searchParams.get("page[cursor]") : null;
      if (cursor) found.cursors.push(cursor);
    }
    known[type] = { ids: found.ids.slice(0, IDS_PER_TYPE), cursors: found.cursors.slice(0, CURSORS_PER_TYPE) };
  }
  return known;
}

/** Lists (every status filter, later pages) and job pages, interleaved so that every endpoint is asked all the time. */
function peoplePaths(known: Record<string, Known>): string[] {
  const lists = PEOPLE_TYPES.flatMap((type) => [
    ...STATUSES.map((status) => `/api/jobs?type=${type}${status ? `&status=${status}` : ""}`),
    ...(known[type]?.cursors ?? []).map((cursor) => `/api/jobs?type=${type}&cursor=${encodeURIComponent(cursor)}`),
  ]);
  const pages = Array.from({ length: IDS_PER_TYPE }, (_, i) =>
    PEOPLE_TYPES.flatMap((type) => {
      const id = known[type]?.ids[i];
      return id ? [`/api/jobs/${type}/${encodeURIComponent(id)}`] : [];
    }),
  ).flat();
  // A list before every job page: lists are cached for 3 s per query, so many list asks are answered here.
  return pages.flatMap((page, i) => [lists[i % lists.length]!, page]);
}

/** A Redis of the bench's own in a temporary folder, unless REDIS_URL names one. */
async function redis(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "kbj-share-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--dir", dir], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${port}`;
  const { default: Redis } = await import("ioredis");
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: (n) => (n > 50 ? null : 100) });
  await probe.connect();
  probe.disconnect();
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startInstances(env: Record<string, string>): Promise<Running[]> {
  const started: Running[] = [];
  // One at a time: three production servers starting at once on a small machine take longer in all.
  for (let i = 0; i < INSTANCES; i++) started.push(await startDashboard(env));
  return started;
}

const simulatorNow = async (url: string) => (await json<{ now: number }>(`${url}/__simulator/clock`)).now;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runShareBench(options: { connections?: number } = {}) {
  const connections = options.connections ?? 12;
  const store = await redis();
  const simulator = await startSimulator();
  let instances: Running[] = [];
  try {
    const paths = peoplePaths(await knownJobs(simulator.url));
    const env = (apiKey: string, collector: "on" | "off") => ({
      KLAVIYO_API_KEY: apiKey,
      KLAVIYO_BASE_URL: simulator.url,
      REDIS_URL: store.url,
      KLAVIYO_SHARE: String(SHARE),
      COLLECTOR_SHARE: String(COLLECTOR_SHARE),
      COLLECTOR: collector,
      DASHBOARD_USERS: "",
      DASHBOARD_PASSWORD: "",
      DATABASE_URL: "",
      LOG_LEVEL: "error",
    });
    const run = Date.now().toString(36);

    // Round 1: the same people, no collector. A key of its own: a budget (and Redis keys) of its own.
    console.log(`share: starting ${INSTANCES} instances without collectors`);
    let startedAt = Date.now();
    instances = await startInstances(env(`pk_bench_share_idle_${run}`, "off"));
    const startupMs = Date.now() - startedAt;
    console.log(`share: idle round, ${IDLE_SECONDS} s of people`);
    const idle = people(
      instances.map((i) => i.url),
      paths,
      connections,
    );
    await sleep(IDLE_SECONDS * 1000);
    await idle.stop();
    await Promise.all(instances.map((i) => i.stop()));
    instances = [];

    // Round 2: collectors on. The simulator's clock is set so that one of its minutes begins shortly
    // after the load does (before any instance has seen it: they learn its phase from scratch).
    const offset = (await simulatorNow(simulator.url)) - Date.now();
    // Starting again takes about as long as the first time; a little more, or the minute is missed.
    const boundaryAt = Date.now() + 1.5 * startupMs + LEAD_SECONDS * 1000;
    const simulatedBoundary = Math.ceil((boundaryAt + offset) / MINUTE) * MINUTE;
    await json(`${simulator.url}/__simulator/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ set: simulatedBoundary - (boundaryAt - Date.now()) }),
    });
    const shift = (await simulatorNow(simulator.url)) - Date.now();
    console.log(`share: starting ${INSTANCES} instances with collectors`);
    startedAt = Date.now();
    instances = await startInstances(env(`pk_bench_share_busy_${run}`, "on"));
    const before = await json<SimulatorStats>(`${simulator.url}/__simulator/stats`);
    const busy = people(
      instances.map((i) => i.url),
      paths,
      connections,
    );
    // The first whole minute that begins at least LEAD_SECONDS into the load.
    let from = simulatedBoundary;
    while (from - shift < Date.now() + LEAD_SECONDS * 1000 - 2_000) from += MINUTE;
    const progress = setInterval(() => {
      const left = Math.round((from + MINUTE - shift - Date.now()) / 1000);
      console.log(`share: busy round, ${busy.answers.length} answers so far, ${left} s to go`);
    }, 15_000);
    await sleep(from - shift - Date.now());
    const atStart = await json<SimulatorStats>(`${simulator.url}/__simulator/stats`);
    const startSkewMs = (await simulatorNow(simulator.url)) - from;
    await sleep(from + MINUTE - shift - Date.now());
    const atEnd = await json<SimulatorStats>(`${simulator.url}/__simulator/stats`);
    const endSkewMs = (await simulatorNow(simulator.url)) - (from + MINUTE);
    clearInterval(progress);
    await busy.stop();
    const after = await json<SimulatorStats>(`${simulator.url}/__simulator/stats`);

    const endpoints = JOB_TYPES.flatMap((type) => {
      const info = JOB_TYPE_INFO[type];
      const people = PEOPLE_TYPES.includes(type);
      return [
        { name: `${type} list`, key: info.path, limit: info.tier.steady, people },
        { name: `${type} get`, key: `${info.path}/{id}`, limit: info.tier.steady, people },
      ];
    });
    const perEndpoint = Object.fromEntries(
      endpoints.map(({ name, key, limit, people }) => {
        const calls = (atEnd.endpoints[key]?.requests ?? 0) - (atStart.endpoints[key]?.requests ?? 0);
        const allowed = Math.floor(limit * SHARE);
        return [
          name,
          {
            asked: people ? "people + collector" : "collector",
            callsInMinute: calls,
            allowed,
            ratio: Math.round((calls / allowed) * 1000) / 1000,
            "429s": (after.endpoints[key]?.throttled ?? 0) - (before.endpoints[key]?.throttled ?? 0),
          },
        ];
      }),
    );
    const peopleRatios = endpoints.filter((e) => e.people).map((e) => perEndpoint[e.name]!.ratio);
    return {
      instances: INSTANCES,
      share: SHARE,
      collectorShare: COLLECTOR_SHARE,
      store: "embedded per instance: a collector in each",
      connectionsPerInstance: connections,
      measuredMinuteSkewMs: { start: startSkewMs, end: endSkewMs },
      perEndpoint,
      peopleEndpoints: { minRatio: Math.min(...peopleRatios), maxRatio: Math.max(...peopleRatios) },
      simulator429s: after.total.throttled - before.total.throttled,
      people: { idle: latency(idle.answers), busy: latency(busy.answers) },
      busyRoundSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await simulator.stop();
    await store.stop();
  }
}
