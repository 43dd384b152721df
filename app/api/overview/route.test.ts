/**
 * `GET /api/overview` called as a function: the window is checked before anything is read, and every
 * configured account answers in configured order (here with no store open: each says the history is
 * not answering rather than showing zeros). No Klaviyo client is ever built.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Overview } from "@/lib/overview/answer";

const door = vi.hoisted(() => ({ clientsBuilt: 0 }));
vi.mock("@/lib/klaviyo/door", async (original) => {
  const real = await original<typeof import("@/lib/klaviyo/door")>();
  return {
    ...real,
    getKlaviyoClient: (...args: Parameters<typeof real.getKlaviyoClient>) => {
      door.clientsBuilt += 1;
      return real.getKlaviyoClient(...args);
    },
  };
});

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("KLAVIYO_ACCOUNTS", "brand-a:simulator,brand-b:simulator:7");
  vi.stubEnv("COLLECTOR", "off");
  vi.stubEnv("REDIS_URL", "");
  door.clientsBuilt = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function GET(search: string): Promise<Response> {
  const { GET: get } = await import("./route");
  return get(new Request(`http://localhost/api/overview${search}`));
}

describe("GET /api/overview", () => {
  it.each([["?window=30d"], ["?window=24"], ["?hours=24"], ["?window=1h&window=6h"]])(
    "refuses %s with a 400 envelope",
    async (search) => {
      const response = await GET(search);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toMatch(/window|parameter/);
    },
  );

  it("answers every configured account in order, each saying when the history cannot speak", async () => {
    const response = await GET("?window=6h");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Overview;
    expect(body.window).toBe("6h");
    expect(body.accounts.map((a) => [a.name, a.prefix])).toEqual([
      ["brand-a", "/a/brand-a"],
      ["brand-b", "/a/brand-b"],
    ]);
    for (const account of body.accounts) {
      expect(account.history).toMatchObject({ state: "none", reason: "store-down" });
      expect(account.totals).toBeNull();
    }
    expect(door.clientsBuilt).toBe(0);
  });
});
