import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endpointOfPath, watchRateLimitHeaders } from "./rate-limit-headers";

describe("endpointOfPath", () => {
  it("names list and get-one endpoints, and nothing else", () => {
    expect(endpointOfPath("/api/catalog-item-bulk-create-jobs?filter=x")).toBe("item-create:list");
    expect(endpointOfPath("/api/catalog-category-bulk-delete-jobs/01ABC")).toBe("category-delete:get");
    expect(endpointOfPath("/api/catalog-items")).toBeNull();
    expect(endpointOfPath("/")).toBeNull();
  });
});

describe("watchRateLimitHeaders", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((_, response) => {
      response.setHeader("RateLimit-Limit", "750");
      response.setHeader("RateLimit-Remaining", "742");
      response.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reports RateLimit-Remaining of answers from Klaviyo's origin, by endpoint", async () => {
    const seen: Array<[string, number]> = [];
    watchRateLimitHeaders(base, (endpoint, remaining) => seen.push([endpoint, remaining]));
    await (await fetch(`${base}/api/catalog-variant-bulk-update-jobs/01XYZ?include=variants`)).text();
    // Another host (here the same server under another name) is not Klaviyo: not reported.
    await (await fetch(`${base.replace("127.0.0.1", "localhost")}/api/catalog-item-bulk-create-jobs`)).text();
    expect(seen).toEqual([["variant-update:get", 742]]);
  });
});
