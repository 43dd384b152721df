/**
 * GET /api/ready against a real embedded store: 200 while the store answers and the collector is
 * well; 503 with the reason when the store stops answering or was never opened.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";

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
  vi.stubEnv("DATA_DIR", place.options.dataDir!);
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
});

async function ready(): Promise<{
  status: number;
  body: { ok: boolean; reasons: string[]; store: { state: string } };
}> {
  const { GET } = await import("./ready/route");
  const response = await GET(new Request("http://localhost/api/ready"));
  return { status: response.status, body: await response.json() };
}

describe("GET /api/ready", () => {
  it("is 503 while the store is not open, then 200; and 503 again when the store stops answering", async () => {
    const before = await ready();
    expect(before.status).toBe(503);
    expect(before.body.reasons).toEqual(["the store is still opening"]);

    const { closeStore, startStore } = await import("@/lib/store/shared");
    const store: Store = await startStore();
    const open = await ready();
    expect(open).toMatchObject({ status: 200, body: { ok: true, reasons: [], store: { state: "open" } } });
    expect(JSON.stringify(open.body)).not.toContain(place.options.dataDir!);

    // The store goes away underneath (as a PostgreSQL server can): its queries fail.
    const execute = vi.spyOn(store.db, "execute").mockRejectedValue(new Error("connection refused"));
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.reasons).toEqual(["the store does not answer: connection refused"]);
    execute.mockRestore();
    expect((await ready()).status).toBe(200);
    await closeStore();
  }, 60_000);
});
