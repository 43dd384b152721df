import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { loadEnv, secretKeyBytes } from "../env";
import { channelInput, formatIssues, maskSecret, splitChannel } from "./channels";
import { openSecret, SecretKeyMissing, sealSecret } from "./secret-box.server";
import { sendAlert } from "./send.server";
import { webhookHeaders } from "./standard-webhooks.server";
import { type MailReceiver, type Receiver, startMailReceiver, startReceiver, verifyStandardWebhook } from "./testing";

const message = {
  title: "Run finished: 500 jobs, 2 % failed",
  lines: ["Duration 12 min", "Operations 49,000 done, 1,000 failed"],
  link: "https://jobs.example.com/runs?from=2026-12-01T10%3A00%3A00.000Z&to=2026-12-01T10%3A12%3A00.000Z",
  numbers: { jobs: 500, failed: 1000 },
};
const alert = {
  id: "evt_5f0c",
  kind: "run_finished",
  subject: "run:x",
  message,
  decidedAt: "2026-12-01T10:22:00.000Z",
};

describe("channel secrets at rest", () => {
  it("round-trips through AES-256-GCM, differently each time, and refuses a wrong key or an altered value", () => {
    const key = randomBytes(32);
    const a = sealSecret(key, "https://hooks.slack.com/services/T0/B0/secret");
    const b = sealSecret(key, "https://hooks.slack.com/services/T0/B0/secret");
    expect(a).not.toBe(b);
    expect(a).not.toContain("hooks.slack.com");
    expect(openSecret(key, a)).toBe("https://hooks.slack.com/services/T0/B0/secret");
    expect(() => openSecret(randomBytes(32), a)).toThrow(/not the key it was saved with/);
    const altered = `${a.slice(0, -2)}${a.endsWith("A") ? "B" : "A"}${a.slice(-1)}`;
    expect(() => openSecret(key, altered)).toThrow(/cannot be decrypted/);
  });

  it("refuses to seal without ALERTS_SECRET_KEY, and validates the key at start", () => {
    expect(() => sealSecret(null, "x")).toThrow(SecretKeyMissing);
    expect(() => sealSecret(null, "x")).toThrow(/ALERTS_SECRET_KEY is not set/);
    const hex = randomBytes(32).toString("hex");
    expect(secretKeyBytes(hex)?.length).toBe(32);
    expect(secretKeyBytes(randomBytes(32).toString("base64"))?.length).toBe(32);
    expect(loadEnv({ ALERTS_SECRET_KEY: hex }).ALERTS_SECRET_KEY).toBe(hex);
    expect(() => loadEnv({ ALERTS_SECRET_KEY: "too-short" })).toThrow(/ALERTS_SECRET_KEY: must be 32 random bytes/);
    expect(() => loadEnv({ ALERTS_SECRET_KEY: randomBytes(16).toString("base64") })).toThrow(/ALERTS_SECRET_KEY/);
    expect(() => loadEnv({ PUBLIC_URL: "jobs.example.com" })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
    expect(loadEnv({ PUBLIC_URL: "https://jobs.example.com/" }).PUBLIC_URL).toBe("https://jobs.example.com");
  });
});

describe("Standard Webhooks signatures", () => {
  it("verify with a verifier written from the specification, and fail when anything signed changes", () => {
    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    const body = JSON.stringify({ hello: "world" });
    const now = 1_796_000_000;
    const headers = webhookHeaders(secret, "msg_1", now, body);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyStandardWebhook(secret, headers, body, now)).toBe(true);
    expect(verifyStandardWebhook(secret, headers, `${body} `, now)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, "webhook-id": "msg_2" }, body, now)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, "webhook-timestamp": String(now + 1) }, body, now)).toBe(false);
    expect(verifyStandardWebhook(`whsec_${randomBytes(32).toString("base64")}`, headers, body, now)).toBe(false);
    expect(verifyStandardWebhook(secret, headers, body, now + 301)).toBe(false);
  });

  it("match the specification's published example", () => {
    // The example in the Standard Webhooks specification (spec/standard-webhooks.md).
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    const headers = webhookHeaders(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });
});

describe("channel validation", () => {
  it("accepts https, loopback http, and splits out the secret", () => {
    const parsed = channelInput.parse({ kind: "slack", name: "ops", url: "https://hooks.slack.com/services/T/B/x" });
    expect(splitChannel(parsed)).toEqual({
      settings: { host: "hooks.slack.com" },
      secret: { url: "https://hooks.slack.com/services/T/B/x" },
    });
    expect(channelInput.safeParse({ kind: "slack", name: "t", url: "http://127.0.0.1:9/x" }).success).toBe(true);
    expect(maskSecret("https://hooks.slack.com/services/T/B/x")).not.toContain("services/T/B/x");
  });

  it("refuses plain http elsewhere, unknown fields, bad secrets and kinds, with a clear message", () => {
    const refuse = (input: unknown) => {
      const result = channelInput.safeParse(input);
      expect(result.success).toBe(false);
      return formatIssues(result.error!);
    };
    expect(refuse({ kind: "slack", name: "x", url: "http://hooks.example.com/x" })).toMatch(
      /url must be an https:\/\/ URL/,
    );
    expect(refuse({ kind: "slack", name: "x", url: "https://h.example.com", colour: "red" })).toMatch(
      /unknown field "colour"/,
    );
    expect(refuse({ kind: "webhook", name: "x", url: "https://h.example.com", signingSecret: "hunter2" })).toMatch(
      /signingSecret must be whsec_/,
    );
    expect(refuse({ kind: "pager", name: "x" })).toMatch(/kind must be "webhook", "slack" or "email"/);
    expect(refuse({ kind: "email", name: "x", host: "smtp", from: "a@b.example", to: [] })).toMatch(
      /to must name at least one/,
    );
  });
});

describe("sending through each channel, to real receivers", () => {
  let receiver: Receiver | undefined;
  let mail: MailReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await mail?.close();
    receiver = mail = undefined;
  });

  it("posts a signed webhook the receiver verifies, with the event id as webhook-id", async () => {
    const secret = `whsec_${randomBytes(32).toString("base64")}`;
    receiver = await startReceiver(secret);
    const outcome = await sendAlert(
      { kind: "webhook", settings: {}, secret: { url: receiver.url, signingSecret: secret } },
      alert,
    );
    expect(outcome).toEqual({ ok: true });
    const [got] = receiver.received;
    expect(got!.verified).toBe(true);
    expect(got!.headers["webhook-id"]).toBe("evt_5f0c");
    expect(got!.json).toMatchObject({
      type: "alert.run_finished",
      data: { id: "evt_5f0c", link: message.link, numbers: { jobs: 500 } },
    });
  });

  it("posts Slack a text and blocks message with the link", async () => {
    receiver = await startReceiver();
    expect(await sendAlert({ kind: "slack", settings: {}, secret: { url: receiver.url } }, alert)).toEqual({
      ok: true,
    });
    const body = receiver.received[0]!.json as { text: string; blocks: { text: { text: string } }[] };
    expect(body.text).toContain("Run finished: 500 jobs");
    expect(body.blocks[1]!.text.text).toContain(`<${message.link}|Open in the dashboard>`);
  });

  it("says an answer is worth retrying (5xx, 408, 429, no connection) or not (other 4xx), naming no URL", async () => {
    receiver = await startReceiver();
    receiver.answers.push(500, 408, 429, 410);
    const target = { kind: "slack" as const, settings: {}, secret: { url: receiver.url } };
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await sendAlert(target, alert));
    expect(outcomes.map((o) => (o.ok ? "ok" : o.retry))).toEqual([true, true, true, false]);
    const closed = { kind: "slack" as const, settings: {}, secret: { url: "http://127.0.0.1:9/secret-path" } };
    const refused = await sendAlert(closed, alert);
    expect(refused).toMatchObject({ ok: false, retry: true });
    expect(JSON.stringify(refused)).not.toContain("secret-path");
  });

  it("mails through a real SMTP server with the event's Message-ID, signing in with the stored password", async () => {
    mail = await startMailReceiver({ user: "alerts", password: "s3cret-pass" });
    const settings = {
      host: "127.0.0.1",
      port: mail.port,
      secure: false,
      user: "alerts",
      from: "dash@example.com",
      to: ["ops@example.com"],
    };
    expect(await sendAlert({ kind: "email", settings, secret: { password: "s3cret-pass" } }, alert)).toEqual({
      ok: true,
    });
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]).toMatchObject({ from: "dash@example.com", to: ["ops@example.com"], user: "alerts" });
    expect(mail.mails[0]!.raw).toMatch(/^Message-ID: <evt_5f0c@klaviyo-bulk-jobs-dashboard>/m);
    expect(mail.mails[0]!.raw).toContain("Subject: Run finished: 500 jobs, 2 % failed");
    const wrong = await sendAlert({ kind: "email", settings, secret: { password: "wrong" } }, alert);
    expect(wrong).toEqual({ ok: false, retry: false, error: "the mail server answered 535" });
  });
});
