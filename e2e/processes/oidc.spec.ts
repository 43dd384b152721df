import { existsSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { createSessionToken, SESSION_COOKIE } from "../../lib/auth/session";
import { startTestIdp, type TestIdp } from "../../lib/auth/testing-idp";
import { freePort, type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * Company sign-in with a real OpenID provider (oidc-provider, on this machine) and a real dashboard
 * process, in a real browser: the round trip, an ID token that does not check out, and a session
 * that has run out.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

const SESSION_SECRET = "oidc-e2e-session-secret-0123456789abcdef";
const CLIENT_SECRET = "e2e-client-secret-4b9f1d7a";
let idpPort: number;
let idp: TestIdp | undefined;
let dashboard: Running;
let output = "";

test.describe.configure({ mode: "serial" });

/** The provider knows the dashboard's callback, so it starts once the dashboard's port is known. */
async function startProvider(): Promise<TestIdp> {
  idp = await startTestIdp({
    port: idpPort,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${dashboard.url}/api/auth/oidc/callback`],
    users: { alice: { email: "alice@example.com", groups: ["ops"] } },
  });
  return idp;
}

/** A dashboard with company sign-in only, against a provider on `port` of this machine. */
function companySignIn(port: number): Record<string, string> {
  return {
    KLAVIYO_API_KEY: "",
    KLAVIYO_ACCOUNTS: "",
    KLAVIYO_ACCOUNTS_FILE: "",
    DASHBOARD_USERS: "",
    DASHBOARD_PASSWORD: "",
    COLLECTOR: "off",
    SESSION_SECRET,
    OIDC_ISSUER: `http://127.0.0.1:${port}`,
    OIDC_CLIENT_ID: "dashboard",
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_NAME: "Acme SSO",
  };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  idpPort = await freePort();
  dashboard = await startDashboard(companySignIn(idpPort), { onOutput: (text) => (output += text) });
});

test.afterAll(async () => {
  await dashboard?.stop();
  await idp?.close();
});

test.beforeEach(() => {
  if (idp) idp.tamper = "none";
});

async function signInAtProvider(page: Page, name: string): Promise<void> {
  await page.getByRole("link", { name: "Sign in with Acme SSO" }).click();
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the provider not up yet: a clear message on the sign-in page, and sign-in works once it is", async ({ page }) => {
  // The dashboard only asks the provider when someone signs in; a failed discovery is not kept.
  await page.goto(`${dashboard.url}/sign-in?next=/runs`);
  await page.getByRole("link", { name: "Sign in with Acme SSO" }).click();
  await expect(page).toHaveURL(/\/sign-in\?error=oidc-unavailable&next=%2Fruns/);
  await expect(page.getByRole("alert").filter({ hasText: "did not answer" })).toBeVisible();
  await startProvider();
  await signInAtProvider(page, "alice");
  await expect(page).toHaveURL(`${dashboard.url}/runs`);
});

test("a person signs in with the company's provider and lands where their link pointed", async ({ page }) => {
  await page.goto(`${dashboard.url}/runs`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fruns/);
  // Only company sign-in is configured: no password form.
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await signInAtProvider(page, "alice");
  await expect(page).toHaveURL(`${dashboard.url}/runs`);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  const cookies = await page.context().cookies(dashboard.url);
  const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  // The flow's cookie is gone once the sign-in is done.
  expect(cookies.find((cookie) => cookie.name === "bj_oidc")).toBeUndefined();
  expect(output).not.toContain("e2e-client-secret");
});

const TAMPERED = {
  signature: "a payload edited after signing",
  audience: "another client's audience",
  expired: "an expiry in the past",
} as const;

for (const [tamper, what] of Object.entries(TAMPERED) as [keyof typeof TAMPERED, string][]) {
  test(`an ID token with ${what} signs nobody in`, async ({ page }) => {
    if (idp) idp.tamper = tamper;
    await page.goto(`${dashboard.url}/jobs`);
    await signInAtProvider(page, "alice");
    await expect(page).toHaveURL(/\/sign-in\?error=oidc-failed/);
    await expect(page.getByRole("alert").filter({ hasText: "could not be verified" })).toBeVisible();
    // Still signed out: the API refuses, the page sends to sign-in.
    expect((await page.request.get(`${dashboard.url}/api/jobs?type=item-create`)).status()).toBe(401);
    await page.goto(`${dashboard.url}/jobs`);
    await expect(page).toHaveURL(/\/sign-in/);
  });
}

test("a session that has run out sends the person back through the provider", async ({ page }) => {
  const stale = createSessionToken("alice@example.com", SESSION_SECRET, Date.now() - 13 * 3600 * 1000, {
    via: "oidc",
  });
  await page.context().addCookies([{ name: SESSION_COOKIE, value: stale, url: dashboard.url }]);
  expect((await page.request.get(`${dashboard.url}/api/jobs?type=item-create`)).status()).toBe(401);
  await page.goto(`${dashboard.url}/jobs?status=failed`);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fjobs%3Fstatus%3Dfailed/);
  await signInAtProvider(page, "alice");
  await expect(page).toHaveURL(`${dashboard.url}/jobs?status=failed`);
  expect((await page.request.get(`${dashboard.url}/api/jobs?type=item-create`)).status()).toBe(200);
});

test("a company sign-in is confirmed again with the provider: renewed silently, ended once the provider says so", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const RECHECK_SECONDS = 5;
  const providerPort = await freePort();
  let logs = "";
  const rechecking = await startDashboard(
    { ...companySignIn(providerPort), OIDC_GROUP_ROLES: "ops=admin:*", OIDC_RECHECK_SECONDS: String(RECHECK_SECONDS) },
    { onOutput: (text) => (logs += text) },
  );
  const provider = await startTestIdp({
    port: providerPort,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${rechecking.url}/api/auth/oidc/callback`],
    users: { alice: { email: "alice@example.com", groups: ["ops"] } },
  });
  const api = () => page.request.get(`${rechecking.url}/api/jobs?type=item-create`);
  const outgrow = () => page.waitForTimeout((RECHECK_SECONDS + 1) * 1000);
  try {
    await page.goto(`${rechecking.url}/jobs`);
    await signInAtProvider(page, "alice");
    await expect(page).toHaveURL(`${rechecking.url}/jobs`);
    expect((await api()).status()).toBe(200);

    // Grown old: the API says to reload; a page load goes by the provider and comes back renewed.
    await outgrow();
    const stale = await api();
    expect(stale.status()).toBe(401);
    expect(await stale.json()).toMatchObject({ error: { code: "reauthenticate" } });
    await page.goto(`${rechecking.url}/runs?days=2`);
    await expect(page).toHaveURL(`${rechecking.url}/runs?days=2`);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    expect((await api()).status()).toBe(200);
    expect(logs).toContain('"event":"oidc_session_renewed"');

    // Taken out of the group at the provider: at the next check, the session ends.
    provider.users.get("alice")!.groups = [];
    await outgrow();
    await page.goto(`${rechecking.url}/jobs`);
    await expect(page).toHaveURL(/\/sign-in\?error=no-access/);
    await expect(page.getByRole("alert").filter({ hasText: "not open to you" })).toBeVisible();
    expect((await api()).status()).toBe(401);
    const session = (await page.context().cookies(rechecking.url)).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toBeUndefined();
  } finally {
    await rechecking.stop();
    await provider.close();
  }
});
