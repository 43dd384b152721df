/** The route handlers wired to the real in-process simulator singleton (no KLAVIYO_API_KEY). */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JobDetail, JobPage } from "@/lib/types";

beforeAll(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("SIMULATOR_SEED", "11");
});
afterAll(() => vi.unstubAllEnvs());

describe("routes on the built-in simulator", () => {
  it("serves a list, a job from it, and 404 for an unknown id", async () => {
    (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
    const list = (await import("./jobs/route")).GET;
    const one = (await import("./jobs/[type]/[id]/route")).GET;
    const health = (await import("./health/route")).GET;
    expect(await (await health(new Request("http://localhost/api/health"))).json()).toEqual({
      ok: true,
      upstream: "simulator",
    });

    const listed = await list(new Request("http://localhost/api/jobs?type=variant-create"));
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as JobPage;
    expect(page.jobs.length).toBeGreaterThan(0);
    expect(page.nextCursor).toMatch(/^[A-Za-z0-9_\-=.~]+$/);

    const id = page.jobs[0]!.id;
    const opened = await one(new Request(`http://localhost/api/jobs/variant-create/${id}`), {
      params: Promise.resolve({ type: "variant-create", id }),
    });
    expect(opened.status).toBe(200);
    const detail = (await opened.json()) as JobDetail;
    expect(detail.job.id).toBe(id);
    expect(detail.included.every((r) => r.type === "catalog-variant")).toBe(true);

    const missing = await one(new Request("http://localhost/api/jobs/variant-create/01NOPE"), {
      params: Promise.resolve({ type: "variant-create", id: "01NOPE" }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });

    const next = await list(new Request(`http://localhost/api/jobs?type=variant-create&cursor=${page.nextCursor}`));
    expect(((await next.json()) as JobPage).prevCursor).not.toBeNull();
  });
});
