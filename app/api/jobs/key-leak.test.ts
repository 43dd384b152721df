/**
 * A planted key must never come back out: not in a response body or header, not in an error message,
 * not in a log line, whatever Klaviyo (here a stubbed global fetch) answers or echoes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jobResource, jsonApi } from "@/lib/klaviyo/testing";
import { captureLogs } from "@/lib/observability/logger";

const PLANTED = "pk_planted_secret_123";

type Answer = (request: Request) => Response | Promise<Response>;
let answer: Answer;
const seen: Request[] = [];

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv("KLAVIYO_API_KEY", PLANTED);
  vi.stubEnv("KLAVIYO_BASE_URL", "https://a.klaviyo.com");
  vi.stubEnv("REDIS_URL", "");
  seen.length = 0;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push(request);
    return answer(request);
  });
});
let capture: ReturnType<typeof captureLogs> | undefined;
afterEach(() => {
  capture?.stop();
  capture = undefined;
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function load() {
  (await import("@/lib/klaviyo/door")).resetKlaviyoClient();
  return {
    list: (await import("./route")).GET,
    one: (await import("./[type]/[id]/route")).GET,
    lib: await import("@/lib/klaviyo"),
  };
}

const echoing = (status: number) => () =>
  jsonApi(
    {
      errors: [
        { status, code: "echo", title: `title ${PLANTED}`, detail: `Authorization: Klaviyo-API-Key ${PLANTED}` },
      ],
    },
    { status, headers: { "x-echo": PLANTED } },
  );

const scenarios: Array<[string, Answer]> = [
  [
    "a good answer",
    () =>
      jsonApi({
        data: [jobResource()],
        links: { self: `https://a.klaviyo.com/?k=${PLANTED}`, next: null, prev: null },
      }),
  ],
  ["a 400 echoing the key", echoing(400)],
  ["a 401 echoing the key", echoing(401)],
  ["a 404 echoing the key", echoing(404)],
  ["a 500 echoing the key", echoing(500)],
  ["a 503 echoing the key", echoing(503)],
  [
    "an HTML page with the key",
    () => new Response(`<html>${PLANTED}</html>`, { status: 403, headers: { "content-type": "text/html" } }),
  ],
  ["malformed JSON with the key", () => new Response(`{"key": "${PLANTED}"`, { status: 200 })],
  [
    "a wrong shape keyed by the key",
    () => jsonApi({ data: [{ ...jobResource(), relationships: { [PLANTED]: { data: 7 } } }] }),
  ],
  ["a network error naming the key", () => Promise.reject(new TypeError(`connect failed for ${PLANTED}`))],
  [
    "an unexpected exception naming the key",
    () => {
      throw new RangeError(`boom ${PLANTED}`);
    },
  ],
];

describe("the API key never leaves the server", () => {
  it.each(scenarios)("after %s", async (_label, next) => {
    answer = next;
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
    capture = captureLogs();
    const { list, one, lib } = await load();
    // Retry backoffs run on fake timers: the scenarios that retry would otherwise sleep for seconds.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const settle = async <T>(promise: Promise<T>): Promise<T> => {
      await vi.runAllTimersAsync();
      return promise;
    };

    const responses = [
      await settle(list(new Request("http://localhost/api/jobs?type=item-create&cursor=abc"))),
      await settle(
        one(new Request("http://localhost/api/jobs/item-create/01ABC"), {
          params: Promise.resolve({ type: "item-create", id: "01ABC" }),
        }),
      ),
    ];
    for (const response of responses) {
      expect(await response.text()).not.toContain(PLANTED);
      for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toContain(PLANTED);
    }
    const thrown = await settle(
      lib.getJob({ type: "variant-delete", id: "01XYZ" }).then(
        () => null,
        (error: unknown) => error,
      ),
    );
    vi.useRealTimers();
    if (thrown instanceof Error) {
      expect(thrown.message).not.toContain(PLANTED);
      expect(String(thrown.stack)).not.toContain(PLANTED);
      const rendered = lib.toErrorResponse(thrown);
      expect(await rendered.text()).not.toContain(PLANTED);
    }
    expect(logged.join("\n")).not.toContain(PLANTED);
    expect(capture.text()).not.toContain(PLANTED);
    expect(capture.lines().filter((line) => line.event === "request")).toHaveLength(2);
    // …while the key did go where it belongs.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]?.headers.get("authorization")).toBe(`Klaviyo-API-Key ${PLANTED}`);
  });

  it("answers a generic 500 for a non-ApiError and logs it without the key", async () => {
    capture = captureLogs();
    const { lib } = await load();
    const response = lib.toErrorResponse(new Error(`database said ${PLANTED}`));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "internal", message: "Something went wrong on the dashboard server." },
    });
    expect(capture.text()).toContain("database said [redacted]");
    expect(capture.text()).not.toContain(PLANTED);
  });
});
