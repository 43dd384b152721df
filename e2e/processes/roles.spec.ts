import { existsSync } from "node:fs";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { hashPassword } from "../../lib/auth/password";
import { SESSION_COOKIE } from "../../lib/auth/session";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * Roles and accounts with a real dashboard process and a real browser: a viewer of brand A who edits
 * a URL, an API path, an export link or a cursor to reach brand B gets 404, as for an account that
 * does not exist; a viewer's changes are refused; an admin's pass; and removing a user from the
 * configuration ends their session at their next request.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");
test.describe.configure({ mode: "serial" });

const SESSION_SECRET = "roles-e2e-session-secret-0123456789abcdef";
const PASSWORD = "correct horse battery";
let hash: string;
let dashboard: Running;

function settings(users: string): Record<string, string> {
  return {
    KLAVIYO_API_KEY: "",
    KLAVIYO_ACCOUNTS_FILE: "",
    KLAVIYO_ACCOUNTS: "brand-a:simulator,brand-b:simulator:7",
    DASHBOARD_PASSWORD: "",
    OIDC_ISSUER: "",
    COLLECTOR: "off",
    SESSION_SECRET,
    DASHBOARD_USERS: users,
  };
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // A cheap hash: the test is about who may do what, not about scrypt's cost.
  hash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  dashboard = await startDashboard(settings(`ana:${hash},ben:viewer:brand-a:${hash},cy:admin:brand-b:${hash}`));
});
test.afterAll(async () => {
  await dashboard?.stop();
});

async function signIn(page: Page, name: string, next = "/jobs"): Promise<void> {
  await page.goto(`${dashboard.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

const status = async (context: BrowserContext, path: string, method = "GET") =>
  (await context.request.fetch(`${dashboard.url}${path}`, { method })).status();

test("a viewer of brand A cannot reach brand B by URL, API path, export link or cursor", async ({ page, context }) => {
  await signIn(page, "ben", "/a/brand-a/jobs");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  await expect(page.getByText("Viewer", { exact: true })).toBeVisible();
  // One account to see: no switcher offering the other.
  await expect(page.getByTestId("account-switcher")).toHaveCount(0);

  const cursor = (await (await context.request.get(`${dashboard.url}/a/brand-a/api/jobs?type=item-create`)).json()) as {
    nextCursor?: string | null;
  };
  for (const path of [
    "/a/brand-b/api/jobs?type=item-create",
    "/a/brand-b/api/jobs/export?type=item-create&format=csv",
    `/a/brand-b/api/jobs?type=item-create&cursor=${encodeURIComponent(cursor.nextCursor ?? "x")}`,
    "/a/brand-b/api/runs",
  ]) {
    expect(await status(context, path), path).toBe(404);
    // The same answer as for an account that does not exist.
    expect(await status(context, path.replace("brand-b", "brand-q")), path).toBe(404);
  }
  const answer = await page.goto(`${dashboard.url}/a/brand-b/jobs`);
  expect(answer?.status()).toBe(404);
  await expect(page.getByTestId("job-row")).toHaveCount(0);
});

test("a viewer's changes are refused, and the page does not offer them", async ({ page, context }) => {
  await signIn(page, "ben", "/a/brand-a/jobs");
  const row = page.getByTestId("job-row").first();
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("keep-button")).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Watch/ })).toHaveCount(0);

  const refused = await context.request.post(`${dashboard.url}/a/brand-a/api/runs/keep`, {
    data: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z", keep: true },
  });
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  expect(await status(context, "/a/brand-a/api/alerts/rules", "POST")).toBe(403);

  await page.goto(`${dashboard.url}/a/brand-a/alerts`);
  await expect(page.getByTestId("viewer-note")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Add/ })).toHaveCount(0);
});

test("an admin sees both accounts and may change things", async ({ page }) => {
  await signIn(page, "ana", "/a/brand-b/jobs");
  await expect(page.getByTestId("account-switcher")).toBeVisible();
  await expect(page.getByTestId("account-switcher").locator("option")).toHaveText(["brand-a", "brand-b"]);
  await expect(page.getByText("Viewer", { exact: true })).toHaveCount(0);
  await page.getByTestId("job-row").first().getByRole("link").first().click();
  await expect(page.getByTestId("keep-button")).toBeEnabled();
});

test("the audit log: refused attempts, sign-ins and exports; whole for an admin of every account, by account for others", async ({
  page,
  context,
}) => {
  // A wrong password first, then ben's way in, an export of his own account, and a reach into brand-b.
  await page.goto(`${dashboard.url}/sign-in`);
  await page.getByLabel("Name").fill("ben");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/error=invalid/);
  await signIn(page, "ben", "/a/brand-a/jobs");
  expect(await status(context, "/a/brand-a/api/jobs/export?type=item-create&failed=1&format=csv")).toBe(200);
  expect(await status(context, "/a/brand-b/api/runs")).toBe(404);
  expect(await status(context, "/a/brand-a/api/alerts/rules", "POST")).toBe(403);
  // The log is not a viewer's to read.
  expect(await status(context, "/a/brand-a/api/audit")).toBe(403);

  await context.clearCookies();
  await signIn(page, "ana", "/audit");
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  const seen = await rows.evaluateAll((all) =>
    all.map((row) => `${row.getAttribute("data-action")} ${row.querySelectorAll("td")[1]?.textContent}`),
  );
  for (const expected of [
    "sign_in_failed ben",
    "sign_in ben",
    "export ben",
    "denied ben",
    "forbidden ben",
    "sign_in ana",
  ])
    expect(seen, expected).toContain(expected);
  await expect(page.locator("tr[data-action=denied]").first()).toContainText("brand-b");
  await expect(page.getByTestId("audit-scope")).toHaveCount(0);

  // An admin of brand-b alone reads what concerns brand-b: ben's reach into it, no sign-in, no brand-a export.
  await context.clearCookies();
  await signIn(page, "cy", "/a/brand-b/audit");
  await expect(page.getByTestId("audit-scope")).toContainText("brand-b only");
  await expect(rows.first()).toBeVisible();
  const hers = await rows.evaluateAll((all) =>
    all.map((row) => `${row.getAttribute("data-action")} ${row.querySelectorAll("td")[1]?.textContent}`),
  );
  expect(hers).toContain("denied ben");
  expect(hers.filter((entry) => entry.startsWith("sign_in") || entry.startsWith("export"))).toEqual([]);
  expect(
    await page.locator("tr[data-action]").evaluateAll((all) => all.map((row) => row.textContent)),
  ).not.toContainEqual(expect.stringContaining("brand-a"));
});

test("removing a user from the configuration ends their session at their next request", async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, "ben", "/a/brand-a/jobs");
  const session = (await context.cookies(dashboard.url)).find((cookie) => cookie.name === SESSION_COOKIE);
  expect(session).toBeDefined();

  await dashboard.stop();
  dashboard = await startDashboard(settings(`ana:${hash}`));
  // The same cookie, valid and unexpired, against the new configuration.
  await context.addCookies([{ name: SESSION_COOKIE, value: session?.value ?? "", url: dashboard.url }]);
  expect(await status(context, "/a/brand-a/api/jobs?type=item-create")).toBe(401);
  await page.goto(`${dashboard.url}/a/brand-a/jobs`);
  await expect(page).toHaveURL(/\/sign-in\?.*error=no-access/);
  await expect(page.getByRole("alert").filter({ hasText: "not open to you" })).toBeVisible();
  expect((await context.cookies(dashboard.url)).find((cookie) => cookie.name === SESSION_COOKIE)).toBeUndefined();
});
