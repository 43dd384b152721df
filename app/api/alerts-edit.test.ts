/**
 * Editing alert rules and channels through PUT, against a real embedded store: a channel's secret
 * fields left out keep their stored values (the page never has them), given ones replace them; bad
 * input, a row from ALERTS_FILE and an unknown id change nothing; each edit is logged with what it
 * changed and never a secret's value.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fileChannelId } from "@/lib/alerts/file";
import { type Receiver, startReceiver } from "@/lib/alerts/testing";
import { syncAlertsFile } from "@/lib/store/alert-file-sync";
import type { Store } from "@/lib/store/open";
import { ENGINES, type TestPlace } from "@/lib/store/testing";

vi.mock("server-only", () => ({}));

let place: TestPlace;
let store: Store;
let receiver: Receiver;
const KEY = randomBytes(32);
const SIGNING = `whsec_${randomBytes(32).toString("base64")}`;
const NEW_SIGNING = `whsec_${randomBytes(32).toString("base64")}`;

beforeAll(async () => {
  place = await ENGINES[0]!.place();
  vi.stubEnv("KLAVIYO_API_KEY", "");
  vi.stubEnv("REDIS_URL", "");
  vi.stubEnv("COLLECTOR", "off");
  vi.stubEnv("DATA_DIR", place.options.dataDir!);
  vi.stubEnv("ALERTS_SECRET_KEY", KEY.toString("base64"));
  vi.stubEnv("PUBLIC_URL", "https://jobs.example.com");
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("bulk-jobs-dashboard.store")];
  const { startStore } = await import("@/lib/store/shared");
  store = await startStore();
  const { startAlertWorker } = await import("@/lib/alerts/shared.server");
  startAlertWorker(store);
  receiver = await startReceiver(SIGNING);
}, 60_000);

afterAll(async () => {
  await receiver.close();
  const { closeStore } = await import("@/lib/store/shared");
  await closeStore();
  await place?.remove();
  vi.unstubAllEnvs();
});

const params = (id: string) => ({ params: Promise.resolve({ id }) });
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

async function storedRow(id: string) {
  const { getChannel } = await import("@/lib/store/alert-channels");
  return getChannel(store.db, "default", id);
}
async function storedSecret(id: string): Promise<Record<string, string> | null> {
  const { openSecret } = await import("@/lib/alerts/secret-box.server");
  const row = await storedRow(id);
  return row?.secret ? (JSON.parse(openSecret(KEY, row.secret)) as Record<string, string>) : null;
}
async function changesOf(id: string) {
  const { alertScope, listChanges } = await import("@/lib/alerts/service.server");
  return (await listChanges(await alertScope(store.db))).filter((change) => change.targetId === id);
}
async function putChannel(id: string, body: unknown) {
  const route = await import("./alerts/channels/[id]/route");
  return answer(await route.PUT(send("PUT", `/api/alerts/channels/${id}`, body), params(id)));
}
async function putRule(id: string, body: unknown) {
  const route = await import("./alerts/rules/[id]/route");
  return answer(await route.PUT(send("PUT", `/api/alerts/rules/${id}`, body), params(id)));
}

describe("PUT /api/alerts/channels/{id}", () => {
  let id: string;
  beforeAll(async () => {
    const route = await import("./alerts/channels/route");
    const created = await answer(
      await route.POST(
        send("POST", "/api/alerts/channels", {
          kind: "webhook",
          name: "ops",
          url: receiver.url,
          signingSecret: SIGNING,
        }),
      ),
    );
    expect(created.status).toBe(201);
    id = created.body.id;
  });

  it("keeps the URL and signing secret when they are left out, and a test is still signed and delivered", async () => {
    const before = await answer(
      await (await import("./alerts/channels/[id]/route")).GET(send("GET", "/x"), params(id)),
    );
    const renamed = await putChannel(id, { kind: "webhook", name: "ops renamed" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "ops renamed", secret: before.body.secret });
    expect(await storedSecret(id)).toEqual({ url: receiver.url, signingSecret: SIGNING });

    const test = await import("./alerts/channels/[id]/test/route");
    expect((await test.POST(send("POST", `/api/alerts/channels/${id}/test`), params(id))).status).toBe(202);
    const [delivered] = await receiver.waitFor(1);
    expect(delivered!.verified).toBe(true);

    const logged = (await changesOf(id)).find((change) => change.action === "updated");
    expect(logged).toMatchObject({ by: "anonymous" });
    expect(logged!.summary).toBe('webhook channel "ops renamed": name "ops" → "ops renamed"');
  });

  it("replaces a secret that is given, keeps the one left out, and logs it by name only", async () => {
    const replaced = await putChannel(id, { kind: "webhook", name: "ops renamed", signingSecret: NEW_SIGNING });
    expect(replaced.status).toBe(200);
    expect(await storedSecret(id)).toEqual({ url: receiver.url, signingSecret: NEW_SIGNING });
    const [logged] = await changesOf(id);
    expect(logged!.summary).toBe('webhook channel "ops renamed": signing secret replaced');
    const everything = JSON.stringify(await changesOf(id));
    for (const secret of [SIGNING, NEW_SIGNING, receiver.url]) expect(everything).not.toContain(secret);
  });

  it("refuses bad input with the reason and changes nothing", async () => {
    const before = await storedRow(id);
    const changes = (await changesOf(id)).length;
    const bad = [
      [{ kind: "webhook", name: "", signingSecret: SIGNING }, /name must not be empty/],
      [{ kind: "webhook", name: "x", signingSecret: "plain" }, /signingSecret must be whsec_/],
      [{ kind: "webhook", name: "x", url: "http://hooks.example.com/a" }, /url must be an https:\/\/ URL/],
      [{ kind: "webhook", name: "x", colour: "red" }, /unknown field "colour"/],
      // Another kind has no secrets to keep: they must be given, as for a new channel.
      [{ kind: "slack", name: "x" }, /url must be a URL/],
    ] as const;
    for (const [body, message] of bad) {
      const refused = await putChannel(id, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe("bad_request");
      expect(refused.body.error.message).toMatch(message);
    }
    expect(await storedRow(id)).toEqual(before);
    expect(await changesOf(id)).toHaveLength(changes);
  });

  it("keeps an SMTP password left out, and removes it when given empty", async () => {
    const route = await import("./alerts/channels/route");
    const mail = {
      kind: "email",
      name: "mail",
      host: "127.0.0.1",
      port: 2525,
      from: "d@example.com",
      to: ["o@example.com"],
    };
    const created = await answer(
      await route.POST(send("POST", "/api/alerts/channels", { ...mail, user: "u", password: "hunter22" })),
    );
    const mailId = created.body.id as string;
    const kept = await putChannel(mailId, { ...mail, user: "u", port: 2526 });
    expect(kept.body.secret).toBe("password ••••");
    expect(await storedSecret(mailId)).toEqual({ password: "hunter22" });
    expect((await changesOf(mailId))[0]!.summary).toBe('email channel "mail": port 2525 → 2526');
    const cleared = await putChannel(mailId, { ...mail, port: 2526, password: "" });
    expect(cleared.body.secret).toBe("no password");
    expect(await storedSecret(mailId)).toBeNull();
    expect((await changesOf(mailId))[0]!.summary).toBe('email channel "mail": user "u" → none; password removed');
    expect(JSON.stringify(await changesOf(mailId))).not.toContain("hunter22");
  });

  it("answers 404 for an unknown channel and 403 for one from ALERTS_FILE, changing nothing", async () => {
    const missing = await putChannel("no-such-channel", { kind: "webhook", name: "x" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");

    const fileId = fileChannelId("file hook");
    await syncAlertsFile(store.db, {
      path: "alerts.yaml",
      channels: [
        {
          id: fileId,
          account: "default",
          name: "file hook",
          kind: "slack",
          settings: { host: "127.0.0.1" },
          secret: { url: receiver.url },
        },
      ],
      rules: [],
    });
    try {
      const before = await storedRow(fileId);
      const refused = await putChannel(fileId, { kind: "slack", name: "renamed" });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe("forbidden");
      expect(await storedRow(fileId)).toEqual(before);
    } finally {
      await syncAlertsFile(store.db, null);
    }
  });
});

describe("PUT /api/alerts/rules/{id}", () => {
  let id: string;
  let channelId: string;
  beforeAll(async () => {
    const channels = await import("./alerts/channels/route");
    channelId = (await answer(await channels.GET(send("GET", "/api/alerts/channels")))).body.channels[0].id;
    const rules = await import("./alerts/rules/route");
    const created = await answer(
      await rules.POST(
        send("POST", "/api/alerts/rules", {
          name: "Failures",
          kind: "in_progress_share",
          threshold: 80,
          minIntervalMinutes: 30,
          channels: [channelId],
        }),
      ),
    );
    expect(created.status).toBe(201);
    id = created.body.id;
  });

  it("saves a new threshold and logs what changed", async () => {
    const edited = await putRule(id, {
      name: "Failures",
      kind: "in_progress_share",
      threshold: 95,
      minIntervalMinutes: 30,
      channels: [channelId],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.params).toEqual({ threshold: 95, minIntervalMinutes: 30 });
    const [logged] = await changesOf(id);
    expect(logged).toMatchObject({ action: "updated", target: "rule" });
    expect(logged!.summary).toBe('rule "Failures" (in_progress_share): threshold 80 → 95');
  });

  it("refuses bad input and changes nothing; answers 404 for a rule deleted meanwhile", async () => {
    const route = await import("./alerts/rules/[id]/route");
    const before = await answer(await route.GET(send("GET", "/x"), params(id)));
    const refused = await putRule(id, {
      name: "Failures",
      kind: "in_progress_share",
      threshold: 150,
      channels: [channelId],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/threshold must be at most 100/);
    expect((await answer(await route.GET(send("GET", "/x"), params(id)))).body).toEqual(before.body);

    expect((await route.DELETE(send("DELETE", `/api/alerts/rules/${id}`), params(id))).status).toBe(204);
    const gone = await putRule(id, { name: "Failures", kind: "run_finished", channels: [channelId] });
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("not_found");
  });
});
