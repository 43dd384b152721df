/**
 * Several accounts, through the route handlers as functions: the account the proxy names in its
 * header decides whose Klaviyo client (here each account's own in-process simulator, seeded apart)
 * and whose limiter budget answer; without the header it is the default (first) account.
 */
import Redis from "ioredis";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACCOUNT_HEADER } from "@/lib/accounts/path";
import { limiterKeyPrefix } from "@/lib/klaviyo/assemble";
import type { Simulator } from "@/lib/klaviyo-simulator";
import type { JobPage } from "@/lib/types";

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

const REDIS = process.env.REDIS_URL;

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("KLAVIYO_ACCOUNTS", "brand-a:simulator,brand-b:simulator:7");
  vi.stubEnv("SIMULATOR_SEED", "42");
  vi.stubEnv("COLLECTOR", "off");
  request.headers = new Headers();
});
afterEach(async () => {
  (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
  vi.unstubAllEnvs();
});

async function list(account: string | null): Promise<Response> {
  request.headers = new Headers(account ? { [ACCOUNT_HEADER]: account } : {});
  (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
  const { GET } = await import("./jobs/route");
  return GET(new Request("http://localhost/api/jobs?type=item-create"));
}

/** Every item-create job the account's own in-process simulator holds. */
async function heldBy(account: string, seed: number): Promise<Set<string>> {
  const { getSimulator } = await import("@/lib/klaviyo/simulator-singleton");
  const simulator = getSimulator(seed, `pk_simulator_in_process_${account}`) as unknown as Simulator;
  return new Set(
    simulator.store
      .listAllJobs()
      .filter((job) => job.type === "item-create")
      .map((job) => job.id),
  );
}

describe("the account of a request", () => {
  it("lists the named account's jobs, and the default account's without a name", async () => {
    const a = (await (await list("brand-a")).json()) as JobPage;
    const b = (await (await list("brand-b")).json()) as JobPage;
    const none = (await (await list(null)).json()) as JobPage;
    const ids = (page: JobPage) => page.jobs.map((job) => job.id);
    const [ofA, ofB] = [await heldBy("brand-a", 42), await heldBy("brand-b", 7)];
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(b).length).toBeGreaterThan(0);
    expect(ids(a).filter((id) => !ofA.has(id) || ofB.has(id))).toEqual([]);
    expect(ids(b).filter((id) => !ofB.has(id) || ofA.has(id))).toEqual([]);
    expect(ids(none)).toEqual(ids(a));
  });

  it("answers 404 for a name that is not configured, and calls no Klaviyo", async () => {
    const response = await list("brand-z");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });

  it.skipIf(!REDIS)("spends each account's own budget in the shared limiter", async () => {
    vi.stubEnv("REDIS_URL", REDIS!);
    const redis = new Redis(REDIS!);
    const prefixes = ["brand-a", "brand-b"].map((name) => limiterKeyPrefix(`pk_simulator_in_process_${name}`));
    try {
      for (const prefix of prefixes) {
        for (const key of await redis.keys(`${prefix}*`)) await redis.del(key);
      }
      // Until Redis is ready the limiter counts in this process alone (./door connects at start).
      (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
      const { redisState } = await import("@/lib/klaviyo/door");
      await expect.poll(() => redisState()).toBe("ready");
      request.headers = new Headers({ [ACCOUNT_HEADER]: "brand-b" });
      const { GET } = await import("./jobs/route");
      expect((await GET(new Request("http://localhost/api/jobs?type=item-create"))).status).toBe(200);
      expect(await redis.keys(`${prefixes[0]}:burst*`)).toEqual([]);
      expect((await redis.keys(`${prefixes[1]}:burst*`)).length).toBeGreaterThan(0);
      request.headers = new Headers({ [ACCOUNT_HEADER]: "brand-a" });
      expect((await GET(new Request("http://localhost/api/jobs?type=item-create"))).status).toBe(200);
      expect((await redis.keys(`${prefixes[0]}:burst*`)).length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});

afterAll(() => vi.doUnmock("next/headers"));
