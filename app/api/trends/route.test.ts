/**
 * GET /api/trends against a real embedded store: the day's figures as JSON and as downloads, bad input
 * refused with a 400 envelope, and a 503 in plain words without a store.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { recordJobs } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";
import type { TrendsAnswer } from "@/lib/trends/answer";
import type { Job } from "@/lib/types";

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
  store = await place.open();
  const job = (id: string, createdAt: string, type: Job["type"], total: number, failed: number): Job => ({
    type,
    id,
    status: "complete",
    createdAt,
    completedAt: createdAt,
    expiresAt: null,
    totalCount: total,
    completedCount: total - failed,
    failedCount: failed,
    errors: Array.from({ length: failed }, (_, i) => ({
      id: `${id}-${i}`,
      code: "invalid",
      title: "Invalid input.",
      detail: "'price' must be a number",
      pointer: `/data/${i}/attributes/price`,
    })),
    relatedIds: [],
  });
  await recordJobs(
    store.db,
    "default",
    [
      job("a1", "2026-11-02T08:00:00Z", "item-create", 100, 4),
      job("a2", "2026-11-02T09:00:00Z", "item-update", 50, 0),
      job("a3", "2026-11-03T09:00:00Z", "item-create", 20, 1),
    ],
    new Date("2026-11-04T00:00:00Z"),
  );
  const { adoptStore } = await import("@/lib/store/shared");
  adoptStore(store);
}, 60_000);

afterAll(async () => {
  const { adoptStore } = await import("@/lib/store/shared");
  adoptStore(null);
  await store?.close();
  await place?.remove();
  vi.unstubAllEnvs();
});

async function get(query: string) {
  const { GET } = await import("./route");
  return GET(new Request(`http://localhost/api/trends?${query}`));
}

describe("GET /api/trends", () => {
  it("answers each day's jobs, operations and failure rate from the store", async () => {
    const response = await get("from=2026-11-01&to=2026-11-03");
    expect(response.status).toBe(200);
    const body = (await response.json()) as TrendsAnswer;
    expect(body.days.map((d) => [d.day, d.jobs, d.operations, d.failed, d.failureRate])).toEqual([
      ["2026-11-01", 0, 0, 0, null],
      ["2026-11-02", 2, 150, 4, 4 / 150],
      ["2026-11-03", 1, 20, 1, 0.05],
    ]);
    expect(body.days[1]!.byType["item-create"]).toEqual({ jobs: 1, operations: 100 });
    expect(body.days[1]!.byType["item-update"]).toEqual({ jobs: 1, operations: 50 });
    expect(body.errorGroups).toEqual([
      expect.objectContaining({ code: "invalid", field: "price", entries: 5, perDay: [0, 4, 1], isNew: true }),
    ]);
    expect(body).toMatchObject({ from: "2026-11-01", to: "2026-11-03", zone: "UTC", cap: 500 });
  });

  it("downloads the days as CSV, and the whole answer as JSON", async () => {
    const csv = await get("from=2026-11-02&to=2026-11-03&format=csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain('filename="trends-2026-11-02-to-2026-11-03.csv"');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^day,jobs,operations,failed,failure_rate,in_progress_peak,jobs_item-create,/);
    expect(lines[1]).toMatch(/^2026-11-02,2,150,4,0\.026667,,1,100,1,50,/);
    expect(lines).toHaveLength(3);
    const json = await get("from=2026-11-02&to=2026-11-03&format=json");
    expect(json.headers.get("content-disposition")).toContain(".json");
    const body = (await json.json()) as TrendsAnswer;
    expect(body.days).toHaveLength(2);
  });

  it("refuses bad input with a 400 envelope", async () => {
    for (const query of ["from=2026-11-05&to=2026-11-01", "from=2024-01-01&to=2026-01-01", "from=yesterday", "x=1"]) {
      const response = await get(query);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("bad_request");
      expect(typeof body.error.message).toBe("string");
    }
  });

  it("is a 503 in plain words without a store", async () => {
    const { adoptStore } = await import("@/lib/store/shared");
    adoptStore(null);
    try {
      const response = await get("from=2026-11-01&to=2026-11-03");
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe("store_unavailable");
    } finally {
      adoptStore(store);
    }
  });
});
