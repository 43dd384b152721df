/**
 * The alert routes with two accounts, on both engines, the account named by the header the proxy sets
 * for `/a/{account}/api/alerts/…`: each account lists and changes only its own rules and channels,
 * another account's id answers 404, a rule may not use another account's channel, and a test
 * message links into its own account's pages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ACCOUNT_HEADER } from "@/lib/accounts/path";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";

vi.mock("server-only", () => ({}));
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

type Params = { params: Promise<{ id: string }> };
const params = (id: string): Params => ({ params: Promise.resolve({ id }) });
const json = (method: string, body?: unknown) =>
  new Request("http://localhost/api/alerts", {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

/** As the proxy leaves a request for `/a/{account}/…`. */
function inAccount(account: string): void {
  request.headers = new Headers({ [ACCOUNT_HEADER]: account });
}
async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const mail = {
  kind: "email",
  name: "a-mail",
  host: "127.0.0.1",
  port: 2525,
  from: "d@example.com",
  to: ["o@example.com"],
};

describe.each(ENGINES)("the alert routes of two accounts on $name", (engine) => {
  let place: TestPlace;
  let store: Store;

  beforeAll(async () => {
    if (!engine.available) return;
    place = await engine.place();
    vi.stubEnv("KLAVIYO_API_KEY", "");
    vi.stubEnv("KLAVIYO_ACCOUNTS", "brand-a:simulator,brand-b:simulator");
    vi.stubEnv("REDIS_URL", "");
    vi.stubEnv("COLLECTOR", "off");
    vi.stubEnv("ALERTS_SECRET_KEY", "");
    vi.stubEnv("PUBLIC_URL", "https://jobs.example.com");
    vi.stubEnv("DATABASE_URL", place.options.databaseUrl ?? "");
    vi.stubEnv("DATA_DIR", place.options.dataDir ?? "");
    vi.resetModules();
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
    const { startStore } = await import("@/lib/store/shared");
    store = await startStore();
  }, 60_000);
  afterAll(async () => {
    if (!engine.available) return;
    const { closeStore } = await import("@/lib/store/shared");
    await closeStore();
    await place.remove();
    vi.unstubAllEnvs();
  }, 60_000);

  it.skipIf(!engine.available)("keeps each account's rules, channels and history to itself", async () => {
    expect(store.engine).toBe(engine.name);
    const rules = await import("./alerts/rules/route");
    const rule = await import("./alerts/rules/[id]/route");
    const channels = await import("./alerts/channels/route");
    const channel = await import("./alerts/channels/[id]/route");
    const test = await import("./alerts/channels/[id]/test/route");
    const history = await import("./alerts/history/route");

    inAccount("brand-a");
    const ofA = await answer(await channels.POST(json("POST", mail)));
    expect(ofA.status).toBe(201);
    const definition = { name: "A runs", kind: "run_finished", channels: [ofA.body.id] };
    const ruleOfA = await answer(await rules.POST(json("POST", definition)));
    expect(ruleOfA.status).toBe(201);
    expect((await answer(await test.POST(json("POST"), params(ofA.body.id)))).status).toBe(202);

    inAccount("brand-b");
    expect((await answer(await rules.GET(json("GET")))).body.rules).toEqual([]);
    expect((await answer(await channels.GET(json("GET")))).body.channels).toEqual([]);
    expect((await answer(await history.GET(json("GET")))).body).toEqual({ deliveries: [], changes: [] });
    const id = ruleOfA.body.id;
    expect((await answer(await rule.GET(json("GET"), params(id)))).status).toBe(404);
    expect((await answer(await rule.PUT(json("PUT", { ...definition, muted: true }), params(id)))).status).toBe(404);
    expect((await answer(await rule.DELETE(json("DELETE"), params(id)))).status).toBe(404);
    expect((await answer(await channel.DELETE(json("DELETE"), params(ofA.body.id)))).status).toBe(404);
    expect((await answer(await test.POST(json("POST"), params(ofA.body.id)))).status).toBe(404);
    const borrowing = await answer(await rules.POST(json("POST", { ...definition, name: "B runs" })));
    expect(borrowing.status).toBe(400);
    expect(borrowing.body.error.message).toContain(`no channel "${ofA.body.id}"`);
    expect((await answer(await rules.GET(json("GET")))).body.rules).toEqual([]);

    inAccount("brand-a");
    expect((await answer(await rule.GET(json("GET"), params(id)))).body).toMatchObject({
      muted: false,
      name: "A runs",
    });
    const ownHistory = (await answer(await history.GET(json("GET")))).body;
    expect(ownHistory.changes.map((change: { action: string }) => change.action)).toEqual([
      "tested",
      "created",
      "created",
    ]);
    expect(ownHistory.deliveries.map((row: { link: string }) => row.link)).toEqual([
      "https://jobs.example.com/a/brand-a/alerts",
    ]);
  });
});
