import { afterEach, describe, expect, it, vi } from "vitest";
import { httpTransport } from "./assemble";

describe("httpTransport", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("hands fetch a URL and an init carrying the signal, so Next never memoizes a retry onto a failed answer", async () => {
    const fetch = vi.fn(async () => new Response("{}"));
    vi.stubGlobal("fetch", fetch);
    const controller = new AbortController();
    const request = new Request("https://a.klaviyo.com/api/x", {
      headers: { authorization: "k" },
      signal: controller.signal,
    });
    await httpTransport(request);

    const [input, init] = fetch.mock.calls[0] as unknown as [unknown, RequestInit];
    expect(input).toBe("https://a.klaviyo.com/api/x");
    expect(init).toMatchObject({ method: "GET", cache: "no-store", redirect: "manual" });
    expect(new Headers(init.headers).get("authorization")).toBe("k");
    expect(init.signal?.aborted).toBe(false);
    controller.abort();
    expect(init.signal?.aborted).toBe(true);
  });
});
