import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { beginSignIn, finishSignIn, forgetDiscovery, OidcError } from "./oidc.server";
import { startTestIdp, type TestIdp } from "./testing-idp";

/*
 * Company sign-in against a real OpenID provider on this machine: the browser's part (following
 * redirects, the provider's login form, its cookies) is played by fetch with a cookie jar.
 */

const DASHBOARD = "http://dashboard.test";
const SECRET = "s".repeat(40);
let idp: TestIdp;
let env: Parameters<typeof beginSignIn>[0];

/** Signs `login` in at the provider from the authorization URL; the URL the provider sends back. */
async function atProvider(authorizationUrl: string, login: string, jar = new Map<string, string>()): Promise<string> {
  let url = authorizationUrl;
  let form: string | undefined;
  for (let step = 0; step < 12; step++) {
    const response = await fetch(url, {
      method: form ? "POST" : "GET",
      body: form,
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";")[0] ?? "";
      jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    const location = response.headers.get("location");
    if (response.status === 200 && new URL(url).pathname.startsWith("/interaction/") && !form) {
      if (!login) throw new Error("the provider asked who is there");
      form = new URLSearchParams({ login }).toString();
      continue;
    }
    if (!location) throw new Error(`stuck at ${new URL(url).pathname}: ${response.status} ${await response.text()}`);
    const next = new URL(location, url).href;
    if (next.startsWith(DASHBOARD)) return next;
    url = next;
    form = undefined;
  }
  throw new Error("too many redirects");
}

async function signIn(login = "alice", next = "/runs?from=a", jar = new Map<string, string>()) {
  const started = await beginSignIn(env, new Request(`${DASHBOARD}/api/auth/oidc/start`), next);
  const back = await atProvider(started.location, login, jar);
  return { back, flowCookie: started.flowCookie };
}

/** A silent check (`prompt=none`) from a browser holding `jar`: nobody is there to type a name. */
async function silently(jar: Map<string, string>, next = "/jobs") {
  const started = await beginSignIn(env, new Request(`${DASHBOARD}/api/auth/oidc/start`), next, Date.now(), {
    silent: true,
  });
  expect(new URL(started.location).searchParams.get("prompt")).toBe("none");
  const back = await atProvider(started.location, "", jar);
  return finishSignIn(env, new Request(back), started.flowCookie);
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "signed in",
    (error: unknown) => (error instanceof OidcError ? error.failure : `unexpected: ${String(error)}`),
  );

beforeAll(async () => {
  idp = await startTestIdp({
    redirectUris: [`${DASHBOARD}/api/auth/oidc/callback`],
    users: {
      alice: { email: "alice@example.com", groups: ["brand-a-viewers", "ops"] },
      bob: { email: "bob@example.com" },
    },
  });
  env = {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_GROUPS_CLAIM: "groups",
    SESSION_SECRET: SECRET,
    PUBLIC_URL: DASHBOARD,
  };
});
afterAll(() => idp?.close());
beforeEach(() => {
  idp.tamper = "none";
  forgetDiscovery();
});

describe("company sign-in (OpenID Connect)", () => {
  it("signs a person in with their email and groups, and returns them where they were going", async () => {
    const { back, flowCookie } = await signIn("alice");
    const identity = await finishSignIn(env, new Request(back), flowCookie);
    expect(identity).toEqual({
      user: "alice@example.com",
      groups: ["brand-a-viewers", "ops"],
      next: "/runs?from=a",
      renewed: false,
    });
  });

  it("renews a session silently with the groups the provider holds now, and ends it once nobody is signed in there", async () => {
    const jar = new Map<string, string>();
    const { back, flowCookie } = await signIn("alice", "/runs", jar);
    await finishSignIn(env, new Request(back), flowCookie);
    const alice = idp.users.get("alice")!;
    const before = alice.groups;
    try {
      alice.groups = ["ops"];
      expect(await silently(jar, "/a/brand-b/jobs")).toEqual({
        user: "alice@example.com",
        groups: ["ops"],
        next: "/a/brand-b/jobs",
        renewed: true,
      });
    } finally {
      alice.groups = before;
    }
    // Another browser (no session at the provider), or one whose person signed out there.
    expect(await failure(silently(new Map()))).toBe("oidc-ended");
  });

  it("sends the provider PKCE, a state and a nonce, and never the client secret", async () => {
    const { location } = await beginSignIn(env, new Request(`${DASHBOARD}/x`), "/jobs");
    const asked = new URL(location).searchParams;
    expect(asked.get("code_challenge_method")).toBe("S256");
    expect(asked.get("state")?.length).toBeGreaterThan(20);
    expect(asked.get("nonce")?.length).toBeGreaterThan(20);
    expect(asked.get("redirect_uri")).toBe(`${DASHBOARD}/api/auth/oidc/callback`);
    expect(location).not.toContain(idp.clientSecret);
  });

  it("refuses an ID token whose payload was edited after signing", async () => {
    const { back, flowCookie } = await signIn();
    idp.tamper = "signature";
    expect(await failure(finishSignIn(env, new Request(back), flowCookie))).toBe("oidc-failed");
  });

  it("refuses a correctly signed ID token meant for another client", async () => {
    const { back, flowCookie } = await signIn();
    idp.tamper = "audience";
    expect(await failure(finishSignIn(env, new Request(back), flowCookie))).toBe("oidc-failed");
  });

  it("refuses an expired ID token", async () => {
    const { back, flowCookie } = await signIn();
    idp.tamper = "expired";
    expect(await failure(finishSignIn(env, new Request(back), flowCookie))).toBe("oidc-failed");
  });

  it("refuses an answer meant for another sign-in (state), a replayed code, and a missing or stale flow", async () => {
    const first = await signIn();
    const second = await signIn();
    // The provider's answer to the first sign-in, in a browser whose cookie is the second's.
    expect(await failure(finishSignIn(env, new Request(first.back), second.flowCookie))).toBe("oidc-failed");
    // The second goes through once; its code does not work again.
    expect((await finishSignIn(env, new Request(second.back), second.flowCookie)).user).toBe("alice@example.com");
    expect(await failure(finishSignIn(env, new Request(second.back), second.flowCookie))).toBe("oidc-failed");

    const third = await signIn();
    expect(await failure(finishSignIn(env, new Request(third.back), undefined))).toBe("oidc-expired");
    const later = Date.now() + 11 * 60 * 1000;
    expect(await failure(finishSignIn(env, new Request(third.back), third.flowCookie, later))).toBe("oidc-expired");
    const forged = `${third.flowCookie.split(".")[0]}.AAAA`;
    expect(await failure(finishSignIn(env, new Request(third.back), forged))).toBe("oidc-expired");
  });

  it("says the provider is unavailable while it is down, and works again once it is back", async () => {
    const down = { ...env, OIDC_ISSUER: "http://127.0.0.1:9" };
    expect(await failure(beginSignIn(down, new Request(`${DASHBOARD}/x`), "/jobs"))).toBe("oidc-unavailable");
    const { back, flowCookie } = await signIn("bob", "/jobs");
    // No groups claim content for bob: an empty list, not a failure.
    expect(await finishSignIn(env, new Request(back), flowCookie)).toEqual({
      user: "bob@example.com",
      groups: [],
      next: "/jobs",
      renewed: false,
    });
  });
});

describe("the provider going away mid-sign-in", () => {
  it("says it is unavailable when the token endpoint cannot be reached", async () => {
    const { back, flowCookie } = await signIn();
    await idp.close();
    expect(await failure(finishSignIn(env, new Request(back), flowCookie))).toBe("oidc-unavailable");
  });
});
