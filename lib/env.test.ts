import { describe, expect, it } from "vitest";
import { EnvError, loadEnv } from "./env";

describe("loadEnv", () => {
  it("defaults to the simulator on loopback with the current revision", () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      upstream: "simulator",
      KLAVIYO_BASE_URL: "https://a.klaviyo.com",
      KLAVIYO_REVISION: "2026-10-15",
      LOG_LEVEL: "info",
      PORT: 3000,
      HOST: "127.0.0.1",
      MAX_IN_FLIGHT: 16,
      MAX_QUEUE: 32,
      MAX_QUEUE_WAIT_MS: 1000,
    });
    expect(loadEnv({ MAX_IN_FLIGHT: " 4 ", MAX_QUEUE: "0", MAX_QUEUE_WAIT_MS: "250" })).toMatchObject({
      MAX_IN_FLIGHT: 4,
      MAX_QUEUE: 0,
      MAX_QUEUE_WAIT_MS: 250,
    });
    expect(env.KLAVIYO_API_KEY).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.METRICS_TOKEN).toBeUndefined();
    // The job history is embedded unless a PostgreSQL server is named.
    expect(env.DATA_DIR).toBe("./.data");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(loadEnv({ DATABASE_URL: "postgresql://u:p@db:5432/history" }).DATABASE_URL).toBe(
      "postgresql://u:p@db:5432/history",
    );
  });

  it("still accepts the previous revision, and reads the log level and metrics token", () => {
    expect(loadEnv({ KLAVIYO_REVISION: "2026-07-15" }).KLAVIYO_REVISION).toBe("2026-07-15");
    const env = loadEnv({ LOG_LEVEL: " Warn ", METRICS_TOKEN: "metrics-token-0123456789" });
    expect(env.LOG_LEVEL).toBe("warn");
    expect(env.METRICS_TOKEN).toBe("metrics-token-0123456789");
  });

  it("never echoes a refused metrics token", () => {
    expect(() => loadEnv({ METRICS_TOKEN: "tooShort9" })).toThrow(/METRICS_TOKEN/);
    try {
      loadEnv({ METRICS_TOKEN: "tooShort9" });
    } catch (error) {
      expect(String(error)).not.toContain("tooShort9");
    }
  });

  it("treats blank values as unset", () => {
    expect(loadEnv({ KLAVIYO_API_KEY: "  ", PORT: "" })).toMatchObject({ upstream: "simulator", PORT: 3000 });
  });

  it("switches to Klaviyo when a key is set and trims a trailing slash from the base URL", () => {
    const env = loadEnv({ KLAVIYO_API_KEY: "pk_abcdef123456", KLAVIYO_BASE_URL: "http://127.0.0.1:4010/" });
    expect(env.upstream).toBe("klaviyo");
    expect(env.KLAVIYO_BASE_URL).toBe("http://127.0.0.1:4010");
  });

  it.each([
    ["KLAVIYO_API_KEY", "sk_live_nope"],
    ["KLAVIYO_BASE_URL", "ftp://a.klaviyo.com"],
    ["KLAVIYO_REVISION", "latest"],
    ["REDIS_URL", "http://localhost:6379"],
    ["DATABASE_URL", "mysql://db.internal/history"],
    ["DATABASE_URL", "not a url"],
    ["PORT", "70000"],
    ["PORT", "3000.5"],
    ["HOST", "bad host"],
    ["KLAVIYO_SHARE", "0"],
    ["KLAVIYO_SHARE", "1.5"],
    ["KLAVIYO_SHARE", "half"],
    ["COLLECTOR_SHARE", "-0.1"],
    ["COLLECTOR_SHARE", "0.75"],
    ["LOG_LEVEL", "loud"],
    ["METRICS_TOKEN", "short"],
    ["MAX_IN_FLIGHT", "0"],
    ["MAX_IN_FLIGHT", "eight"],
    ["MAX_IN_FLIGHT", "2.5"],
    ["MAX_QUEUE", "-1"],
    ["MAX_QUEUE", "1000000"],
    ["MAX_QUEUE_WAIT_MS", "0"],
    ["MAX_QUEUE_WAIT_MS", "soon"],
    ["COLLECTOR_INTERVAL_MS", "fast"],
    ["COLLECTOR_INTERVAL_MS", "50"],
    ["COLLECTOR_INTERVAL_MS", "1500.5"],
    ["COLLECTOR_INTERVAL_MS", "86400000"],
    ["ALERTS_DELIVERY", "sometimes"],
  ])("rejects a bad %s and names it", (variable, value) => {
    let caught: unknown;
    try {
      loadEnv({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    expect((caught as EnvError).variables).toEqual([variable]);
    expect((caught as EnvError).message).toContain(variable);
  });

  it("never echoes a rejected key in its message", () => {
    const secret = "pk_has spaces_secret";
    expect(() => loadEnv({ KLAVIYO_API_KEY: secret })).toThrowError(/KLAVIYO_API_KEY/);
    try {
      loadEnv({ KLAVIYO_API_KEY: secret });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("secret");
    }
  });

  it("caps the dashboard at half of each endpoint's budget and the collector at a quarter, unless told", () => {
    expect(loadEnv({})).toMatchObject({ KLAVIYO_SHARE: 0.5, COLLECTOR_SHARE: 0.25 });
    expect(loadEnv({ KLAVIYO_SHARE: "0.8", COLLECTOR_SHARE: "0.8" })).toMatchObject({
      KLAVIYO_SHARE: 0.8,
      COLLECTOR_SHARE: 0.8,
    });
    expect(() => loadEnv({ KLAVIYO_SHARE: "0.2" })).toThrowError(/COLLECTOR_SHARE: must not exceed KLAVIYO_SHARE/);
  });

  it("passes the collector every minute when idle unless COLLECTOR_INTERVAL_MS says otherwise", () => {
    expect(loadEnv({}).COLLECTOR_INTERVAL_MS).toBe(60_000);
    expect(loadEnv({ COLLECTOR_INTERVAL_MS: " 1000 " }).COLLECTOR_INTERVAL_MS).toBe(1000);
    expect(() => loadEnv({ COLLECTOR_INTERVAL_MS: "10" })).toThrowError(/COLLECTOR_INTERVAL_MS: must be at least 200/);
  });

  it("takes company sign-in whole or not at all, over https unless the provider is on this machine", () => {
    const secret = { SESSION_SECRET: "x".repeat(32) };
    const whole = {
      ...secret,
      OIDC_ISSUER: "https://login.example.com/oauth2",
      OIDC_CLIENT_ID: "dashboard",
      OIDC_CLIENT_SECRET: "client-secret-value",
    };
    expect(loadEnv(whole)).toMatchObject({ authEnabled: true, oidcEnabled: true, OIDC_NAME: "your company account" });
    expect(loadEnv({}).oidcEnabled).toBe(false);
    expect(loadEnv({ ...whole, OIDC_ISSUER: "http://127.0.0.1:9100" }).oidcEnabled).toBe(true);

    const refused = (source: Record<string, string>) => {
      try {
        loadEnv(source);
      } catch (error) {
        return { variables: (error as EnvError).variables, message: (error as EnvError).message };
      }
      return null;
    };
    expect(refused({ ...secret, OIDC_ISSUER: whole.OIDC_ISSUER })?.variables).toEqual([
      "OIDC_CLIENT_ID",
      "OIDC_CLIENT_SECRET",
    ]);
    expect(refused({ ...whole, OIDC_ISSUER: "http://login.example.com" })?.variables).toEqual(["OIDC_ISSUER"]);
    const noSecret = refused({ ...whole, SESSION_SECRET: "" });
    expect(noSecret?.variables).toEqual(["SESSION_SECRET"]);
    // The client secret is named, never shown.
    expect(noSecret?.message).not.toContain(whole.OIDC_CLIENT_SECRET);
  });
});
