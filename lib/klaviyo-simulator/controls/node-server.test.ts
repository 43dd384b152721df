import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { AUTH_HEADERS, frozenSimulator } from "@/lib/klaviyo-simulator/testing";
import { type RunningServer, startServer } from "./node-server";

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("serving over node:http", () => {
  it("answers the API and the control routes, with links that point back at the server", async () => {
    const sim = frozenSimulator();
    server = await startServer((request) => sim.handle(request));
    const response = await fetch(`${server.url}/api/catalog-item-bulk-create-jobs`, { headers: AUTH_HEADERS });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/vnd.api+json");
    expect(response.headers.get("ratelimit-limit")).toBe("750");
    const body = (await response.json()) as { links: { next: string } };
    expect(body.links.next.startsWith(`${server.url}/api/catalog-item-bulk-create-jobs?`)).toBe(true);
    expect((await fetch(body.links.next, { headers: AUTH_HEADERS })).status).toBe(200);

    const fault = await fetch(`${server.url}/__simulator/faults`, {
      method: "POST",
      body: JSON.stringify({ endpoint: "*", kind: "status", status: 502 }),
    });
    expect(fault.status).toBe(201);
    expect((await fetch(`${server.url}/api/catalog-item-bulk-create-jobs`, { headers: AUTH_HEADERS })).status).toBe(
      502,
    );
    const stats = (await (await fetch(`${server.url}/__simulator/stats`)).json()) as { total: { requests: number } };
    expect(stats.total.requests).toBe(3);
  });

  it("aborts the handler's request when the client disconnects during a timeout fault", async () => {
    const sim = frozenSimulator();
    sim.faults.set({ endpoint: "*", kind: "timeout" });
    let seen: AbortSignal | null = null;
    server = await startServer((request) => {
      seen = request.signal;
      return sim.handle(request);
    });
    const url = new URL(`${server.url}/api/catalog-item-bulk-create-jobs`);
    const client = httpRequest(url, { headers: AUTH_HEADERS });
    client.on("error", () => undefined);
    client.end();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).not.toBeNull();
    expect(seen!.aborted).toBe(false);
    client.destroy();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen!.aborted).toBe(true);
  });

  it("refuses an oversized control body instead of buffering it", async () => {
    const sim = frozenSimulator();
    server = await startServer((request) => sim.handle(request));
    const response = await fetch(`${server.url}/__simulator/faults`, {
      method: "POST",
      body: "x".repeat(2 << 20),
    }).catch(() => null);
    expect(response === null || response.status === 400).toBe(true);
  });
});
