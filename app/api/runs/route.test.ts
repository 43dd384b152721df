/**
 * `GET /api/runs` called as a function, over the whole proxy (limiter, cache, reshaping) and the real
 * simulator frozen at its test anchor. Every upstream request is counted, and every aggregate is checked
 * against the simulator's own store: what it serves is what the dashboard must add up.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { JOB_TYPES } from "@/lib/job-types";
import type { JobSnapshot, Simulator } from "@/lib/klaviyo-simulator";
import type { RecentRuns, RunDetail } from "@/lib/runs/answers";

const harness = vi.hoisted(() => ({ sim: null as Simulator | null, calls: [] as string[] }));

vi.mock("@/lib/klaviyo/simulator-singleton", async () => {
  const { frozenSimulator } = await import("@/lib/klaviyo-simulator/testing");
  return {
    SIMULATOR_API_KEY: "pk_simulator_in_process",
    getSimulator: () => {
      harness.sim ??= frozenSimulator({ apiKey: "pk_simulator_in_process" });
      const sim = harness.sim;
      return {
        clock: sim.clock,
        handle: async (request: Request) => {
          harness.calls.push(request.url);
          return sim.handle(request);
        },
      };
    },
  };
});

const { ANCHOR } = await import("@/lib/klaviyo-simulator/testing");
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

async function GET(search: string): Promise<Response> {
  const door = await import("@/lib/klaviyo/door");
  door.resetKlaviyoClient(); // a fresh cache: every test counts its own upstream calls
  const { GET: get } = await import("./route");
  return get(new Request(`http://localhost/api/runs${search}`));
}

function store() {
  if (!harness.sim) throw new Error("the simulator starts with the first proxied call");
  return harness.sim.store;
}
const created = (job: { createdAt: string }) => Date.parse(job.createdAt);
const sum = (jobs: JobSnapshot[], pick: (j: JobSnapshot) => number) => jobs.reduce((n, j) => n + pick(j), 0);

beforeAll(() => {
  // The server's "now" is the simulator's anchor (only Date is faked; timers stay real).
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(ANCHOR);
});
afterAll(() => {
  vi.useRealTimers();
});
beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  harness.calls = [];
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("GET /api/runs: bad input", () => {
  it.each([
    ["from without to", "?from=2026-11-28T12:00:00Z"],
    ["a date that is not ISO", "?from=yesterday&to=today"],
    ["epoch milliseconds", "?from=1795867200000&to=1795867300000"],
    ["to before from", "?from=2026-11-28T12:00:00Z&to=2026-11-28T11:00:00Z"],
    ["a run longer than 7 days", "?from=2026-11-01T00:00:00Z&to=2026-11-28T00:00:00Z"],
    ["an unknown window", "?window=30d"],
    ["a window with a run", "?from=2026-11-28T12:00:00Z&to=2026-11-28T12:01:00Z&window=1h"],
    ["a gap of 0", "?gap=0"],
    ["an unknown parameter", "?type=item-create"],
    ["a repeated parameter", "?window=1h&window=6h"],
  ])("refuses %s with a 400 envelope and no upstream call", async (_label, search) => {
    const response = await GET(search);
    expect(response.status).toBe(400);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(harness.calls).toHaveLength(0);
  });
});

describe("GET /api/runs: recent runs, checked against the simulator", () => {
  it("groups the last 24 h into runs whose totals are the sums over the simulator's jobs", async () => {
    const response = await GET("");
    expect(response.status).toBe(200);
    const body = (await response.json()) as RecentRuns;
    const since = ANCHOR - DAY;
    const visible = store()
      .listAllJobs()
      .filter((job) => created(job) >= since);

    expect(body.runs.length).toBeGreaterThan(5);
    expect(body.runs.reduce((n, r) => n + r.summary.jobCount, 0)).toBe(visible.length);
    for (const [i, { summary }] of body.runs.entries()) {
      const jobs = visible.filter(
        (job) => created(job) >= Date.parse(summary.from) && created(job) <= Date.parse(summary.to),
      );
      expect(summary.jobCount).toBe(jobs.length);
      expect(summary.operations.total).toBe(sum(jobs, (j) => j.totalCount));
      expect(summary.operations.completed).toBe(sum(jobs, (j) => j.completedCount));
      expect(summary.operations.failed).toBe(sum(jobs, (j) => j.failedCount));
      expect(summary.running).toBe(jobs.filter((j) => j.status === "queued" || j.status === "processing").length);
      for (const counts of summary.byType) expect(counts.jobs).toBe(jobs.filter((j) => j.type === counts.type).length);
      // newest first, separated by at least the gap
      const older = body.runs[i + 1];
      if (older) expect(Date.parse(summary.from) - Date.parse(older.summary.to)).toBeGreaterThanOrEqual(10 * MIN);
    }
    // No sync the simulator made is split across two runs (unless it began before the look-back).
    for (const sync of store().listSyncs()) {
      if (Date.parse(sync.firstCreatedAt) < since) continue;
      const run = body.runs.find(
        (r) =>
          Date.parse(r.summary.from) <= Date.parse(sync.firstCreatedAt) &&
          Date.parse(sync.lastCreatedAt) <= Date.parse(r.summary.to),
      );
      expect(run, `sync ${sync.id} lies inside one run`).toBeDefined();
    }
  });

  it("stays within the call budget: ⌊n/100⌋ + 1 list calls per type, n = its jobs in the window", async () => {
    const body = (await (await GET("?window=6h")).json()) as RecentRuns;
    const since = ANCHOR - 6 * 60 * MIN;
    const budget = JOB_TYPES.reduce(
      (n, type) =>
        n +
        Math.floor(
          store()
            .listJobs(type)
            .filter((j) => created(j) >= since).length / 100,
        ) +
        1,
      0,
    );
    expect(body.listCalls).toBeLessThanOrEqual(budget);
    expect(harness.calls.length).toBe(body.listCalls); // nothing else was asked upstream, and no detail call
    expect(harness.calls.every((url) => /\/api\/catalog-[a-z]+-bulk-[a-z]+-jobs(\?|$)/.test(url))).toBe(true);
    expect(body.truncated).toEqual([]);
  });
});

describe("GET /api/runs?from=&to=: one run", () => {
  async function biggestRun() {
    const list = (await (await GET("")).json()) as RecentRuns;
    return list.runs.reduce((a, b) => (b.summary.jobCount > a.summary.jobCount ? b : a)).summary;
  }

  it("returns the run's jobs, their error entries grouped, and the aggregate of exactly those jobs", async () => {
    const run = await biggestRun();
    harness.calls = [];
    const response = await GET(`?from=${run.from}&to=${run.to}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as RunDetail;
    const expected = store()
      .listAllJobs()
      .filter((job) => created(job) >= Date.parse(run.from) && created(job) <= Date.parse(run.to));

    expect(body.jobs.map((j) => `${j.type}/${j.id}`).sort()).toEqual(expected.map((j) => `${j.type}/${j.id}`).sort());
    expect(body.summary).toEqual(run);
    expect(body.summary?.operations.failed).toBe(sum(expected, (j) => j.failedCount));
    // The entries are counted and grouped, not sent: each job's row carries its counts only.
    expect(body.jobs.every((j) => !("errors" in j) && !("relatedIds" in j))).toBe(true);
    expect(body.errors.entries).toBe(sum(expected, (j) => j.errors.length));
    expect(body.errors.groups.reduce((n, g) => n + g.count, 0)).toBe(body.errors.entries);
    const withErrors = new Set(expected.filter((j) => j.errors.length > 0).map((j) => `${j.type}/${j.id}`));
    const inGroups = new Set(body.errors.groups.flatMap((g) => g.jobs.map((j) => `${j.type}/${j.id}`)));
    expect(inGroups).toEqual(withErrors);
    expect(body.continues).toBeNull();
    expect(harness.calls.length).toBe(body.listCalls);
    expect(harness.calls.every((url) => !/-jobs\/[A-Z0-9]/.test(url))).toBe(true); // no get-one call
  });

  it("a link made while the run was growing keeps its jobs and says the run continues", async () => {
    const run = await biggestRun();
    const jobs = store()
      .listAllJobs()
      .filter((job) => created(job) >= Date.parse(run.from) && created(job) <= Date.parse(run.to));
    const cut = jobs[Math.floor(jobs.length / 2)]!; // newest first: the link as it was halfway through
    const earlyTo = new Date(created(cut)).toISOString();
    const body = (await (await GET(`?from=${run.from}&to=${earlyTo}`)).json()) as RunDetail;
    const inWindow = jobs.filter((j) => created(j) <= created(cut));
    expect(body.summary?.jobCount).toBe(inWindow.length);
    expect(body.continues?.jobCount).toBe(jobs.length - inWindow.length);
    expect(body.continues?.boundary).toBe(run.to);
  });

  it("a window inside a larger run says it started earlier", async () => {
    const run = await biggestRun();
    const mid = new Date((Date.parse(run.from) + Date.parse(run.to)) / 2).toISOString();
    const body = (await (await GET(`?from=${mid}&to=${run.to}`)).json()) as RunDetail;
    expect(body.startedEarlier?.jobCount).toBeGreaterThan(0);
  });

  it("an empty window answers 200 with no summary", async () => {
    const body = (await (await GET("?from=2026-11-28T17:59:59Z&to=2026-11-28T17:59:59Z")).json()) as RunDetail;
    if (body.jobs.length === 0) expect(body.summary).toBeNull();
  });
});

describe("GET /api/runs/errors: a run's error entries as a download", () => {
  async function EXPORT(search: string, options: { freshCache?: boolean } = {}): Promise<Response> {
    const door = await import("@/lib/klaviyo/door");
    if (options.freshCache ?? true) door.resetKlaviyoClient();
    const { GET: get } = await import("./errors/route");
    return get(new Request(`http://localhost/api/runs/errors${search}`));
  }

  async function runWithErrors() {
    const list = (await (await GET("")).json()) as RecentRuns;
    const run = list.runs.map((r) => r.summary).find((s) => s.operations.failed > 0 && s.running === 0);
    if (!run) throw new Error("the seeded day has a finished run with failures");
    return run;
  }

  it.each([
    ["no run", ""],
    ["a window of recent runs", "?window=6h"],
    ["an unknown format", "?from=2026-11-28T12:00:00Z&to=2026-11-28T12:10:00Z&format=xlsx"],
    ["a repeated format", "?from=2026-11-28T12:00:00Z&to=2026-11-28T12:10:00Z&format=csv&format=json"],
    ["to before from", "?from=2026-11-28T12:00:00Z&to=2026-11-28T11:00:00Z&format=csv"],
    ["an unknown parameter", "?from=2026-11-28T12:00:00Z&to=2026-11-28T12:10:00Z&type=item-create"],
  ])("refuses %s with a 400 envelope and no upstream call", async (_label, search) => {
    harness.calls = [];
    const response = await EXPORT(search);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    expect(harness.calls).toHaveLength(0);
  });

  it("the CSV has one row per error entry of the run's jobs, and names the run in its file name", async () => {
    const run = await runWithErrors();
    const response = await EXPORT(`?from=${run.from}&to=${run.to}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="run-${run.from.replace(/[:.]/g, "-")}-failed-entries.csv"`,
    );
    const { default: Papa } = await import("papaparse");
    const csv = Papa.parse<Record<string, string>>(await response.text(), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields).toEqual([
      "job_type",
      "job_id",
      "payload_index",
      "field",
      "code",
      "title",
      "detail",
      "pointer",
      "error_id",
    ]);
    const jobs = store()
      .listAllJobs()
      .filter((job) => created(job) >= Date.parse(run.from) && created(job) <= Date.parse(run.to));
    const expected = jobs
      .flatMap((job) => job.errors.map((e) => `${job.type}/${job.id}/${e.id}/${e.code}/${e.source.pointer}`))
      .sort();
    expect(csv.data.map((r) => `${r.job_type}/${r.job_id}/${r.error_id}/${r.code}/${r.pointer}`).sort()).toEqual(
      expected,
    );
  });

  it("the JSON holds the same rows, and an export right after the page's read asks Klaviyo nothing more", async () => {
    const run = await runWithErrors();
    const page = (await (await GET(`?from=${run.from}&to=${run.to}`)).json()) as RunDetail;
    harness.calls = [];
    const response = await EXPORT(`?from=${run.from}&to=${run.to}&format=json`, { freshCache: false });
    expect(response.headers.get("content-disposition")).toMatch(/failed-entries\.json"$/);
    const rows = (await response.json()) as { job_id: string; payload_index: number | "" }[];
    expect(rows).toHaveLength(page.errors.entries);
    expect(rows.every((r) => r.payload_index === "" || Number.isInteger(r.payload_index))).toBe(true);
    expect(harness.calls).toHaveLength(0);
  });

  it("an empty window is a CSV of the header alone", async () => {
    const response = await EXPORT("?from=2026-11-28T17:59:59Z&to=2026-11-28T17:59:59Z");
    expect(response.status).toBe(200);
    expect((await response.text()).trim()).toBe(
      "job_type,job_id,payload_index,field,code,title,detail,pointer,error_id",
    );
  });

  it("when Klaviyo's answer cannot be read, the export is an error envelope, not a partial file", async () => {
    const run = await runWithErrors();
    store(); // the simulator exists once the run list was read
    harness.sim!.faults.set({ endpoint: "*", kind: "malformed-json" });
    try {
      const response = await EXPORT(`?from=${run.from}&to=${run.to}&format=csv`);
      expect(response.status).toBe(502);
      expect(response.headers.get("content-type")).toContain("application/json");
      expect(response.headers.get("content-disposition")).toBeNull();
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("upstream_invalid");
    } finally {
      harness.sim!.faults.clear();
    }
  });
});
