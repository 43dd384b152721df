import { describe, expect, it } from "vitest";
import { type AccessConfig, accessOf, parseGroupRoles, parseUserEntries, roleIn, visibleTo } from "./access";

const ACCOUNTS = ["brand-a", "brand-b", "brand-c"];
const H = "scrypt$16384$8$1$c2FsdA$a2V5";

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return "accepted";
}

describe("DASHBOARD_USERS with roles and accounts", () => {
  it("reads the old name:hash as admin of all, and name:role:accounts:hash as given", () => {
    const users = parseUserEntries(
      `ana:${H},ben:viewer:brand-a:${H},cy:admin:brand-b+brand-c:${H},di:viewer:*:${H}`,
      ACCOUNTS,
    );
    expect(Object.fromEntries([...users].map(([name, user]) => [name, user.grant]))).toEqual({
      ana: { role: "admin", accounts: "*" },
      ben: { role: "viewer", accounts: ["brand-a"] },
      cy: { role: "admin", accounts: ["brand-b", "brand-c"] },
      di: { role: "viewer", accounts: "*" },
    });
    expect(users.get("ben")?.hash).toBe(H);
  });

  it("refuses an unknown role or account, a duplicate, a wrong shape and a hash not made by the tool", () => {
    expect(refusal(() => parseUserEntries(`ben:owner:brand-a:${H}`, ACCOUNTS))).toMatch(/role "owner"/);
    expect(refusal(() => parseUserEntries(`ben:viewer:brand-z:${H}`, ACCOUNTS))).toMatch(/account "brand-z"/);
    expect(refusal(() => parseUserEntries(`ben:${H},ben:${H}`, ACCOUNTS))).toMatch(/listed twice/);
    expect(refusal(() => parseUserEntries(`ben:viewer:${H}`, ACCOUNTS))).toMatch(/name:role:accounts:hash/);
    expect(refusal(() => parseUserEntries("ben:viewer:*:plaintext", ACCOUNTS))).toMatch(/hash-password/);
  });
});

describe("OIDC_GROUP_ROLES", () => {
  it("maps groups to grants, several per group allowed, and refuses what it cannot read", () => {
    const groups = parseGroupRoles(
      "ops=admin:*, help desk=viewer:brand-a+brand-b,brand-c team=admin:brand-c",
      ACCOUNTS,
    );
    expect(groups.get("ops")).toEqual([{ role: "admin", accounts: "*" }]);
    expect(groups.get("help desk")).toEqual([{ role: "viewer", accounts: ["brand-a", "brand-b"] }]);
    expect(groups.get("brand-c team")).toEqual([{ role: "admin", accounts: ["brand-c"] }]);
    expect(refusal(() => parseGroupRoles("ops", ACCOUNTS))).toMatch(/group=role:accounts/);
    expect(refusal(() => parseGroupRoles("ops=root:*", ACCOUNTS))).toMatch(/role "root"/);
    expect(refusal(() => parseGroupRoles("ops=viewer:brand-q", ACCOUNTS))).toMatch(/account "brand-q"/);
  });
});

describe("what a person may do", () => {
  const users = parseUserEntries(`ana:${H},ben:viewer:brand-a:${H}`, ACCOUNTS);
  const groupRoles = parseGroupRoles("ops=admin:brand-b,help=viewer:*", ACCOUNTS);
  const config: AccessConfig = { authEnabled: true, users, groupRoles };

  it("gives everyone admin of all without sign-in, and nobody anything without a session", () => {
    const open = accessOf(null, { authEnabled: false, users: null, groupRoles: null });
    expect(open && ACCOUNTS.map((account) => roleIn(open, account))).toEqual(["admin", "admin", "admin"]);
    expect(accessOf(null, config)).toBeNull();
  });

  it("limits a viewer to their accounts, and drops a user who is no longer configured", () => {
    const ben = accessOf({ user: "ben" }, config);
    expect(ben && ACCOUNTS.map((account) => roleIn(ben, account))).toEqual(["viewer", null, null]);
    expect(ben && visibleTo(ben, ACCOUNTS)).toEqual(["brand-a"]);
    expect(accessOf({ user: "zoe" }, config)).toBeNull();
    // The shared password's sessions (no DASHBOARD_USERS) stay admin of all.
    const team = accessOf({ user: "team" }, { authEnabled: true, users: null, groupRoles: null });
    expect(team && roleIn(team, "brand-c")).toBe("admin");
  });

  it("unions a company identity's groups, the highest role winning per account", () => {
    const both = accessOf({ user: "eve@example.com", via: "oidc", groups: ["help", "ops", "unmapped"] }, config);
    expect(both && ACCOUNTS.map((account) => roleIn(both, account))).toEqual(["viewer", "admin", "viewer"]);
    // In none of the mapped groups (or removed from them): no access at all.
    expect(accessOf({ user: "x@example.com", via: "oidc", groups: ["unmapped"] }, config)).toBeNull();
    expect(accessOf({ user: "x@example.com", via: "oidc" }, config)).toBeNull();
    // Without a mapping, whoever the provider signs in is admin of all (as without roles).
    const unmapped = accessOf({ user: "x@example.com", via: "oidc" }, { ...config, groupRoles: null });
    expect(unmapped && roleIn(unmapped, "brand-b")).toBe("admin");
  });
});
