import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { installAuditWriter } from "../audit/hook";
import type { AuditEntry } from "../store/audit";
import { createSessionToken, SESSION_COOKIE } from "./session";

/*
 * The proxy's decisions about people: who sees which account (404 for one they may not see, the same
 * answer as for one that does not exist), who may change things (403 for a viewer), and what it
 * tells the rest of the server (headers a caller cannot forge).
 */

const SECRET = "proxy-test-session-secret-0123456789";
const HASH = "scrypt$16384$8$1$c2FsdA$a2V5";
type Proxy = typeof import("@/proxy").proxy;
let proxy: Proxy;
const audited: AuditEntry[] = [];
installAuditWriter((entry) => audited.push(entry));

function ask(path: string, user?: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(init.headers);
  if (user) headers.set("cookie", `${SESSION_COOKIE}=${createSessionToken(user, SECRET)}`);
  return proxy(new NextRequest(`http://dashboard.test${path}`, { method: init.method ?? "GET", headers }));
}

/** A header the proxy passed on to the page or route (NextResponse.next's request override). */
const passed = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

async function loadProxy(env: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  proxy = (await import("@/proxy")).proxy;
}

afterAll(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("with roles and two accounts", () => {
  beforeAll(() =>
    loadProxy({
      KLAVIYO_API_KEY: "",
      KLAVIYO_ACCOUNTS: "brand-a:simulator,brand-b:simulator:7",
      SESSION_SECRET: SECRET,
      DASHBOARD_PASSWORD: "",
      OIDC_ISSUER: "",
      DASHBOARD_USERS: `ana:${HASH},ben:viewer:brand-a:${HASH},cy:admin:brand-b:${HASH}`,
    }),
  );

  it("answers an account a viewer may not see exactly as one that does not exist", async () => {
    const hidden = await ask("/a/brand-b/api/jobs?type=item-create", "ben");
    const missing = await ask("/a/brand-z/api/jobs?type=item-create", "ben");
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
    // Export links and cursors ride on the same paths.
    expect((await ask("/a/brand-b/api/jobs/export?type=item-create&cursor=abc", "ben")).status).toBe(404);
    // A page in it is left for the app's 404 page: no account is passed on.
    const page = await ask("/a/brand-b/runs", "ben");
    expect(page.status).toBe(200);
    expect(page.headers.get("location")).toBeNull();
    expect(passed(page, "x-dashboard-account")).toBeNull();
    expect(passed(await ask("/a/brand-a/runs", "ben"), "x-dashboard-account")).toBe("brand-a");
    // Each reach into brand-b is audited; the made-up account is not an account to audit.
    const denied = audited.filter((entry) => entry.action === "denied");
    expect(denied.map((entry) => [entry.actor, entry.account, entry.target])).toEqual([
      ["ben", "brand-b", "GET /a/brand-b/api/jobs?type=item-create"],
      ["ben", "brand-b", "GET /a/brand-b/api/jobs/export?type=item-create&cursor=abc"],
      ["ben", "brand-b", "GET /a/brand-b/runs"],
    ]);
  });

  it("sends someone who may not see the default account to the first one they may, for pages only", async () => {
    const moved = await ask("/jobs?status=failed", "cy");
    expect(moved.status).toBe(307);
    expect(
      new URL(moved.headers.get("location") ?? "").pathname + new URL(moved.headers.get("location") ?? "").search,
    ).toBe("/a/brand-b/jobs?status=failed");
    expect((await ask("/api/jobs?type=item-create", "cy")).status).toBe(404);
    // The overview spans accounts: it is theirs as long as they may see one.
    const overview = await ask("/api/overview", "cy");
    expect(overview.status).toBe(200);
    expect(passed(overview, "x-dashboard-accounts")).toBe("brand-b");
  });

  it("refuses a viewer's changes with 403, and lets an admin's and the sign-out through", async () => {
    const refused = await ask("/a/brand-a/api/runs/keep", "ben", { method: "POST" });
    expect(refused.status).toBe(403);
    expect(audited.at(-1)).toMatchObject({ actor: "ben", action: "forbidden", account: "brand-a" });
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
    expect((await ask("/api/alerts/rules", "ben", { method: "POST" })).status).toBe(403);
    expect(passed(await ask("/a/brand-a/api/runs/keep", "ana", { method: "POST" }), "x-dashboard-role")).toBe("admin");
    // cy is admin of brand-b, and so may change things there but not in brand-a, which they cannot see.
    expect(passed(await ask("/a/brand-b/api/runs/keep", "cy", { method: "PUT" }), "x-dashboard-role")).toBe("admin");
    expect((await ask("/a/brand-a/api/runs/keep", "cy", { method: "PUT" })).status).toBe(404);
    expect((await ask("/api/auth/sign-out", "ben", { method: "POST" })).status).not.toBe(403);
  });

  it("passes on who is asking in headers a caller cannot forge", async () => {
    const forged = {
      "x-dashboard-role": "admin",
      "x-dashboard-accounts": "brand-a,brand-b",
      "x-dashboard-user": "ana",
      "x-dashboard-admin-of": "brand-a,brand-b",
      "x-dashboard-admin-everywhere": "1",
    };
    const response = await ask("/a/brand-a/jobs", "ben", { headers: forged });
    expect(passed(response, "x-dashboard-role")).toBe("viewer");
    expect(passed(response, "x-dashboard-accounts")).toBe("brand-a");
    expect(passed(response, "x-dashboard-user")).toBe("ben");
    expect(passed(response, "x-dashboard-admin-of")).toBe("");
    expect(passed(response, "x-dashboard-admin-everywhere")).toBeNull();
    // An admin of one account is told so (the audit entries about it are theirs to read).
    const cy = await ask("/a/brand-b/audit", "cy", { headers: forged });
    expect(passed(cy, "x-dashboard-admin-of")).toBe("brand-b");
    expect(passed(cy, "x-dashboard-admin-everywhere")).toBeNull();
    expect(passed(await ask("/audit", "ana"), "x-dashboard-admin-everywhere")).toBe("1");
    // On the public sign-in page, where the proxy decides nothing, they are dropped all the same.
    const signIn = await ask("/sign-in", undefined, { headers: { ...forged, "x-dashboard-account": "brand-b" } });
    for (const name of [...Object.keys(forged), "x-dashboard-account"]) expect(passed(signIn, name)).toBeNull();
    // Without a session the forged headers get nowhere either.
    expect((await ask("/api/jobs", undefined, { headers: forged })).status).toBe(401);
  });

  it("ends the session of someone no longer configured at their next request", async () => {
    const page = await ask("/runs", "zoe");
    expect(page.status).toBe(303);
    const location = new URL(page.headers.get("location") ?? "");
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("error")).toBe("no-access");
    expect(page.headers.get("set-cookie")).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    expect((await ask("/api/runs", "zoe")).status).toBe(401);
  });
});

describe("without sign-in", () => {
  beforeAll(() =>
    loadProxy({
      KLAVIYO_API_KEY: "",
      KLAVIYO_ACCOUNTS: "brand-a:simulator,brand-b:simulator:7",
      SESSION_SECRET: "",
      DASHBOARD_USERS: "",
      DASHBOARD_PASSWORD: "",
      OIDC_ISSUER: "",
    }),
  );

  it("lets everyone see and change every account, as before roles", async () => {
    const response = await ask("/a/brand-b/api/runs/keep", undefined, { method: "POST" });
    expect(passed(response, "x-dashboard-role")).toBe("admin");
    expect(passed(response, "x-dashboard-accounts")).toBe("brand-a,brand-b");
  });
});

describe("with company sign-in", () => {
  const RECHECK_SECONDS = 600;
  beforeAll(() =>
    loadProxy({
      KLAVIYO_API_KEY: "",
      KLAVIYO_ACCOUNTS: "",
      SESSION_SECRET: SECRET,
      DASHBOARD_PASSWORD: "",
      DASHBOARD_USERS: "",
      OIDC_ISSUER: "https://idp.example.com",
      OIDC_CLIENT_ID: "dashboard",
      OIDC_CLIENT_SECRET: "client-secret-0123456789",
      OIDC_GROUP_ROLES: "ops=admin:*",
      OIDC_RECHECK_SECONDS: String(RECHECK_SECONDS),
    }),
  );

  const session = (ageSeconds: number, via: "oidc" | "password" = "oidc") =>
    createSessionToken("ana@example.com", SECRET, Date.now() - ageSeconds * 1000, {
      ...(via === "oidc" ? { via } : {}),
      groups: ["ops"],
    });
  const askWith = (path: string, token: string, method = "GET") =>
    proxy(
      new NextRequest(`http://dashboard.test${path}`, { method, headers: { cookie: `${SESSION_COOKIE}=${token}` } }),
    );

  it("lets a company sign-in younger than OIDC_RECHECK_SECONDS through", async () => {
    const page = await askWith("/jobs?status=failed", session(RECHECK_SECONDS - 30));
    expect(page.status).toBe(200);
    expect(decodeURIComponent(passed(page, "x-dashboard-user") ?? "")).toBe("ana@example.com");
    expect((await askWith("/api/jobs?type=item-create", session(RECHECK_SECONDS - 30))).status).toBe(200);
  });

  it("sends an older one's page load by the provider, silently, back to the same address", async () => {
    const page = await askWith("/jobs?status=failed", session(RECHECK_SECONDS + 30));
    expect(page.status).toBe(303);
    const location = new URL(page.headers.get("location") ?? "");
    expect(location.pathname).toBe("/api/auth/oidc/start");
    expect(Object.fromEntries(location.searchParams)).toEqual({ next: "/jobs?status=failed", silent: "1" });
  });

  it("tells an older one's API calls to reload, and lets the sign-in routes through", async () => {
    for (const [path, method] of [
      ["/api/jobs?type=item-create", "GET"],
      ["/api/keep", "POST"],
    ] as const) {
      const api = await askWith(path, session(RECHECK_SECONDS + 30), method);
      expect(api.status, path).toBe(401);
      expect(await api.json()).toMatchObject({ error: { code: "reauthenticate" } });
    }
    expect((await askWith("/api/auth/oidc/start?silent=1", session(RECHECK_SECONDS + 30))).status).toBe(200);
    expect((await askWith("/api/auth/oidc/callback?code=x", session(RECHECK_SECONDS + 30))).status).toBe(200);
  });

  it("never rechecks a session that did not come from the provider", async () => {
    const local = await askWith("/jobs", session(RECHECK_SECONDS + 30, "password"));
    expect(local.headers.get("location")).toBeNull();
    expect((await askWith("/api/jobs?type=item-create", session(RECHECK_SECONDS + 30, "password"))).status).toBe(200);
  });
});
