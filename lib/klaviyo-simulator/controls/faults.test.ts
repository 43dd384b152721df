import { describe, expect, it } from "vitest";
import { JOB_TYPE_INFO } from "@/lib/job-types";
import { asErrors, call, frozenSimulator } from "@/lib/klaviyo-simulator/testing";
import { type FaultRule, faultRuleSchema } from "./faults";

const ITEMS = JOB_TYPE_INFO["item-create"].path;
const VARIANTS = JOB_TYPE_INFO["variant-create"].path;

describe("faults", () => {
  it("answer 5xx: JSON:API errors from Klaviyo for 500/503, HTML from the edge for 502/504/524", async () => {
    const sim = frozenSimulator();
    for (const status of [500, 502, 503, 504, 524] as const) {
      sim.faults.set({ endpoint: "*", kind: "status", status });
      const answer = await call(sim, ITEMS);
      expect(answer.status).toBe(status);
      if (status === 500 || status === 503) {
        expect(answer.headers.get("content-type")).toBe("application/vnd.api+json");
        expect(asErrors(answer).errors[0]?.status).toBe(status);
      } else {
        expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
        expect(answer.text).toMatch(/cloudflare/);
      }
    }
    sim.faults.set({ endpoint: "*", kind: "status", status: 503, retryAfter: 7 });
    expect((await call(sim, ITEMS)).headers.get("retry-after")).toBe("7");
  });

  it("throttle storms answer 429 throttled with Retry-After, counted in stats", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "item-create", kind: "throttle", retryAfter: 3 });
    const answer = await call(sim, ITEMS);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("3");
    expect(asErrors(answer).errors[0]).toMatchObject({
      code: "throttled",
      detail: "Request was throttled. Expected available in 3 seconds.",
    });
    expect((await call(sim, VARIANTS)).status).toBe(200);
    expect(sim.stats().endpoints[ITEMS]).toEqual({ requests: 1, throttled: 1 });
    expect(sim.stats().total).toEqual({ requests: 2, throttled: 1 });
  });

  it("answer a Cloudflare challenge as a 403 with an HTML body", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "*", kind: "html403" });
    const answer = await call(sim, ITEMS);
    expect(answer.status).toBe(403);
    expect(answer.headers.get("cf-mitigated")).toBe("challenge");
    expect(answer.json).toBeUndefined();
    expect(answer.text).toMatch(/^<!DOCTYPE html>/);
  });

  it("corrupt bodies: malformed or truncated JSON with the usual status and media type", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "item-create", kind: "malformed-json", remaining: 1 });
    const malformed = await call(sim, ITEMS);
    expect(malformed.status).toBe(200);
    expect(malformed.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(malformed.json).toBeUndefined();
    sim.faults.set({ endpoint: "item-create", kind: "truncated-json", remaining: 1 });
    const truncated = await call(sim, ITEMS);
    expect(truncated.json).toBeUndefined();
    const whole = await call(sim, ITEMS);
    expect(truncated.text.length).toBeLessThan(whole.text.length);
    expect(whole.text.startsWith(truncated.text)).toBe(true);
  });

  it("slow answers take at least the delay", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "*", kind: "slow", delayMs: 120 });
    const started = performance.now();
    expect((await call(sim, ITEMS)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it("a timeout hangs until the request is aborted, then rejects with the abort reason", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "*", kind: "timeout" });
    const controller = new AbortController();
    const pending = call(sim, ITEMS, { signal: controller.signal });
    const settled = await Promise.race([
      pending.then(
        () => "settled",
        () => "settled",
      ),
      new Promise((resolve) => setTimeout(resolve, 100, "hanging")),
    ]);
    expect(settled).toBe("hanging");
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });

  it("a timeout that nobody aborts ends as a 524 after its hang", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "*", kind: "timeout", hangMs: 30 });
    expect((await call(sim, ITEMS)).status).toBe(524);
  });

  it("apply per endpoint or operation, for a number of requests, replacing a rule of the same kind", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "item-create", operation: "get", kind: "status", status: 500 });
    expect((await call(sim, ITEMS)).status).toBe(200);
    const id = sim.store.listJobs("item-create")[0]!.id;
    expect((await call(sim, `${ITEMS}/${id}`)).status).toBe(500);

    sim.faults.clear();
    sim.faults.set({ endpoint: "*", kind: "status", status: 503, remaining: 2 });
    sim.faults.set({ endpoint: "variant-create", kind: "status", status: 502 });
    expect((await call(sim, VARIANTS)).status).toBe(502); // kind-specific rules come first
    expect((await call(sim, ITEMS)).status).toBe(503);
    expect((await call(sim, ITEMS)).status).toBe(503);
    expect((await call(sim, ITEMS)).status).toBe(200); // the 503 rule is used up
    expect(sim.faults.list().map((fault) => fault.rule)).toEqual([
      { endpoint: "variant-create", kind: "status", status: 502 },
    ]);

    sim.faults.set({ endpoint: "variant-create", kind: "status", status: 504 });
    expect(sim.faults.list()).toHaveLength(1);
    expect((await call(sim, VARIANTS)).status).toBe(504);
  });

  it("validate rules", () => {
    const bad: unknown[] = [
      { endpoint: "items", kind: "status", status: 500 },
      { endpoint: "*", kind: "status", status: 501 },
      { endpoint: "*", kind: "slow" },
      { endpoint: "*", kind: "slow", delayMs: -1 },
      { endpoint: "*", kind: "explode" },
      { endpoint: "*", kind: "html403", remaining: 0 },
      { endpoint: "*", kind: "html403", extra: true },
    ];
    for (const rule of bad) expect(faultRuleSchema.safeParse(rule).success, JSON.stringify(rule)).toBe(false);
    const sim = frozenSimulator();
    expect(() => sim.faults.set({ endpoint: "*", kind: "status", status: 418 } as unknown as FaultRule)).toThrow();
  });
});
