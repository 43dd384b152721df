import { expect, test } from "@playwright/test";

test("/ redirects to the job list, which shows simulated jobs with progress bars", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/jobs$/);
  await expect(page.getByRole("heading", { name: "Catalog bulk jobs" })).toBeVisible();
  await expect(page.getByTestId("upstream-badge")).toHaveText(/Simulator data/);

  const rows = page.getByTestId("job-row");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThan(10);

  const bar = rows.first().getByRole("progressbar");
  await expect(bar).toBeVisible();
  const max = Number(await bar.getAttribute("aria-valuemax"));
  const now = Number(await bar.getAttribute("aria-valuenow"));
  expect(max).toBeGreaterThan(0);
  expect(max).toBeLessThanOrEqual(100); // a bulk job carries at most 100 operations
  expect(now).toBeGreaterThanOrEqual(0);
  expect(now).toBeLessThanOrEqual(max);
  await expect(bar).toHaveAttribute("aria-valuetext", /processed/);

  await page.screenshot({ path: testInfo.outputPath("jobs.png"), fullPage: true });
});

test("the health route names the simulator and calls nothing upstream", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true, upstream: "simulator" });
});

test("rows arrive in the server-rendered HTML, before any script runs", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/jobs?type=variant-create");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  await expect(page.getByRole("progressbar").first()).toBeVisible();
  await context.close();
});
