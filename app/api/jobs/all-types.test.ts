/**
 * GET /api/jobs?type=all against a real embedded store: a page of every type from the history, with
 * its freshness; bad input refused; no store, or one that fails, is a 503 in plain words.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";
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
}, 60_000);

afterAll(async () => {
  const { adoptStore } = await import("@/lib/store/shared");
  adoptStore(null);
  await store?.close();
  await place?.remove();
  rmSync(`${place.options.dataDir}-broken`, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

async function get(query: string) {
  const { GET } = await import("./route");
  const response = await GET(new Request(`http://localhost/api/jobs?${query}`));
  return { status: response.status, body: await response.json() };
}

const job = (type: Job["type"], id: string, minute: number, status = "complete"): Job => ({
  type,
  id,
  status,
  createdAt: new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString(),
  completedAt: null,
  expiresAt: null,
  totalCount: 5,
  completedCount: 5,
  failedCount: 0,
  errors: [],
  relatedIds: [],
});

describe("GET /api/jobs?type=all", () => {
  it("is a 503 in plain words while there is no store, and when the store fails", async () => {
    const { adoptStore } = await import("@/lib/store/shared");
    adoptStore(null);
    const none = await get("type=all");
    expect(none.status).toBe(503);
    expect(none.body.error.code).toBe("store_unavailable");
    expect(none.body.error.message).toMatch(/job history/);

    const broken = await place.open({ dataDir: `${place.options.dataDir}-broken` });
    await broken.close();
    adoptStore(broken);
    const failing = await get("type=all&status=complete");
    expect(failing.status).toBe(503);
    expect(failing.body.error).toEqual({
      code: "store_unavailable",
      message: "The job history did not answer: try again in a moment.",
    });
    adoptStore(null);
  }, 60_000);

  it("answers a page of every type from the history, newest first, with how fresh it is", async () => {
    const { adoptStore } = await import("@/lib/store/shared");
    const { recordJobs, setMeta } = await import("@/lib/store/jobs");
    adoptStore(store);
    await recordJobs(
      store.db,
      "default",
      [job("item-create", "a1", 1), job("variant-delete", "a2", 3, "queued"), job("category-update", "a3", 2)],
      new Date("2026-12-01T11:00:00Z"),
    );
    await recordJobs(store.db, "key-other", [job("item-create", "b1", 9)], new Date("2026-12-01T11:00:00Z"));
    await setMeta(store.db, "last_pass:default", "2026-12-01T11:00:00.000Z");
    await setMeta(store.db, "history_since:default", "2026-11-01T00:00:00.000Z");

    const all = await get("type=all");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      type: "all",
      status: null,
      nextCursor: null,
      prevCursor: null,
      history: { asOf: "2026-12-01T11:00:00.000Z", since: "2026-11-01T00:00:00.000Z" },
    });
    expect(all.body.jobs.map((j: Job) => [j.type, j.id])).toEqual([
      ["variant-delete", "a2"],
      ["category-update", "a3"],
      ["item-create", "a1"],
    ]);
    const complete = await get("type=all&status=complete");
    expect(complete.body.jobs.map((j: Job) => j.id)).toEqual(["a3", "a1"]);
    expect(complete.body.status).toBe("complete");
  });

  it.each([
    ["type=all&cursor=%3Cscript%3E", /cursor/],
    ["type=all&status=failed", /status/],
    ["type=everything", /type must be all, one of/],
    ["type=item-create,bogus", /several of them separated by commas/],
    ["type=all&from=2026-02-30", /from: "2026-02-30" is not a date/],
    ["type=all&from=yesterday", /from: .* is not a date/],
    ["type=all&from=2026-12-05&to=2026-12-01", /from: is after to/],
    ["type=item-create&to=2026-12-01T10:00:00", /to: .*ISO time with Z or an offset/],
    ["type=all&failed=yes", /failed: must be 1/],
    ["type=all&rate=0", /rate: must be a percentage above 0/],
    ["type=all&rate=150", /rate: must be a percentage/],
    ["type=all&rate=abc", /rate: must be a percentage/],
    ["type=all&order=oldest", /order: must be one of newest, failed, rate/],
    ["type=all&from=2026-12-01&from=2026-12-02", /repeated/],
  ])("refuses %s with a 400", async (query, message) => {
    const answer = await get(query);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("bad_request");
    expect(answer.body.error.message).toMatch(message);
  });

  it("answers several types, a window with failures, an order, and a foreign cursor with the first page", async () => {
    const { adoptStore } = await import("@/lib/store/shared");
    const { recordJobs } = await import("@/lib/store/jobs");
    adoptStore(store);
    const failing = (type: Job["type"], id: string, minute: number, failed: number, total = 10): Job => ({
      ...job(type, id, minute),
      createdAt: new Date(Date.UTC(2026, 11, 3, 10, minute)).toISOString(),
      totalCount: total,
      completedCount: total - failed,
      failedCount: failed,
    });
    await recordJobs(
      store.db,
      "default",
      [
        failing("item-update", "f1", 1, 2),
        failing("variant-update", "f2", 2, 9),
        failing("item-update", "f3", 3, 0),
        failing("category-delete", "f4", 4, 5, 5),
      ],
      new Date("2026-12-03T11:00:00Z"),
    );
    const several = await get("type=variant-update,item-update&from=2026-12-03&to=2026-12-03&failed=1");
    expect(several.status).toBe(200);
    expect(several.body.type).toBe("item-update,variant-update");
    expect(several.body.jobs.map((j: Job) => j.id)).toEqual(["f2", "f1"]);

    const byRate = await get("type=all&from=2026-12-03T00:00:00Z&order=rate");
    expect(byRate.body.jobs.map((j: Job) => j.id)).toEqual(["f4", "f2", "f1", "f3"]);
    expect(byRate.body.order).toBe("rate");

    // One type with a history-only filter reads the history too.
    const one = await get("type=item-update&failed=1");
    expect(one.body).toHaveProperty("history");
    expect(one.body.jobs.map((j: Job) => j.id)).toEqual(["f1"]);

    // Klaviyo's cursor from an old bookmark, or another order's: the first page, with a note.
    const foreign = await get("type=all&from=2026-12-03&order=failed&cursor=bm90LWEtY3Vyc29y");
    expect(foreign.status).toBe(200);
    expect(foreign.body.jobs.map((j: Job) => j.id)).toEqual(["f2", "f4", "f1", "f3"]);
    expect(foreign.body.note).toMatch(/first page/);
  });

  it("exports the whole filtered list in its order as CSV and JSON, and refuses what it cannot export", async () => {
    const { GET } = await import("./export/route");
    const call = (query: string) => GET(new Request(`http://localhost/api/jobs/export?${query}`));
    const csv = await call("type=all&from=2026-12-03&order=failed&format=csv&cursor=anything");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="jobs-failed.csv"');
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("type,id,status,createdAt,completedAt,totalCount,completedCount,failedCount,failureRate");
    expect(lines.slice(1).map((line) => line.split(",")[1])).toEqual(["f2", "f4", "f1", "f3"]);
    const json = await call("type=all&from=2026-12-03&failed=1&format=json");
    const rows = (await json.json()) as { id: string; failureRate: number }[];
    expect(rows.map((r) => [r.id, r.failureRate])).toEqual([
      ["f4", 1],
      ["f2", 0.9],
      ["f1", 0.2],
    ]);
    for (const [query, message] of [
      ["type=all&format=xml", /format must be one of csv, json/],
      ["type=item-create", /export covers lists read from the job history/],
      ["type=all&rate=500", /rate: must be a percentage/],
    ] as const) {
      const answer = await call(query);
      expect(answer.status).toBe(400);
      expect((await answer.json()).error.message).toMatch(message);
    }
  });

  it("still reads one type from Klaviyo", async () => {
    const answer = await get("type=variant-create&status=complete");
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe("variant-create");
    expect(answer.body).not.toHaveProperty("history");
  });
});
