/**
 * GET /api/status against a real embedded store and the in-process simulator: calls made through the
 * one door are counted for their endpoint and priority, jobs in progress come from the store, and a
 * store that stops answering makes the count unknown, with the error and its time, never a failure.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { StatusReport } from "@/lib/status/report";
import { ENGINES, type TestPlace } from "@/lib/store/testing";
import type { Job } from "@/lib/types";

vi.mock("server-only", () => ({}));

let place: TestPlace;

beforeAll(async () => {
  place = await ENGINES[0]!.place();
}, 60_000);
afterAll(async () => place?.remove());

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("COLLECTOR", "off");
  vi.stubEnv("KLAVIYO_SHARE", "0.5");
  vi.stubEnv("COLLECTOR_SHARE", "0.2");
  vi.stubEnv("DATA_DIR", place.options.dataDir!);
  for (const name of ["bulk-jobs-dashboard.store", "klaviyo-bulk-jobs.call-recorder", "klaviyo-bulk-jobs.status-seen"])
    delete (globalThis as Record<symbol, unknown>)[Symbol.for(name)];
});

const job = (id: string, status: string): Job => ({
  type: "item-delete",
  id,
  status,
  createdAt: "2026-12-01T10:00:00.000Z",
  completedAt: null,
  expiresAt: null,
  totalCount: 1,
  completedCount: 0,
  failedCount: 0,
  errors: [],
  relatedIds: [],
});

async function status(): Promise<{ status: number; body: StatusReport }> {
  const { GET } = await import("./status/route");
  const response = await GET(new Request("http://localhost/api/status"));
  return { status: response.status, body: (await response.json()) as StatusReport };
}

describe("GET /api/status", () => {
  it("counts the door's calls per endpoint and priority, and jobs in progress from the store", async () => {
    const { closeStore, startStore } = await import("@/lib/store/shared");
    const { recordJobs, setMeta } = await import("@/lib/store/jobs");
    const store = await startStore();
    await recordJobs(
      store.db,
      "default",
      [job("a", "queued"), job("b", "processing"), job("c", "complete")],
      new Date("2026-12-01T10:01:00.000Z"),
    );
    // Where the history starts is the collector's note, as every page's history note says, not the
    // oldest job held (a job kept past retention would otherwise move it back).
    await setMeta(store.db, "history_since:default", "2026-11-20T00:00:00.000Z");
    (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
    const { listJobs } = await import("@/lib/klaviyo");
    await listJobs({ type: "item-create" });
    await listJobs({ type: "item-create", status: "complete" }, "background");

    const { status: code, body } = await status();
    expect(code).toBe(200);
    expect(body.endpoints).toHaveLength(18);
    const list = body.endpoints.find((e) => e.endpoint === "item-create:list");
    expect(list).toMatchObject({
      type: "item-create",
      operation: "list",
      limits: { burst: 75, steady: 750 },
      dashboardCap: { burst: 37, steady: 375 },
      backgroundCap: { burst: 15, steady: 150 },
      lastMinute: { person: 1, background: 1 },
      lastHour: { person: 1, background: 1 },
      throttledLastHour: 0,
      lastThrottledAt: null,
    });
    expect(body.endpoints.find((e) => e.endpoint === "category-delete:get")).toMatchObject({
      limits: { burst: 350, steady: 3500 },
      lastMinute: { person: 0, background: 0 },
      remaining: null,
    });
    expect(body.minutes.at(-1)).toMatchObject({ person: 1, background: 1 });
    expect(body.inProgress).toEqual({ count: 2, cap: 500, note: expect.stringContaining("collector is off") });
    expect(body.store).toMatchObject({
      state: "open",
      engine: "embedded",
      reachable: true,
      jobs: 3,
      historySince: "2026-11-20T00:00:00.000Z",
      lastError: null,
    });
    expect(body.redis).toEqual({ state: "none", lastError: null });
    expect(body.collector).toMatchObject({ role: "off", lastPassAt: null });
    // The store's folder stays private.
    expect(JSON.stringify(body)).not.toContain(place.options.dataDir!);

    // The store stops answering: the page still gets its answer, the count is unknown, the error kept.
    const execute = vi.spyOn(store.db, "execute").mockRejectedValue(new Error("connection refused"));
    const down = await status();
    expect(down.status).toBe(200);
    expect(down.body.inProgress).toMatchObject({ count: null, note: expect.stringContaining("Unknown") });
    expect(down.body.store).toMatchObject({
      reachable: false,
      jobs: null,
      lastError: { message: "connection refused" },
    });
    execute.mockRestore();
    const back = await status();
    expect(back.body.store).toMatchObject({ reachable: true, lastError: { message: "connection refused" } });
    await closeStore();
  }, 60_000);
});
