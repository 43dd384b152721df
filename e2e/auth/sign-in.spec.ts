import { expect, test } from "@playwright/test";
import { AUTH_PASSWORD } from "../../playwright.config";
import { expectNoAxeViolations } from "../testing";

test("a shared job link survives sign-in: the user lands on the exact URL they opened", async ({ page }) => {
  const target = "/jobs?type=variant-create&status=complete&tz=utc";
  await page.goto(target);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("Password").fill("wrong password!!");
  await page.getByRole("button", { name: "Sign in" }).click();
  // One shared password: there is no name to get wrong.
  await expect(page.getByText("That password is not right.")).toBeVisible();
  // Nobody is signed in yet: nothing to sign out of.
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);

  await page.getByLabel("Password").fill(AUTH_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(target);
  await expect(page.getByTestId("job-row").first()).toBeVisible();

  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "bj_session");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("API routes answer 401 without a session, except health", async ({ request }) => {
  const jobs = await request.get("/api/jobs");
  expect(jobs.status()).toBe(401);
  expect(await jobs.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
});

test("a forged session cookie is refused", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const forged = Buffer.from(JSON.stringify({ u: "team", exp: Date.now() + 1e9 })).toString("base64url");
  await context.addCookies([{ name: "bj_session", value: `${forged}.AAAA`, url: baseURL! }]);
  const page = await context.newPage();
  await page.goto("/jobs");
  await expect(page).toHaveURL(/\/sign-in/);
  await context.close();
});

test("pages carry a nonce-based CSP and the other security headers", async ({ request }) => {
  const response = await request.get("/sign-in");
  const headers = response.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test("the sign-in page has no axe violations, light and dark", async ({ page }) => {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/sign-in?error=invalid");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectNoAxeViolations(page);
  }
});

test("a session that ends on an open page offers to sign in again, and comes back to the same view", async ({
  page,
}) => {
  const target = "/jobs?type=item-update&status=complete&tz=utc";
  await page.goto(target);
  await page.getByLabel("Password").fill(AUTH_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(target);
  await expect(page.getByTestId("job-row").first()).toBeVisible();

  // The session ends (expired, or signed out elsewhere); the page asks again.
  await page.context().clearCookies();
  await page.keyboard.press("r");
  const banner = page.locator('[data-error-code="unauthorized"]');
  await expect(banner).toContainText("Sign-in needed");
  await expect(banner.getByRole("button", { name: "Retry now" })).toHaveCount(0);
  await banner.getByRole("link", { name: "Sign in again" }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Password").fill(AUTH_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(target);
});

test("signing out without a session lands on the sign-in page, not on an error", async ({ request }) => {
  const response = await request.post("/api/auth/sign-out", { maxRedirects: 0 });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toBe("/sign-in");
});
