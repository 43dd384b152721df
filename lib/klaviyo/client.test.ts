import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/http/errors";
import { createKlaviyoClient } from "./client";
import { fakeClock, jobResource, jsonApi, scriptedTransport, T0 } from "./testing";
import type { Transport } from "./upstream-fetch";
import { createWindowLimiter } from "./window-limiter";

const KEY = "pk_planted_secret_123";

function client(transport: Transport, clock = fakeClock()) {
  return {
    clock,
    client: createKlaviyoClient({
      upstream: "klaviyo",
      baseUrl: "https://a.klaviyo.com",
      apiKey: KEY,
      revision: "2026-07-15",
      transport,
      limiter: createWindowLimiter({ store: { kind: "memory" }, keyPrefix: `c${Math.random()}`, clock }),
      clock,
      random: () => 0,
    }),
  };
}

const listBody = (next: string | null = null) => ({
  data: [jobResource()],
  links: { self: "https://a.klaviyo.com/api/catalog-item-bulk-create-jobs", next, prev: null },
});

describe("klaviyo client", () => {
  it("asks only our own URL, with our headers, for a list page", async () => {
    const script = scriptedTransport([
      jsonApi(listBody("https://a.klaviyo.com/api/catalog-item-bulk-create-jobs?page%5Bcursor%5D=NEXT123")),
    ]);
    const page = await client(script.transport).client.listJobs({
      type: "item-create",
      status: "processing",
      cursor: "abc",
    });
    const request = script.requests[0]!;
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe("https://a.klaviyo.com/api/catalog-item-bulk-create-jobs");
    expect(url.searchParams.get("filter")).toBe('equals(status,"processing")');
    expect(url.searchParams.get("page[cursor]")).toBe("abc");
    expect(request.headers.get("authorization")).toBe(`Klaviyo-API-Key ${KEY}`);
    expect(request.headers.get("revision")).toBe("2026-07-15");
    expect(page).toMatchObject({ type: "item-create", status: "processing", nextCursor: "NEXT123", prevCursor: null });
    expect(page.fetchedAt).toBe(new Date(T0).toISOString());
  });

  it("asks get-one with include for create/update jobs and without it for delete jobs", async () => {
    const script = scriptedTransport([jsonApi({ data: jobResource(), included: [] })]);
    const { client: c } = client(script.transport);
    await c.getJob({ type: "variant-update", id: "01ABC" });
    await c.getJob({ type: "category-delete", id: "01DEF" });
    expect(script.requests.map((r) => new URL(r.url).pathname + new URL(r.url).search)).toEqual([
      "/api/catalog-variant-bulk-update-jobs/01ABC?include=variants",
      "/api/catalog-category-bulk-delete-jobs/01DEF",
    ]);
  });

  it("makes one upstream call for N identical concurrent requests", async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Transport = async () => {
      calls++;
      await gate;
      return jsonApi(listBody());
    };
    const { client: c } = client(slow);
    const pending = Promise.all(Array.from({ length: 25 }, () => c.listJobs({ type: "item-create" })));
    release();
    const pages = await pending;
    expect(calls).toBe(1);
    expect(new Set(pages).size).toBe(1);
    // A different query is a different flight.
    await c.listJobs({ type: "item-create", status: "complete" });
    expect(calls).toBe(2);
  });

  it("caches finished jobs for minutes and running ones for seconds", async () => {
    let status = "processing";
    let calls = 0;
    const transport: Transport = async () => {
      calls++;
      return jsonApi({ data: jobResource({ status }) });
    };
    const { client: c, clock } = client(transport);
    await c.getJob({ type: "item-create", id: "01RUN" });
    clock.advance(1_500);
    await c.getJob({ type: "item-create", id: "01RUN" });
    expect(calls).toBe(1);
    clock.advance(1_000);
    status = "complete";
    expect((await c.getJob({ type: "item-create", id: "01RUN" })).job.status).toBe("complete");
    expect(calls).toBe(2);
    clock.advance(4 * 60_000);
    const cached = await c.getJob({ type: "item-create", id: "01RUN" });
    expect(calls).toBe(2);
    expect(cached.fetchedAt).toBe(new Date(T0 + 2_500).toISOString());
    clock.advance(61_000);
    await c.getJob({ type: "item-create", id: "01RUN" });
    expect(calls).toBe(3);
  });

  it("caches list pages for a few seconds only", async () => {
    let calls = 0;
    const transport: Transport = async () => (calls++, jsonApi(listBody()));
    const { client: c, clock } = client(transport);
    await c.listJobs({ type: "item-create" });
    clock.advance(2_000);
    await c.listJobs({ type: "item-create" });
    expect(calls).toBe(1);
    clock.advance(1_500);
    await c.listJobs({ type: "item-create" });
    expect(calls).toBe(2);
  });

  it("keeps nothing a background read fetched, but lets it use what a person's read left", async () => {
    let calls = 0;
    const transport: Transport = async (request) => {
      calls++;
      const list = new URL(request.url).pathname.endsWith("-jobs");
      return jsonApi(list ? listBody() : { data: jobResource({ status: "complete" }) });
    };
    const { client: c } = client(transport);
    await c.getJob({ type: "item-create", id: "01BG" }, "background");
    await c.getJob({ type: "item-create", id: "01BG" }, "person");
    expect(calls).toBe(2);
    await c.getJob({ type: "item-create", id: "01BG" }, "background");
    await c.getJob({ type: "item-create", id: "01BG" }, "person");
    expect(calls).toBe(2);
    await c.listJobs({ type: "item-create" }, "background");
    await c.listJobs({ type: "item-create" }, "background");
    expect(calls).toBe(4);
  });

  it("never makes a person wait on a background read of the same list or job: they make their own call", async () => {
    const gates: Array<() => void> = [];
    const callers: string[] = [];
    const transport: Transport = async (request) => {
      callers.push(new URL(request.url).pathname);
      await new Promise<void>((resolve) => gates.push(resolve));
      const list = new URL(request.url).pathname.endsWith("-jobs");
      return jsonApi(list ? listBody() : { data: jobResource({ status: "complete" }) });
    };
    const { client: c } = client(transport);
    const background = c.listJobs({ type: "item-create" }, "background");
    const backgroundTwin = c.listJobs({ type: "item-create" }, "background");
    await vi.waitFor(() => expect(callers).toHaveLength(1));
    const person = c.listJobs({ type: "item-create" }, "person");
    await vi.waitFor(() => expect(callers).toHaveLength(2));
    gates[1]!();
    expect((await person).type).toBe("item-create");
    gates[0]!();
    await Promise.all([background, backgroundTwin]);
    // Two background reads shared one call; the person's was its own.
    expect(callers).toHaveLength(2);

    const job = c.getJob({ type: "item-create", id: "01SLOW" }, "background");
    await vi.waitFor(() => expect(callers).toHaveLength(3));
    const personJob = c.getJob({ type: "item-create", id: "01SLOW" });
    await vi.waitFor(() => expect(callers).toHaveLength(4));
    for (const open of gates.slice(2)) open();
    await Promise.all([job, personJob]);
  });

  it("caches nothing from a failed answer", async () => {
    const script = scriptedTransport([
      jsonApi({ errors: [{ code: "server_error" }] }, { status: 500 }),
      jsonApi({ data: jobResource() }),
    ]);
    const { client: c } = client(script.transport);
    await expect(c.getJob({ type: "item-create", id: "01X" })).rejects.toMatchObject({ code: "upstream_unavailable" });
    await expect(c.getJob({ type: "item-create", id: "01X" })).resolves.toMatchObject({
      job: { id: "01GSQPBF74KQ5YTDEPP41T1BZH" },
    });
    expect(script.requests).toHaveLength(2);
  });

  it("answers not_found for an unknown job", async () => {
    const notFound = jsonApi(
      { errors: [{ status: 404, code: "not_found", title: "Not found", detail: "Job not found" }] },
      { status: 404 },
    );
    const { client: c } = client(scriptedTransport([notFound]).transport);
    const error = await c.getJob({ type: "item-create", id: "01NOPE" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "not_found", status: 404 });
  });

  it("answers upstream_invalid for a body that is JSON but not a job document", async () => {
    const { client: c } = client(scriptedTransport([jsonApi({ data: { attributes: { status: 3 } } })]).transport);
    await expect(c.getJob({ type: "item-create", id: "01X" })).rejects.toMatchObject({
      code: "upstream_invalid",
      status: 502,
    });
  });

  it("refuses bad input without an upstream call", async () => {
    const script = scriptedTransport([jsonApi(listBody())]);
    const { client: c } = client(script.transport);
    await expect(c.getJob({ type: "item-create", id: "../../api/profiles" })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(c.listJobs({ type: "item-create", cursor: "https://evil.example/" })).rejects.toMatchObject({
      code: "bad_request",
    });
    expect(script.requests).toHaveLength(0);
  });

  it("never lets the key out in an error, even when Klaviyo echoes it", async () => {
    const echo = jsonApi(
      { errors: [{ status: 400, code: "invalid", detail: `Key ${KEY} is not allowed to use this cursor` }] },
      { status: 400 },
    );
    const { client: c } = client(scriptedTransport([echo]).transport);
    const error = (await c.listJobs({ type: "item-create", cursor: "abc" }).catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe("bad_request");
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
  });
});
