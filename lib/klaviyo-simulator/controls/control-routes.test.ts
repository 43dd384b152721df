import { describe, expect, it } from "vitest";
import { ANCHOR, call, frozenSimulator } from "@/lib/klaviyo-simulator/testing";

const NO_AUTH = { authorization: null, revision: null };

async function post(sim: ReturnType<typeof frozenSimulator>, path: string, body: unknown) {
  return call(sim, path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { ...NO_AUTH, "content-type": "application/json" },
  });
}

describe("/__simulator control routes", () => {
  it("report requests and 429s per endpoint, without auth", async () => {
    const sim = frozenSimulator();
    await call(sim, "/api/catalog-item-bulk-create-jobs");
    await call(sim, "/api/catalog-item-bulk-create-jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV");
    await call(sim, "/api/unknown");
    const stats = await call(sim, "/__simulator/stats", { headers: NO_AUTH });
    expect(stats.status).toBe(200);
    const body = stats.json as {
      total: { requests: number; throttled: number };
      endpoints: Record<string, { requests: number }>;
    };
    expect(body.total).toEqual({ requests: 3, throttled: 0 });
    expect(body.endpoints["/api/catalog-item-bulk-create-jobs"]).toEqual({ requests: 1, throttled: 0 });
    expect(body.endpoints["/api/catalog-item-bulk-create-jobs/{id}"]).toEqual({ requests: 1, throttled: 0 });
    expect(Object.keys(body.endpoints)).toHaveLength(18);
  });

  it("move, set and scale the clock", async () => {
    const sim = frozenSimulator();
    const advanced = await post(sim, "/__simulator/clock", { advanceMs: 60_000 });
    expect(advanced.json).toMatchObject({ now: ANCHOR + 60_000, scale: 0 });
    await post(sim, "/__simulator/clock", { set: ANCHOR, scale: 2 });
    expect(sim.clock.getScale()).toBe(2);
    expect(sim.clock.now()).toBeGreaterThanOrEqual(ANCHOR);
    for (const body of [{}, { advanceMs: "soon" }, { scale: -1 }, { warp: 9 }]) {
      expect((await post(sim, "/__simulator/clock", body)).status, JSON.stringify(body)).toBe(400);
    }
    const notJson = await call(sim, "/__simulator/clock", { method: "POST", body: "{", headers: NO_AUTH });
    expect(notJson.status).toBe(400);
  });

  it("add, list and clear faults", async () => {
    const sim = frozenSimulator();
    const added = await post(sim, "/__simulator/faults", { endpoint: "*", kind: "status", status: 503, remaining: 1 });
    expect(added.status).toBe(201);
    expect((await call(sim, "/api/catalog-item-bulk-create-jobs")).status).toBe(503);
    expect((await call(sim, "/api/catalog-item-bulk-create-jobs")).status).toBe(200);

    await post(sim, "/__simulator/faults", { endpoint: "item-create", kind: "html403" });
    const listed = await call(sim, "/__simulator/faults", { headers: NO_AUTH });
    expect((listed.json as { faults: unknown[] }).faults).toHaveLength(1);
    expect((await call(sim, "/__simulator/faults", { method: "DELETE", headers: NO_AUTH })).status).toBe(200);
    expect(sim.faults.list()).toEqual([]);

    const bad = await post(sim, "/__simulator/faults", { endpoint: "*", kind: "status", status: 418 });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { message: "invalid fault rule" } });
  });

  it("reset faults, stats and rate-limit windows", async () => {
    const sim = frozenSimulator();
    const path = "/api/catalog-item-bulk-create-jobs?fields[catalog-item-bulk-create-job]=status";
    for (let i = 0; i < 75; i++) await call(sim, path);
    expect((await call(sim, path)).status).toBe(429);
    sim.faults.set({ endpoint: "variant-create", kind: "html403" });
    expect((await post(sim, "/__simulator/reset", {})).status).toBe(200);
    expect((await call(sim, path)).status).toBe(200);
    expect(sim.faults.list()).toEqual([]);
    expect(sim.stats().total).toEqual({ requests: 1, throttled: 0 });
  });

  it("answer 404 and 405 for routes and methods they do not have", async () => {
    const sim = frozenSimulator();
    expect((await call(sim, "/__simulator/nothing", { headers: NO_AUTH })).status).toBe(404);
    expect((await call(sim, "/__simulator/stats", { method: "DELETE", headers: NO_AUTH })).status).toBe(405);
    expect((await call(sim, "/__simulator/health", { headers: NO_AUTH })).json).toMatchObject({ ok: true, seed: 42 });
  });
});
