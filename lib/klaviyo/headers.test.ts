import { describe, expect, it } from "vitest";
import { buildHeaders, USER_AGENT } from "./headers";
import { keyFingerprint, redact } from "./secret";

describe("buildHeaders", () => {
  it("sets Klaviyo's auth scheme, the revision, the JSON:API media type and our User-Agent", () => {
    const headers = buildHeaders({ apiKey: "pk_test_123456", revision: "2026-07-15" });
    expect(headers.get("authorization")).toBe("Klaviyo-API-Key pk_test_123456");
    expect(headers.get("revision")).toBe("2026-07-15");
    expect(headers.get("accept")).toBe("application/vnd.api+json");
    expect(headers.get("user-agent")).toBe(USER_AGENT);
    expect([...headers.keys()].sort()).toEqual(["accept", "authorization", "revision", "user-agent"]);
  });
});

describe("keyFingerprint and redact", () => {
  it("fingerprints a key without containing it", () => {
    const fingerprint = keyFingerprint("pk_planted_secret_123");
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint).toBe(keyFingerprint("pk_planted_secret_123"));
    expect(fingerprint).not.toBe(keyFingerprint("pk_other_secret_456"));
    expect(fingerprint).not.toContain("pk_");
  });

  it("removes every occurrence of the secret", () => {
    expect(redact("a pk_x12345 b pk_x12345", "pk_x12345")).toBe("a [redacted] b [redacted]");
    expect(redact("nothing here", undefined)).toBe("nothing here");
  });
});
