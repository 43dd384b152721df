import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "../env";
import { keyFingerprint } from "../klaviyo/secret";

const KEY_A = "pk_brand_a_secret_0001";
const KEY_B = "pk_brand_b_secret_0002";

function refusal(source: Record<string, string>): EnvError {
  try {
    loadEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error("accepted");
}

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "kbj-accounts-")), name);
  writeFileSync(path, text);
  return path;
}

describe("accounts", () => {
  it("one key is one account, named default, storing under the key's fingerprint as before", () => {
    const env = loadEnv({ KLAVIYO_API_KEY: KEY_A });
    expect(env.accounts).toEqual([
      { name: "default", apiKey: KEY_A, seed: 42, storeId: `key-${keyFingerprint(KEY_A)}`, upstream: "klaviyo" },
    ]);
    expect(env.upstream).toBe("klaviyo");
  });

  it("no key at all is the simulator's one account, stored as `default`", () => {
    const env = loadEnv({ SIMULATOR_SEED: "7" });
    expect(env.accounts).toEqual([
      { name: "default", apiKey: null, seed: 7, storeId: "default", upstream: "simulator" },
    ]);
  });

  it("reads KLAVIYO_ACCOUNTS in order, the first being the default, simulators seeded apart", () => {
    const env = loadEnv({
      KLAVIYO_ACCOUNTS: ` brand-a:${KEY_A} , brand-b:simulator,eu-2:simulator:1234`,
      SIMULATOR_SEED: "42",
    });
    expect(env.accounts.map((a) => [a.name, a.apiKey, a.upstream, a.storeId])).toEqual([
      ["brand-a", KEY_A, "klaviyo", `key-${keyFingerprint(KEY_A)}`],
      ["brand-b", null, "simulator", "simulator-brand-b"],
      ["eu-2", null, "simulator", "simulator-eu-2"],
    ]);
    expect(env.accounts.map((a) => a.seed).slice(1)).toEqual([43, 1234]);
    expect(env.upstream).toBe("klaviyo");
  });

  it("reads the same from a JSON or a YAML file", () => {
    const json = file(
      "accounts.json",
      JSON.stringify({
        accounts: [
          { name: "brand-a", key: KEY_A },
          { name: "brand-b", key: "simulator", seed: 9 },
        ],
      }),
    );
    const yaml = file(
      "accounts.yaml",
      `accounts:\n  - name: brand-a\n    key: ${KEY_A}\n  - name: brand-b\n    key: simulator\n    seed: 9\n`,
    );
    for (const path of [json, yaml]) {
      const env = loadEnv({ KLAVIYO_ACCOUNTS_FILE: path });
      expect(env.accounts.map((a) => [a.name, a.apiKey, a.seed])).toEqual([
        ["brand-a", KEY_A, 42],
        ["brand-b", null, 9],
      ]);
    }
  });

  it.each([
    [
      "a name that is not a slug",
      { KLAVIYO_ACCOUNTS: `Brand_A:${KEY_A}` },
      "KLAVIYO_ACCOUNTS",
      /entry 1: the name \("Brand_A"\) must be/,
    ],
    ["a name too long", { KLAVIYO_ACCOUNTS: `${"a".repeat(41)}:${KEY_A}` }, "KLAVIYO_ACCOUNTS", /entry 1: the name/],
    [
      "a name used twice",
      { KLAVIYO_ACCOUNTS: `brand-a:${KEY_A},brand-a:${KEY_B}` },
      "KLAVIYO_ACCOUNTS",
      /account "brand-a" is named twice/,
    ],
    [
      "a key used twice",
      { KLAVIYO_ACCOUNTS: `brand-a:${KEY_A},brand-b:${KEY_A}` },
      "KLAVIYO_ACCOUNTS",
      /account "brand-b" has the same key as account "brand-a"/,
    ],
    [
      "a bad key",
      { KLAVIYO_ACCOUNTS: `brand-a:${KEY_A},brand-b:sk_${KEY_B}` },
      "KLAVIYO_ACCOUNTS",
      /account "brand-b": the key must be/,
    ],
    [
      "an entry without a key",
      { KLAVIYO_ACCOUNTS: `brand-a:${KEY_A},brand-b` },
      "KLAVIYO_ACCOUNTS",
      /entry 2 is not name:key/,
    ],
    ["a seed on a real key", { KLAVIYO_ACCOUNTS: `brand-a:${KEY_A}:3` }, "KLAVIYO_ACCOUNTS", /entry 1 is not name:key/],
    [
      "both forms at once",
      { KLAVIYO_ACCOUNTS: `brand-a:${KEY_A}`, KLAVIYO_API_KEY: KEY_B },
      "KLAVIYO_ACCOUNTS",
      /set only one of KLAVIYO_API_KEY and KLAVIYO_ACCOUNTS/,
    ],
    [
      "a file that is missing",
      { KLAVIYO_ACCOUNTS_FILE: "/nonexistent/accounts.yaml" },
      "KLAVIYO_ACCOUNTS_FILE",
      /cannot read/,
    ],
  ])("refuses %s, naming the variable and the entry", (_what, source, variable, message) => {
    const error = refusal(source);
    expect(error.variables).toEqual([variable]);
    expect(error.message).toMatch(message);
  });

  it("never echoes a key, even one written where the name goes or in a broken file", () => {
    const swapped = refusal({ KLAVIYO_ACCOUNTS: `${KEY_A}:brand-a` });
    expect(swapped.message).toMatch(/entry 1: the name must be/);
    const broken = file("accounts.yaml", `accounts:\n  - name: brand-a\n    key: ${KEY_B}\n  - [${KEY_A}\n`);
    const notYaml = refusal({ KLAVIYO_ACCOUNTS_FILE: broken });
    expect(notYaml.message).toMatch(/is not valid YAML/);
    const wrongShape = refusal({ KLAVIYO_ACCOUNTS_FILE: file("a.json", JSON.stringify({ [KEY_A]: KEY_B })) });
    expect(wrongShape.message).toMatch(/must hold "accounts"/);
    const bareKey = refusal({ KLAVIYO_ACCOUNTS: `brand-a:${KEY_A},${KEY_B}` });
    for (const error of [swapped, notYaml, wrongShape, bareKey]) {
      expect(error.message).not.toContain("secret_000");
    }
  });
});
