import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "../env";
import { fileChannelId, fileRuleId, isFileRowId, readAlertsFile } from "./file";

const dir = mkdtempSync(join(tmpdir(), "kbj-alerts-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function write(text: string, extension = "yaml"): string {
  const path = join(dir, `alerts-${++count}.${extension}`);
  writeFileSync(path, text);
  return path;
}

const SLACK = "https://hooks.slack.example/services/T000/B000/verysecretpart";
const SIGNING = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const ENV = {
  SLACK_WEBHOOK_URL: SLACK,
  HOOK_URL: "https://receiver.example/hook",
  HOOK_SECRET: SIGNING,
  SMTP_PASSWORD: "smtp-pass-123",
};

export const YAML_FILE = `
channels:
  - name: ops-slack
    kind: slack
    url: \${SLACK_WEBHOOK_URL}
  - name: signed
    kind: webhook
    url: \${HOOK_URL}
    signingSecret: \${HOOK_SECRET}
  - name: ops-mail
    kind: email
    host: smtp.example.com
    user: alerts
    password: \${SMTP_PASSWORD}
    from: alerts@example.com
    to: [ops@example.com]
rules:
  - name: Failures above 5 %
    kind: failure_rate
    threshold: 5
    channels: [ops-slack, ops-mail]
  - name: Item creates stalled
    kind: stalled
    scope: { kind: type, type: item-create }
    channels: [signed]
`;

/** The error `run` throws, as text (it must throw). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String(error);
  }
  throw new Error("it did not refuse");
}

describe("readAlertsFile", () => {
  it("reads YAML: channels with their secrets from the environment, rules naming channels by name", () => {
    const file = readAlertsFile(write(YAML_FILE), ENV);
    expect(file.channels.map(({ name, kind }) => [name, kind])).toEqual([
      ["ops-slack", "slack"],
      ["signed", "webhook"],
      ["ops-mail", "email"],
    ]);
    const [slack, signed, mail] = file.channels;
    expect(slack).toMatchObject({
      id: fileChannelId("ops-slack"),
      settings: { host: "hooks.slack.example" },
      secret: { url: SLACK },
    });
    expect(signed?.secret).toEqual({ url: "https://receiver.example/hook", signingSecret: SIGNING });
    expect(mail).toMatchObject({
      settings: { host: "smtp.example.com", port: 587, user: "alerts" },
      secret: { password: "smtp-pass-123" },
    });
    expect(file.rules).toEqual([
      {
        id: fileRuleId("Failures above 5 %"),
        account: "default",
        name: "Failures above 5 %",
        kind: "failure_rate",
        scope: { kind: "all" },
        params: { threshold: 5 },
        channelIds: [fileChannelId("ops-slack"), fileChannelId("ops-mail")],
        muted: false,
      },
      expect.objectContaining({
        kind: "stalled",
        scope: { kind: "type", type: "item-create" },
        params: { minutes: 15 },
      }),
    ]);
    expect(file.rules.every((rule) => isFileRowId(rule.id)) && file.channels.every((c) => isFileRowId(c.id))).toBe(
      true,
    );
    // Stable: the same names give the same ids; a UUID is never taken for one.
    expect(readAlertsFile(write(YAML_FILE, "yml"), ENV).rules.map((rule) => rule.id)).toEqual(
      file.rules.map((rule) => rule.id),
    );
    expect(isFileRowId("0b4f2a4e-8f0e-4c1e-9a57-2f8e1c9d0a11")).toBe(false);
  });

  it("reads the same from JSON, and an empty YAML file as nothing", () => {
    const json = JSON.stringify({
      channels: [{ name: "ops-slack", kind: "slack", url: "${SLACK_WEBHOOK_URL}" }],
      rules: [{ name: "Runs", kind: "run_finished", channels: ["ops-slack"] }],
    });
    const file = readAlertsFile(write(json, "json"), ENV);
    expect(file.channels[0]?.secret).toEqual({ url: SLACK });
    expect(file.rules[0]).toMatchObject({ kind: "run_finished", channelIds: [fileChannelId("ops-slack")] });
    expect(readAlertsFile(write(""), ENV)).toMatchObject({ channels: [], rules: [] });
  });

  it.each([
    [
      "a literal secret",
      "channels:\n  - { name: ops-slack, kind: slack, url: 'https://hooks.slack.example/services/T000/B000/verysecretpart' }\n",
      'channels[0] ("ops-slack"): url is secret: write it as a reference to an environment variable',
    ],
    [
      "a literal SMTP password",
      "channels:\n  - { name: m, kind: email, host: h, password: verysecretpart, from: a@example.com, to: [b@example.com] }\n",
      'channels[0] ("m"): password is secret',
    ],
    [
      "an unknown environment variable",
      "channels:\n  - { name: ops-slack, kind: slack, url: '${NOT_SET_ANYWHERE}' }\n",
      'channels[0] ("ops-slack"): url refers to ${NOT_SET_ANYWHERE}, which is not set',
    ],
    [
      "a bad channel kind",
      "channels:\n  - { name: t, kind: teams, url: '${SLACK_WEBHOOK_URL}' }\n",
      'channels[0] ("t"): kind kind must be "webhook", "slack" or "email"',
    ],
    [
      "a bad rule kind",
      "rules:\n  - { name: r, kind: sometimes, channels: [x] }\n",
      'rules[0] ("r"): kind kind must be one of run_finished',
    ],
    [
      "a threshold out of range",
      "channels:\n  - { name: s, kind: slack, url: '${SLACK_WEBHOOK_URL}' }\nrules:\n  - { name: r, kind: failure_rate, threshold: 300, channels: [s] }\n",
      'rules[0] ("r"): threshold must be at most 100',
    ],
    [
      "an unknown channel name",
      "channels:\n  - { name: s, kind: slack, url: '${SLACK_WEBHOOK_URL}' }\nrules:\n  - { name: r, kind: run_finished, channels: [s, pager] }\n",
      'rules[0] ("r"): channels names "pager", which the file\'s channels do not',
    ],
    [
      "an unknown field",
      "rules:\n  - { name: r, kind: run_finished, channels: [s], every: 5 }\n",
      'rules[0] ("r"): unknown field "every"',
    ],
    ["an unknown top-level key", "alerts: []\n", 'unknown field "alerts"'],
    [
      "a name used twice",
      "channels:\n  - { name: s, kind: slack, url: '${SLACK_WEBHOOK_URL}' }\n  - { name: s, kind: slack, url: '${SLACK_WEBHOOK_URL}' }\n",
      'channels[1]: the name "s" is used twice',
    ],
    ["invalid YAML", "channels: [ {name: x\n  url: 'https://hooks.slack.example/verysecretpart'", "is not valid YAML"],
  ])("refuses %s, naming the file and the field, never the secret", (_, text, expected) => {
    const path = write(text);
    const message = refusal(() => readAlertsFile(path, ENV));
    expect(message).toContain(`${path}: `);
    expect(message).toContain(expected);
    expect(message).not.toContain("verysecretpart");
  });

  it("refuses a missing file, invalid JSON and another extension", () => {
    expect(refusal(() => readAlertsFile(join(dir, "absent.yaml"), ENV))).toContain(
      `${join(dir, "absent.yaml")}: cannot be read (ENOENT)`,
    );
    expect(refusal(() => readAlertsFile(write("{ nope", "json"), ENV))).toContain("is not valid JSON");
    expect(refusal(() => readAlertsFile(write("{}", "toml"), ENV))).toContain("must end in .json, .yaml or .yml");
  });
});

describe("ALERTS_FILE in the configuration", () => {
  it("is read at start with the environment it is given; unset, there is none", () => {
    expect(loadEnv({}).alertsFile).toBeNull();
    const path = write(YAML_FILE);
    const env = loadEnv({ ALERTS_FILE: path, ...ENV });
    expect(env.alertsFile?.rules).toHaveLength(2);
  });

  it("stops the start naming ALERTS_FILE, the file and the field", () => {
    const path = write(YAML_FILE);
    const withoutSlack = { ...ENV, SLACK_WEBHOOK_URL: undefined };
    let caught: unknown;
    try {
      loadEnv({ ALERTS_FILE: path, ...withoutSlack });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    expect((caught as EnvError).variables).toEqual(["ALERTS_FILE"]);
    expect((caught as EnvError).message).toContain(
      `${path}: channels[0] ("ops-slack"): url refers to \${SLACK_WEBHOOK_URL}`,
    );
  });
});

describe("ALERTS_FILE with several accounts", () => {
  const ACCOUNTS = { KLAVIYO_ACCOUNTS: "brand-a:simulator,brand-b:simulator" };
  const PER_ACCOUNT = `
channels:
  - { name: ops, kind: slack, url: '\${SLACK_WEBHOOK_URL}' }
  - { name: ops, account: brand-b, kind: slack, url: '\${SLACK_WEBHOOK_URL}' }
rules:
  - { name: Runs, kind: run_finished, channels: [ops] }
  - { name: Runs, account: brand-b, kind: run_finished, channels: [ops] }
  - { name: Also A, account: brand-a, kind: run_finished, channels: [ops] }
`;

  it("gives an entry without an account to the default one, and the same name to each account apart", () => {
    const env = loadEnv({ ALERTS_FILE: write(PER_ACCOUNT), ...ENV, ...ACCOUNTS });
    const file = env.alertsFile!;
    const [ofA, ofB] = file.channels;
    expect(ofA).toMatchObject({ account: "simulator-brand-a", id: fileChannelId("ops") });
    expect(ofB).toMatchObject({ account: "simulator-brand-b", id: fileChannelId("ops", "brand-b") });
    expect(ofB?.id).not.toBe(ofA?.id);
    expect(file.rules.map(({ account, id, channelIds }) => ({ account, id, channelIds }))).toEqual([
      { account: "simulator-brand-a", id: fileRuleId("Runs"), channelIds: [ofA?.id] },
      { account: "simulator-brand-b", id: fileRuleId("Runs", "brand-b"), channelIds: [ofB?.id] },
      { account: "simulator-brand-a", id: fileRuleId("Also A"), channelIds: [ofA?.id] },
    ]);
  });

  it("refuses a rule naming a channel of another account", () => {
    const text = `
channels:
  - { name: b-only, account: brand-b, kind: slack, url: '\${SLACK_WEBHOOK_URL}' }
rules:
  - { name: r, kind: run_finished, channels: [b-only] }
`;
    const path = write(text);
    expect(refusal(() => loadEnv({ ALERTS_FILE: path, ...ENV, ...ACCOUNTS }))).toContain(
      `${path}: rules[0] ("r"): channels names "b-only", which the file's channels do not`,
    );
  });

  it("stops the start when an entry names an account that is not configured", () => {
    const path = write(`channels:\n  - { name: s, account: brand-z, kind: slack, url: '\${SLACK_WEBHOOK_URL}' }\n`);
    let caught: unknown;
    try {
      loadEnv({ ALERTS_FILE: path, ...ENV, ...ACCOUNTS });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    expect((caught as EnvError).variables).toEqual(["ALERTS_FILE"]);
    expect((caught as EnvError).message).toContain(
      `${path}: channels[0] ("s"): account names "brand-z", which is not a configured account ("brand-a", "brand-b")`,
    );
    // With one account, an account must name that one (`default`).
    const one = write(`rules:\n  - { name: r, account: brand-a, kind: run_finished, channels: [] }\n`);
    expect(refusal(() => readAlertsFile(one, ENV))).toContain('account names "brand-a"');
  });
});
