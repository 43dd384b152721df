/**
 * Log lines for a request and for the Klaviyo call it caused, with planted secrets in every place a
 * careless logger would pick them up: the API key, a cookie, an Authorization header, passwords, the
 * metrics token. The lines must appear, tied by one request id; none of the secrets may.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobResource, jsonApi } from "@/lib/klaviyo/testing";
import { captureLogs } from "@/lib/observability/logger";

const PLANTED = {
  key: "pk_planted_log_key_9d2e",
  cookie: "planted-cookie-value-7f3a",
  authorization: "planted-bearer-5c1b",
  password: "planted-password-3e8d",
  wrongPassword: "planted-wrong-password-11aa",
  metricsToken: "planted-metrics-token-6b0c",
  secret: "planted-session-secret-of-32-characters-at-least",
};

let capture: ReturnType<typeof captureLogs>;
const seen: Request[] = [];

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", PLANTED.key);
  vi.stubEnv("KLAVIYO_BASE_URL", "https://a.klaviyo.com");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("DASHBOARD_PASSWORD", PLANTED.password);
  vi.stubEnv("SESSION_SECRET", PLANTED.secret);
  vi.stubEnv("METRICS_TOKEN", PLANTED.metricsToken);
  seen.length = 0;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request);
    // Klaviyo echoing the key must not carry it into a log line either.
    return jsonApi(
      { data: [jobResource()], links: { self: `https://a.klaviyo.com/?k=${PLANTED.key}`, next: null, prev: null } },
      { headers: { "x-echo": PLANTED.key } },
    );
  });
  capture = captureLogs("info");
});
afterEach(() => {
  capture.stop();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

async function routes() {
  (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
  return {
    list: (await import("./jobs/route")).GET,
    signIn: (await import("./auth/sign-in/route")).POST,
    scrape: (await import("./metrics/route")).GET,
  };
}

const withSecrets = (url: string, init: RequestInit = {}) =>
  new Request(url, {
    ...init,
    headers: {
      cookie: `bj_session=${PLANTED.cookie}; bj_device=${PLANTED.cookie}`,
      authorization: `Bearer ${PLANTED.authorization}`,
      ...(init.headers as Record<string, string>),
    },
  });

function expectNoSecrets(text: string) {
  for (const [what, value] of Object.entries(PLANTED)) expect(text, what).not.toContain(value);
}

describe("request and upstream log lines", () => {
  it("write one line per request and per Klaviyo call, with the caller's request id and no secrets", async () => {
    const { list } = await routes();
    const response = await list(
      withSecrets("http://localhost/api/jobs?type=item-create&status=processing&cursor=abc", {
        headers: { "x-request-id": "trace-abc-123" },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace-abc-123");
    // The key did go where it belongs.
    expect(seen[0]?.headers.get("authorization")).toBe(`Klaviyo-API-Key ${PLANTED.key}`);

    const lines = capture.lines();
    expect(lines.find((line) => line.event === "upstream")).toMatchObject({
      level: "info",
      requestId: "trace-abc-123",
      endpoint: "item-create:list",
      path: "/api/catalog-item-bulk-create-jobs",
      status: 200,
      attempt: 1,
      priority: "person",
      durationMs: expect.any(Number),
    });
    expect(lines.find((line) => line.event === "request")).toMatchObject({
      level: "info",
      requestId: "trace-abc-123",
      method: "GET",
      path: "/api/jobs",
      status: 200,
      durationMs: expect.any(Number),
    });
    expect(capture.text()).not.toContain("cursor=");
    expectNoSecrets(capture.text());
  });

  it("replaces a request id that is not a short token", async () => {
    const { list } = await routes();
    const given = `bad id with spaces ${"x".repeat(80)}`;
    const response = await list(
      withSecrets("http://localhost/api/jobs?type=variant-create", { headers: { "x-request-id": given } }),
    );
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const lines = capture.lines();
    expect(lines.map((line) => line.requestId)).toEqual(lines.map(() => id));
    expect(lines.map((line) => line.event).sort()).toEqual(["request", "upstream"]);
    expect(capture.text()).not.toContain("bad id");
  });

  it("logs sign-in refusals through the logger, never the password", async () => {
    const { signIn } = await routes();
    const form = (password: string) =>
      withSecrets("http://localhost/api/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "203.0.113.9" },
        body: new URLSearchParams({ password, next: "/jobs" }).toString(),
      });
    // Enough wrong guesses from one address to be throttled (README, "Deploying safely").
    let throttled = false;
    for (let i = 0; i < 12 && !throttled; i++) {
      const answer = await signIn(form(PLANTED.wrongPassword));
      throttled = /error=(throttled|busy)/.test(answer.headers.get("location") ?? "");
    }
    expect(throttled).toBe(true);
    const ok = await signIn(
      withSecrets("http://localhost/api/auth/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "198.51.100.7" },
        body: new URLSearchParams({ password: PLANTED.password, next: "/jobs" }).toString(),
      }),
    );
    expect(ok.headers.get("set-cookie")).toContain("bj_session=");

    const lines = capture.lines();
    expect(lines.find((line) => line.event === "sign_in_throttled")).toMatchObject({
      level: "warn",
      lane: expect.any(String),
      address: "203.0.113.9",
      user: "team",
      knownDevice: false,
      retryAfterSeconds: expect.any(Number),
      requestId: expect.any(String),
    });
    expect(
      lines.filter((line) => line.event === "request" && line.path === "/api/auth/sign-in").length,
    ).toBeGreaterThan(2);
    expectNoSecrets(capture.text());
  });

  it("logs a metrics scrape without its token", async () => {
    const { scrape } = await routes();
    const response = await scrape(
      new Request("http://localhost/api/metrics", { headers: { authorization: `Bearer ${PLANTED.metricsToken}` } }),
    );
    expect(response.status).toBe(200);
    expect(capture.lines().find((line) => line.event === "request")).toMatchObject({
      path: "/api/metrics",
      status: 200,
    });
    expectNoSecrets(capture.text());
  });
});
