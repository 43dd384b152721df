import { describe, expect, it } from "vitest";
import { createDeviceToken, readDeviceToken } from "./device";
import { hashPassword, sameSecret, verifyPassword } from "./password";
import { createSessionToken, readSessionToken, safeReturnPath } from "./session";

const SECRET = "s".repeat(40);

describe("passwords", () => {
  it("verifies an scrypt hash and rejects a wrong password or a mangled hash", async () => {
    const hash = await hashPassword("correct horse battery", { N: 1024, r: 8, p: 1 });
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await verifyPassword("correct horse battery", hash.replace("scrypt", "bcrypt"))).toBe(false);
    expect(await verifyPassword("x", "scrypt$999999999$8$1$a$b")).toBe(false);
  });

  it("compares shared passwords exactly", () => {
    expect(sameSecret("hunter2hunter2", "hunter2hunter2")).toBe(true);
    expect(sameSecret("hunter2hunter2", "hunter2hunter3")).toBe(false);
    expect(sameSecret("short", "longer one")).toBe(false);
  });
});

describe("sessions", () => {
  it("round-trips a signed session and rejects tampering, other secrets and expiry", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    const token = createSessionToken("alice", SECRET, now);
    expect(readSessionToken(token, SECRET, now + 1000)?.user).toBe("alice");
    expect(readSessionToken(token, "t".repeat(40), now)).toBeNull();
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "mallory", exp: now + 1e9 })).toString("base64url");
    expect(readSessionToken(`${forged}.${signature}`, SECRET, now)).toBeNull();
    expect(readSessionToken(`${payload}.${signature}.x`, SECRET, now)).toBeNull();
    expect(readSessionToken(token, SECRET, now + 13 * 3600 * 1000)).toBeNull();
    expect(readSessionToken(undefined, SECRET, now)).toBeNull();
  });

  it("carries how a person signed in and their provider groups, and nothing of the sort for passwords", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    const company = createSessionToken("alice@example.com", SECRET, now, { via: "oidc", groups: ["ops"] });
    expect(readSessionToken(company, SECRET, now)).toEqual({
      user: "alice@example.com",
      expiresAt: now + 12 * 3600 * 1000,
      via: "oidc",
      groups: ["ops"],
      issuedAt: now,
    });
    expect(readSessionToken(createSessionToken("bob", SECRET, now), SECRET, now)).toEqual({
      user: "bob",
      expiresAt: now + 12 * 3600 * 1000,
      issuedAt: now,
    });
  });

  it("only returns to same-site paths after sign-in", () => {
    expect(safeReturnPath("/jobs/item-create/01J?tab=errors&code=invalid")).toBe(
      "/jobs/item-create/01J?tab=errors&code=invalid",
    );
    for (const bad of [
      "https://evil.example/",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "/sign-in?next=/x",
      null,
      42,
    ]) {
      expect(safeReturnPath(bad)).toBe("/jobs");
    }
  });
});

describe("device cookies", () => {
  it("name the browser's device only for the name it signed in as, and only when genuine", () => {
    const token = createDeviceToken("alice", SECRET);
    const id = readDeviceToken(token, "alice", SECRET);
    expect(id).toMatch(/^[\w-]{16}$/);
    expect(readDeviceToken(createDeviceToken("alice", SECRET), "alice", SECRET)).not.toBe(id);
    expect(readDeviceToken(token, "bob", SECRET)).toBeUndefined();
    expect(readDeviceToken(token, "alice", "t".repeat(40))).toBeUndefined();
    expect(readDeviceToken(`${token}x`, "alice", SECRET)).toBeUndefined();
    // A session is not a device cookie, nor the other way round.
    expect(readDeviceToken(createSessionToken("alice", SECRET), "alice", SECRET)).toBeUndefined();
    expect(readSessionToken(token, SECRET)).toBeNull();
  });
});
