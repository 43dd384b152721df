/**
 * The alert routes against a real embedded store: bad input is refused with a clear 400 and changes
 * nothing; secrets are sealed and never answered in full; changes are logged with who made them; a
 * channel's "send a test" reaches a real receiver through the outbox and the running worker.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fileChannelId, fileRuleId } from "@/lib/alerts/file";
import { type Receiver, startReceiver } from "@/lib/alerts/testing";
import { FILE_ACTOR, syncAlertsFile } from "@/lib/store/alert-file-sync";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";

vi.mock("server-only", () => ({}));

let place: TestPlace;
let store: Store;
let receiver: Receiver;
const SIGNING = `whsec_${randomBytes(32).toString("base64")}`;

beforeAll(async () => {
  place = await ENGINES[0]!.place();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("COLLECTOR", "off");
  vi.stubEnv("DATA_DIR", place.options.dataDir!);
  vi.stubEnv("ALERTS_SECRET_KEY", "");
  vi.stubEnv("PUBLIC_URL", "https://jobs.example.com");
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
  const { startStore } = await import("@/lib/store/shared");
  store = await startStore();
  receiver = await startReceiver(SIGNING);
}, 60_000);

afterAll(async () => {
  await receiver.close();
  const { closeStore } = await import("@/lib/store/shared");
  await closeStore();
  await place?.remove();
  vi.unstubAllEnvs();
});

type Params = { params: Promise<{ id: string }> };
const params = (id: string): Params => ({ params: Promise.resolve({ id }) });
const send = (method: string, path: string, body?: unknown) =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, text };
}

describe("without ALERTS_SECRET_KEY", () => {
  it("refuses channels with secrets and says why, saves nothing, and still takes an email channel without a password", async () => {
    const route = await import("./alerts/channels/route");
    const refused = await answer(
      await route.POST(send("POST", "/api/alerts/channels", { kind: "slack", name: "ops", url: receiver.url })),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("bad_request");
    expect(refused.body.error.message).toMatch(/ALERTS_SECRET_KEY is not set/);
    const listed = await answer(await route.GET(new Request("http://localhost/api/alerts/channels")));
    expect(listed.body.channels).toEqual([]);
    expect(listed.body.secretKeyProblem).toMatch(/ALERTS_SECRET_KEY/);
    const email = {
      kind: "email",
      name: "mail",
      host: "127.0.0.1",
      port: 2525,
      from: "d@example.com",
      to: ["o@example.com"],
    };
    const created = await answer(await route.POST(send("POST", "/api/alerts/channels", email)));
    expect(created.status).toBe(201);
    const { alertScope, removeChannel } = await import("@/lib/alerts/service.server");
    await removeChannel(await alertScope(store.db), created.body.id, "test");
  });
});

describe("with ALERTS_SECRET_KEY", () => {
  beforeAll(async () => {
    vi.stubEnv("ALERTS_SECRET_KEY", randomBytes(32).toString("base64"));
    vi.resetModules();
    const { startAlertWorker } = await import("@/lib/alerts/shared.server");
    startAlertWorker(store);
  });

  it("refuses bad channels with the reason, and never answers or stores a secret in the clear", async () => {
    const route = await import("./alerts/channels/route");
    const bad = [
      [
        { kind: "webhook", name: "x", url: "http://hooks.example.com/a", signingSecret: SIGNING },
        /url must be an https:\/\/ URL/,
      ],
      [{ kind: "slack", name: "x", url: "https://hooks.example.com/a", token: "t" }, /unknown field "token"/],
      [
        { kind: "webhook", name: "x", url: "https://hooks.example.com/a", signingSecret: "plain" },
        /signingSecret must be whsec_/,
      ],
    ] as const;
    for (const [body, message] of bad) {
      const refused = await answer(await route.POST(send("POST", "/api/alerts/channels", body)));
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    const notJson = await route.POST(
      new Request("http://localhost/api/alerts/channels", { method: "POST", body: "{}" }),
    );
    expect(notJson.status).toBe(400);
    expect((await answer(await route.GET(new Request("http://localhost/api/alerts/channels")))).body.channels).toEqual(
      [],
    );

    const created = await answer(
      await route.POST(
        send("POST", "/api/alerts/channels", {
          kind: "webhook",
          name: "ops hook",
          url: receiver.url,
          signingSecret: SIGNING,
        }),
      ),
    );
    expect(created.status).toBe(201);
    expect(created.text).not.toContain(SIGNING.slice(6, 20));
    expect(created.text).not.toContain("/hook");
    expect(created.body.secret).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/••••, signing secret whsec_••••$/);
    const { alertChannels } = await import("@/lib/store/schema");
    const [row] = await store.db.select().from(alertChannels);
    expect(row!.secret).not.toContain("127.0.0.1");
    expect(row!.secret).not.toContain(SIGNING.slice(6, 20));
  });

  it("sends a test through a channel to a real receiver, and shows it in the history", async () => {
    const channels = await import("./alerts/channels/route");
    const listed = await answer(await channels.GET(new Request("http://localhost/api/alerts/channels")));
    const id = listed.body.channels[0].id as string;
    const test = await import("./alerts/channels/[id]/test/route");
    const sent = await answer(await test.POST(send("POST", `/api/alerts/channels/${id}/test`), params(id)));
    expect(sent.status).toBe(202);
    await receiver.waitFor(1);
    expect(receiver.received[0]!.verified).toBe(true);
    expect(receiver.received[0]!.headers["webhook-id"]).toBe(sent.body.eventId);
    expect((receiver.received[0]!.json as { data: { link: string } }).data.link).toBe(
      "https://jobs.example.com/alerts",
    );
    const history = await import("./alerts/history/route");
    let rows: { state: string }[] = [];
    for (let i = 0; i < 50 && rows[0]?.state !== "sent"; i++) {
      rows = (await answer(await history.GET(new Request("http://localhost/api/alerts/history")))).body.deliveries;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows[0]).toMatchObject({ state: "sent", kind: "test", attempts: 1 });
  });

  it("creates, refuses, mutes and deletes rules, logging who did what", async () => {
    const channels = await import("./alerts/channels/route");
    const channelId = (await answer(await channels.GET(new Request("http://localhost/api/alerts/channels")))).body
      .channels[0].id;
    const rules = await import("./alerts/rules/route");
    const one = await import("./alerts/rules/[id]/route");
    const post = (body: unknown) => rules.POST(send("POST", "/api/alerts/rules", body));
    const bad = [
      [{ name: "r", kind: "failure_rate", threshold: 150, channels: [channelId] }, /threshold must be at most 100/],
      [{ name: "r", kind: "stalled", minutes: 0, channels: [channelId] }, /minutes must be at least 1 minute/],
      [{ name: "r", kind: "run_finished", channels: [channelId], colour: "red" }, /unknown field "colour"/],
      [{ name: "r", kind: "run_finished", channels: ["nope"] }, /no channel "nope"/],
      [
        { name: "r", kind: "run_finished", channels: [channelId], scope: { kind: "type", type: "item-crate" } },
        /scope.type must be one of/,
      ],
      [{ name: "r", kind: "when_bored", channels: [channelId] }, /kind must be one of run_finished/],
      [{ name: "r", kind: "new_error_group", runs: 0, channels: [channelId] }, /runs must be at least 1 runs/],
      [{ name: "r", kind: "new_error_group", runs: 2.5, channels: [channelId] }, /runs must be a whole number/],
      [{ name: "r", kind: "collector_trouble", minutes: 1, channels: [channelId] }, /minutes must be at least 2/],
      [
        { name: "r", kind: "collector_trouble", channels: [channelId], scope: { kind: "type", type: "item-create" } },
        /scope.kind must be "all" for this kind of rule/,
      ],
    ] as const;
    for (const [body, message] of bad) {
      const refused = await answer(await post(body));
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    expect((await answer(await rules.GET(new Request("http://localhost/api/alerts/rules")))).body.rules).toEqual([]);

    const created = await answer(await post({ name: "Failures", kind: "failure_rate", channels: [channelId] }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: "failure_rate",
      params: { threshold: 5 },
      scope: { kind: "all" },
      muted: false,
    });
    const id = created.body.id as string;
    const muted = await answer(
      await one.PUT(
        send("PUT", `/api/alerts/rules/${id}`, {
          name: "Failures",
          kind: "failure_rate",
          channels: [channelId],
          muted: true,
        }),
        params(id),
      ),
    );
    expect(muted.body).toMatchObject({ muted: true, updatedBy: "anonymous" });
    const gone = await one.DELETE(send("DELETE", `/api/alerts/rules/${id}`), params(id));
    expect(gone.status).toBe(204);
    expect(
      (await answer(await one.GET(new Request(`http://localhost/api/alerts/rules/${id}`), params(id)))).status,
    ).toBe(404);
    const history = await import("./alerts/history/route");
    const changes = (await answer(await history.GET(new Request("http://localhost/api/alerts/history")))).body
      .changes as {
      action: string;
      target: string;
      by: string;
    }[];
    expect(changes.filter((c) => c.target === "rule").map((c) => c.action)).toEqual(["deleted", "muted", "created"]);
    expect(changes.every((c) => c.by === "anonymous" || c.by === "test")).toBe(true);
  });

  it("watches one job with a one-off rule to every channel, and refuses a watch it cannot understand", async () => {
    const route = await import("./alerts/watch/route");
    const refused = await answer(await route.POST(send("POST", "/api/alerts/watch", { job: { type: "item-create" } })));
    expect(refused.status).toBe(400);
    const watched = await answer(
      await route.POST(send("POST", "/api/alerts/watch", { job: { type: "item-create", id: "01JOB" } })),
    );
    expect(watched.status).toBe(201);
    expect(watched.body).toMatchObject({
      oneOff: true,
      kind: "run_finished",
      scope: { kind: "job", type: "item-create", id: "01JOB" },
      name: "Watch job item-create 01JOB",
    });
    expect(watched.body.channels).toHaveLength(1);

    // What the Watch button asks after a reload.
    const state = async (query: string) =>
      answer(await route.GET(new Request(`http://localhost/api/alerts/watch?${query}`)));
    expect((await state("job=item-create/01JOB")).body).toEqual({ watching: true });
    expect((await state("job=item-create/01OTHER")).body).toEqual({ watching: false });
    expect((await state("from=2026-12-01T10:00:00Z&to=2026-12-01T11:00:00Z")).body).toEqual({ watching: false });
    const bad = await state("job=item-create");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/job=<type>\/<id>/);
    const run = { from: "2026-12-01T10:00:00.000Z", to: "2026-12-01T11:00:00.000Z" };
    expect((await answer(await route.POST(send("POST", "/api/alerts/watch", { run })))).status).toBe(201);
    expect((await state("from=2026-12-01T10:00:00Z&to=2026-12-01T11:00:00Z")).body).toEqual({ watching: true });
  });
});

describe("rows from ALERTS_FILE", () => {
  const channelId = fileChannelId("file hook");
  const ruleId = fileRuleId("From the file");
  beforeAll(async () => {
    await syncAlertsFile(store.db, {
      path: "alerts.yaml",
      channels: [
        {
          id: channelId,
          account: "default",
          name: "file hook",
          kind: "slack",
          settings: { host: new URL(receiver.url).host },
          secret: { url: receiver.url },
        },
      ],
      rules: [
        {
          id: ruleId,
          account: "default",
          name: "From the file",
          kind: "failure_rate",
          scope: { kind: "all" },
          params: { threshold: 5 },
          channelIds: [channelId],
          muted: false,
        },
      ],
    });
  });
  afterAll(() => syncAlertsFile(store.db, null));

  it("are shown read-only, and every change or deletion of them is refused with forbidden, changing nothing", async () => {
    const rules = await import("./alerts/rules/route");
    const rule = await import("./alerts/rules/[id]/route");
    const channels = await import("./alerts/channels/route");
    const channel = await import("./alerts/channels/[id]/route");
    const listed = async () => ({
      rules: (await answer(await rules.GET(new Request("http://localhost/api/alerts/rules")))).body.rules as {
        id: string;
        readOnly: boolean;
      }[],
      channels: (await answer(await channels.GET(new Request("http://localhost/api/alerts/channels")))).body
        .channels as { id: string; readOnly: boolean; secret: string }[],
    });
    const before = await listed();
    expect(before.rules.find((r) => r.id === ruleId)).toMatchObject({ readOnly: true, params: { threshold: 5 } });
    expect(before.rules.filter((r) => r.id !== ruleId).every((r) => !r.readOnly)).toBe(true);
    expect(before.channels.find((c) => c.id === channelId)).toMatchObject({ readOnly: true });
    expect(JSON.stringify(before)).not.toContain(receiver.url);

    const refusals = [
      await rule.PUT(
        send("PUT", `/api/alerts/rules/${ruleId}`, {
          name: "From the file",
          kind: "failure_rate",
          channels: [channelId],
          muted: true,
        }),
        params(ruleId),
      ),
      await rule.DELETE(send("DELETE", `/api/alerts/rules/${ruleId}`), params(ruleId)),
      await channel.PUT(
        send("PUT", `/api/alerts/channels/${channelId}`, { kind: "slack", name: "file hook", url: receiver.url }),
        params(channelId),
      ),
      await channel.DELETE(send("DELETE", `/api/alerts/channels/${channelId}`), params(channelId)),
    ];
    for (const response of refusals) {
      const refused = await answer(response);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("forbidden");
      expect(refused.body.error.message).toMatch(/comes from ALERTS_FILE: change it in that file/);
    }
    expect(await listed()).toEqual(before);
    const { alertScope, listChanges } = await import("@/lib/alerts/service.server");
    expect(
      (await listChanges(await alertScope(store.db))).filter((c) => c.by !== FILE_ACTOR && c.targetId === ruleId),
    ).toEqual([]);
  });
});
