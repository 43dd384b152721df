/**
 * "Keep" and the history's facts against a real embedded store and the in-process simulator:
 * PUT /api/jobs/{type}/{id}/keep records a job not collected yet and pins it; PUT /api/runs/keep pins
 * a run's stored jobs; bad input is refused and changes nothing; a store that is gone is a 503 that
 * says so, and GET /api/history says "down".
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";

vi.mock("server-only", () => ({}));

let place: TestPlace;
let store: Store;

beforeAll(async () => {
  place = await ENGINES[0]!.place();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("COLLECTOR", "off");
  vi.stubEnv("DATA_DIR", place.options.dataDir!);
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
  const { startStore } = await import("@/lib/store/shared");
  store = await startStore();
}, 60_000);

afterAll(async () => {
  const { closeStore } = await import("@/lib/store/shared");
  await closeStore();
  await place?.remove();
  vi.unstubAllEnvs();
});

type Params = { params: Promise<{ type: string; id: string }> };
const params = (type: string, id: string): Params => ({ params: Promise.resolve({ type, id }) });
const put = (url: string, body: unknown, type = "application/json") =>
  new Request(url, { method: "PUT", headers: { "content-type": type }, body: JSON.stringify(body) });

async function answer(response: Response) {
  return { status: response.status, body: await response.json() };
}

async function someJob() {
  const { listJobs } = await import("@/lib/klaviyo");
  const page = await listJobs({ type: "item-create", status: "complete" });
  return page.jobs[0]!;
}

describe("keeping a job", () => {
  it("records a job the collector has not seen, pins it, and lets it go again", async () => {
    const route = await import("./jobs/[type]/[id]/keep/route");
    const job = await someJob();
    const url = `http://localhost/api/jobs/item-create/${job.id}/keep`;
    expect(await answer(await route.GET(new Request(url), params("item-create", job.id)))).toEqual({
      status: 200,
      body: { stored: 0, kept: 0 },
    });
    const kept = await answer(await route.PUT(put(url, { keep: true }), params("item-create", job.id)));
    expect(kept).toEqual({ status: 200, body: { stored: 1, kept: 1 } });
    const { getStoredJob } = await import("@/lib/store/jobs");
    expect(await getStoredJob(store.db, "default", "item-create", job.id)).toMatchObject({
      pinned: true,
      totalCount: job.totalCount,
    });
    expect(await answer(await route.PUT(put(url, { keep: false }), params("item-create", job.id)))).toEqual({
      status: 200,
      body: { stored: 1, kept: 0 },
    });
  }, 60_000);

  it("refuses a bad body, a form post, a bad id and an unknown job, changing nothing", async () => {
    const route = await import("./jobs/[type]/[id]/keep/route");
    const job = await someJob();
    const url = `http://localhost/api/jobs/item-create/${job.id}/keep`;
    for (const request of [
      put(url, { keep: "yes" }),
      put(url, { keep: true, extra: 1 }),
      put(url, { keep: true }, "application/x-www-form-urlencoded"),
      new Request(url, { method: "PUT", headers: { "content-type": "application/json" }, body: "{" }),
    ]) {
      const refused = await answer(await route.PUT(request, params("item-create", job.id)));
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe("bad_request");
    }
    const badId = await answer(await route.PUT(put(url, { keep: true }), params("item-create", "no such/id")));
    expect(badId.status).toBe(400);
    const unknown = await answer(await route.PUT(put(url, { keep: true }), params("item-create", "01NOSUCHJOB000")));
    expect(unknown.status).toBe(404);
    const { getStoredJob } = await import("@/lib/store/jobs");
    expect(await getStoredJob(store.db, "default", "item-create", "01NOSUCHJOB000")).toBeNull();
  }, 60_000);
});

describe("keeping a run", () => {
  it("pins the stored jobs created in the run's window", async () => {
    const route = await import("./runs/keep/route");
    const { recordJobs } = await import("@/lib/store/jobs");
    const base = Date.UTC(2026, 10, 2, 9);
    const job = await someJob();
    const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
    const jobs = [0, 5, 30].map((minute, i) => ({ ...job, id: `RUNKEEP${i}`, createdAt: at(minute) }));
    await recordJobs(store.db, "default", jobs, new Date(base + 40 * 60_000));
    const url = `http://localhost/api/runs/keep?from=${at(0)}&to=${at(5)}`;
    expect(await answer(await route.GET(new Request(url)))).toEqual({ status: 200, body: { stored: 2, kept: 0 } });
    expect(await answer(await route.PUT(put(url, { keep: true })))).toEqual({
      status: 200,
      body: { stored: 2, kept: 2 },
    });
    const { getStoredJob } = await import("@/lib/store/jobs");
    expect((await getStoredJob(store.db, "default", job.type, "RUNKEEP2"))?.pinned).toBe(false);
    const noWindow = await answer(await route.PUT(put("http://localhost/api/runs/keep", { keep: true })));
    expect(noWindow.status).toBe(400);
  }, 60_000);
});

describe("when the store does not answer", () => {
  it("answers store_unavailable without the store's own words, and the history says down", async () => {
    const facts = await import("@/lib/history/facts.server");
    facts.forgetHistoryFacts();
    const history = await import("./history/route");
    const up = await answer(await history.GET(new Request("http://localhost/api/history")));
    expect(up).toMatchObject({ status: 200, body: { state: "up", downSince: null } });
    expect(up.body.jobs).toBeGreaterThan(0);

    const route = await import("./jobs/[type]/[id]/keep/route");
    const failing = vi.spyOn(store.db, "select").mockImplementation(() => {
      throw new Error("connect ECONNREFUSED 10.0.0.9:5432 secret-host");
    });
    const execute = vi.spyOn(store.db, "execute").mockRejectedValue(new Error("connection refused"));
    try {
      const refused = await answer(
        await route.GET(new Request("http://localhost/api/jobs/item-create/ABC/keep"), params("item-create", "ABC")),
      );
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe("store_unavailable");
      expect(JSON.stringify(refused.body)).not.toContain("secret-host");
      facts.forgetHistoryFacts();
      const down = await answer(await history.GET(new Request("http://localhost/api/history")));
      expect(down).toMatchObject({ status: 200, body: { state: "down", jobs: null } });
      expect(down.body.downSince).toEqual(expect.any(String));
    } finally {
      failing.mockRestore();
      execute.mockRestore();
    }
    facts.forgetHistoryFacts();
    expect((await answer(await history.GET(new Request("http://localhost/api/history")))).body.state).toBe("up");
  }, 60_000);
});
