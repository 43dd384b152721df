import { describe, expect, it } from "vitest";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { asErrors, asOne, call, frozenSimulator, TEST_KEY } from "@/lib/klaviyo-simulator/testing";

const ITEM_CREATE = JOB_TYPE_INFO["item-create"].path;

describe("headers Klaviyo requires", () => {
  it("answer 401 with Klaviyo's body for a missing or malformed Authorization", async () => {
    const sim = frozenSimulator();
    const missing = await call(sim, ITEM_CREATE, { headers: { authorization: null } });
    expect(missing.status).toBe(401);
    expect(asErrors(missing).errors[0]).toMatchObject({ status: 401, code: "not_authenticated" });
    for (const authorization of ["Bearer pk_abcdef123456", "Klaviyo-API-Key", "Klaviyo-API-Key sk_abcdef123456"]) {
      const answer = await call(sim, ITEM_CREATE, { headers: { authorization } });
      expect(answer.status, authorization).toBe(401);
      expect(answer.headers.get("content-type")).toBe("application/vnd.api+json");
    }
  });

  it("accept only the configured key when started with one", async () => {
    const sim = frozenSimulator({ apiKey: TEST_KEY });
    expect((await call(sim, ITEM_CREATE)).status).toBe(200);
    const other = await call(sim, ITEM_CREATE, { headers: { authorization: "Klaviyo-API-Key pk_someone_else_1234" } });
    expect(other.status).toBe(401);
    expect(asErrors(other).errors[0]?.code).toBe("authentication_failed");
  });

  it("require the revision header", async () => {
    const sim = frozenSimulator();
    for (const revision of [null, "", "yesterday", "2026-13-01", "2026-07-16"]) {
      const answer = await call(sim, ITEM_CREATE, { headers: { revision } });
      expect(answer.status, String(revision)).toBe(400);
      expect(asErrors(answer).errors[0]).toMatchObject({ code: "invalid", source: { parameter: "revision" } });
    }
  });

  it("serve 2026-10-15 as itself, with the same job documents as 2026-07-15", async () => {
    const sim = frozenSimulator();
    const job = sim.store.listJobs("item-create")[0]!;
    for (const path of [ITEM_CREATE, `${ITEM_CREATE}/${job.id}?include=items`]) {
      const newest = await call(sim, path, { headers: { revision: "2026-10-15" } });
      const previous = await call(sim, path, { headers: { revision: "2026-07-15" } });
      expect(newest.status, path).toBe(200);
      expect(newest.headers.get("x-simulator-revision-served")).toBe("2026-10-15");
      expect(previous.headers.get("x-simulator-revision-served")).toBe("2026-07-15");
      expect(newest.json).toBeDefined();
      expect(newest.json).toEqual(previous.json);
    }
  });

  it("fall a retired revision forward to the modern shape, or answer 410 on opt-out", async () => {
    const sim = frozenSimulator();
    const job = sim.store.listJobs("item-create")[0]!;
    const old = await call(sim, `${ITEM_CREATE}/${job.id}`, { headers: { revision: "2023-02-22" } });
    expect(old.status).toBe(200);
    expect(old.headers.get("x-simulator-revision-served")).toBe("2025-01-15");
    const body = asOne(old);
    expect(body.data.id).toBe(job.id);
    expect(body.data.attributes).not.toHaveProperty("job_id");
    expect(body.links).toBeUndefined(); // get-one links.self arrived in 2026-01-15
    const idField = await call(sim, `${ITEM_CREATE}?fields[catalog-item-bulk-create-job]=id`, {
      headers: { revision: "2023-02-22" },
    });
    expect(idField.status).toBe(400); // `id` joined the fields enum in 2026-04-15
    const optOut = await call(sim, ITEM_CREATE, {
      headers: { revision: "2023-02-22", "x-klaviyo-revision-fall-forward-opt-out": "1" },
    });
    expect(optOut.status).toBe(410);
    expect(asErrors(optOut).errors[0]?.code).toBe("gone");
  });

  it("answer 405 to writes and 404 to unknown paths", async () => {
    const sim = frozenSimulator();
    const post = await call(sim, ITEM_CREATE, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    const unknown = await call(sim, "/api/catalog-items");
    expect(unknown.status).toBe(404);
    expect(asErrors(unknown).errors[0]?.code).toBe("not_found");
  });
});

describe("rate limits", () => {
  it("send RateLimit-* headers of the steady window on every non-429 answer", async () => {
    const sim = frozenSimulator();
    const ok = await call(sim, ITEM_CREATE);
    expect([ok.headers.get("ratelimit-limit"), ok.headers.get("ratelimit-remaining")]).toEqual(["750", "749"]);
    expect(Number(ok.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    const bad = await call(sim, `${ITEM_CREATE}?filter=x`);
    expect(bad.headers.get("ratelimit-remaining")).toBe("748");
    const xl = await call(sim, "/api/catalog-item-bulk-delete-jobs");
    expect(xl.headers.get("ratelimit-limit")).toBe("3500");
  });

  it("throttle past 75/s per key and endpoint with 429 throttled and an integer Retry-After only", async () => {
    const sim = frozenSimulator();
    const job = sim.store.listJobs("item-create")[0]!;
    const path = `${ITEM_CREATE}/${job.id}?fields[catalog-item-bulk-create-job]=status`;
    for (let i = 0; i < 75; i++) expect((await call(sim, path)).status).toBe(200);
    const throttled = await call(sim, path);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(throttled.headers.get("ratelimit-limit")).toBeNull();
    expect(asErrors(throttled).errors[0]).toMatchObject({
      status: 429,
      code: "throttled",
      title: "Request was throttled.",
    });
    expect((await call(sim, ITEM_CREATE)).status).toBe(200); // the list is another endpoint
    const otherKey = await call(sim, path, { headers: { authorization: "Klaviyo-API-Key pk_another_account_1" } });
    expect(otherKey.status).toBe(200);
    sim.clock.advance(1_000);
    expect((await call(sim, path)).status).toBe(200);
    expect(sim.stats().endpoints[`${ITEM_CREATE}/{id}`]).toEqual({ requests: 78, throttled: 1 });
  });

  it("are off with rateLimits: false", async () => {
    const sim = frozenSimulator({ rateLimits: false });
    for (let i = 0; i < 80; i++)
      expect((await call(sim, `${ITEM_CREATE}?fields[catalog-item-bulk-create-job]=status`)).status).toBe(200);
  });
});
