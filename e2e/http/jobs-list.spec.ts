import { expect, test } from "@playwright/test";
import {
  advanceUntilNewJob,
  apiJobs,
  clearFaults,
  gotoHydrated,
  resetSimulator,
  rowIds,
  setFault,
  setTabHidden,
} from "../testing";

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test("a filtered, paginated URL reopens with the same rows in a fresh browser", async ({ page, browser }) => {
  await gotoHydrated(page, "/jobs?type=item-create&status=complete");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  // The tab says which list it is, so tabs and bookmarks of different lists tell apart.
  await expect(page).toHaveTitle(/^Item create jobs, complete · /);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByRole("button", { name: "First page" })).toBeEnabled();
  const ids = await rowIds(page);
  expect(ids.length).toBeGreaterThan(0);
  for (const status of await page.getByTestId("job-row").locator("[data-status]").allTextContents()) {
    expect(status).toBe("complete");
  }

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await gotoHydrated(other, page.url());
  await expect(other.getByTestId("job-row").first()).toBeVisible();
  expect(await rowIds(other)).toEqual(ids);
  await fresh.close();
});

test("status tabs, type switch and pages go into history: back and forward work", async ({ page }) => {
  await gotoHydrated(page, "/jobs");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  const allIds = await rowIds(page);

  await page.getByRole("button", { name: "processing", exact: true }).click();
  await expect(page).toHaveURL(/status=processing/);
  await expect(page.getByRole("button", { name: "processing", exact: true })).toHaveAttribute("aria-pressed", "true");

  await page.getByTestId("type-select").selectOption("category-update");
  await expect(page).toHaveURL(/type=category-update/);
  // Chosen in the page (the URL changes without a server round trip), and still the tab follows.
  await expect(page).toHaveTitle(/^Category update jobs, processing · /);

  await page.goBack();
  await expect(page).toHaveURL(/status=processing/);
  await expect(page).not.toHaveURL(/category-update/);
  await page.goBack();
  await expect(page).not.toHaveURL(/status=/);
  await expect.poll(() => rowIds(page)).toEqual(allIds);
  await page.goForward();
  await expect(page).toHaveURL(/status=processing/);
});

test("sorting and visible columns live in the URL and survive a reload", async ({ page }) => {
  await gotoHydrated(page, "/jobs?type=item-create&status=complete");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  await page.getByRole("button", { name: /Done \/ failed \/ total/ }).click();
  await expect(page).toHaveURL(/sort=counts/);
  // The sort orders the loaded page only, and the footer says so instead of "newest first".
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText("within this page only");
  // A finished job with failed operations does not wear the clean job's look.
  const withFailures = page.getByTestId("job-row").locator("[data-failures]").first();
  await expect(withFailures).toContainText("complete with failures");
  const failed = async () =>
    (
      await page
        .getByTestId("job-row")
        .evaluateAll((rows) => rows.map((r) => r.querySelectorAll("td")[3]?.textContent ?? ""))
    ).map((t) => Number(t.split("/")[1]?.trim().replace(/,/g, "")));
  const values = await failed();
  expect(values).toEqual([...values].sort((a, b) => b - a));

  await page.locator("summary", { hasText: "Columns" }).click();
  await page.getByRole("checkbox", { name: "Expires" }).uncheck();
  await expect(page).toHaveURL(/hide=expires/);
  await expect(page.getByRole("columnheader", { name: /Expires/ })).toHaveCount(0);
  // The type picker's groups are spelt as words.
  expect(await page.locator("optgroup").evaluateAll((groups) => groups.map((g) => g.getAttribute("label")))).toEqual([
    "Items",
    "Variants",
    "Categories",
  ]);
  // The menu closes as menus do: Esc, or a click outside it.
  const columnsMenu = page.getByRole("group", { name: "Visible columns" });
  await page.keyboard.press("Escape");
  await expect(columnsMenu).toBeHidden();
  await page.locator("summary", { hasText: "Columns" }).click();
  await expect(columnsMenu).toBeVisible();
  await page.getByRole("heading", { name: "Catalog bulk jobs" }).click();
  await expect(columnsMenu).toBeHidden();

  await page.reload();
  await expect(page.getByRole("columnheader", { name: /Expires/ })).toHaveCount(0);
  // The simulator's jobs move on between loads: check the order again, not the same values.
  const reloaded = await failed();
  expect(reloaded.length).toBeGreaterThan(0);
  expect(reloaded).toEqual([...reloaded].sort((a, b) => b - a));
});

test("find by id works before scripts load too (the form falls back to a server lookup)", async ({
  browser,
  request,
}) => {
  const category = (await apiJobs(request, "type=category-delete")).jobs[0]!;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/jobs?type=item-create");
  await page.getByLabel("Find a job by id").fill(category.id);
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/category-delete/${category.id}`));
  await context.close();
});

test("find by id opens a job of another type", async ({ page, request }) => {
  const variant = (await apiJobs(request, "type=variant-update")).jobs[0]!;
  await gotoHydrated(page, "/jobs?type=item-create");
  await page.keyboard.press("/");
  await expect(page.getByLabel("Find a job by id")).toBeFocused();
  await page.keyboard.type(variant.id);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/jobs/variant-update/${variant.id}`));
});

test("find by id says so when no type has the job", async ({ page }) => {
  await gotoHydrated(page, "/jobs");
  await page.getByLabel("Find a job by id").fill("01ZZZZZZZZZZZZZZZZZZZZZZZZ");
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page.getByText(/No job with this id in any of the nine job types/)).toBeVisible();
});

test("auto-refresh polls at the chosen interval and pauses while the tab is hidden", async ({ page }) => {
  let calls = 0;
  page.on("request", (r) => {
    if (r.url().includes("/api/jobs?")) calls++;
  });
  await gotoHydrated(page, "/jobs?refresh=5");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  calls = 0;
  await page.waitForTimeout(11_000);
  expect(calls).toBeGreaterThanOrEqual(1);

  await setTabHidden(page, true);
  calls = 0;
  await page.waitForTimeout(11_000);
  expect(calls).toBe(0);

  await setTabHidden(page, false);
  await expect.poll(() => calls, { timeout: 12_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId("updated-ago")).toBeVisible();
});

test("new jobs are announced as 'N new' instead of reshuffling the rows", async ({ page, request }) => {
  await gotoHydrated(page, "/jobs?type=item-create&refresh=5");
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  const before = await rowIds(page);
  await advanceUntilNewJob(request, "item-create", before[0]!);
  const banner = page.getByRole("button", { name: /new jobs? — show/ });
  await expect(banner).toBeVisible({ timeout: 20_000 });
  expect(await rowIds(page)).toEqual(before);
  await banner.click();
  await expect.poll(async () => (await rowIds(page))[0]).not.toBe(before[0]);
});

test("upstream trouble is explained in words and the page recovers", async ({ page, request }) => {
  await setFault(request, { endpoint: "*", kind: "status", status: 503 });
  await gotoHydrated(page, "/jobs?type=category-delete");
  const alert = page.locator("[data-error-code]");
  await expect(alert).toContainText("Klaviyo is not answering", { timeout: 30_000 });
  await clearFaults(request);
  await alert.getByRole("button", { name: /Retry/ }).click();
  await expect(page.getByTestId("job-row").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("[data-error-code]")).toHaveCount(0);
});

test("keyboard: j moves through rows, r refreshes, ? lists the shortcuts", async ({ page }) => {
  await gotoHydrated(page, "/jobs");
  await page.keyboard.press("j");
  await expect(page.getByTestId("job-row").first().locator("a[data-row-link]")).toBeFocused();
  await page.keyboard.press("j");
  await expect(page.getByTestId("job-row").nth(1).locator("a[data-row-link]")).toBeFocused();
  const refreshed = page.waitForRequest((r) => r.url().includes("/api/jobs?"));
  await page.keyboard.press("r");
  await refreshed;
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
});

test("a page of 100 jobs renders the rows near the viewport; j reaches rows past them, and scrolling reaches the last", async ({
  page,
  request,
}) => {
  const { jobs } = await apiJobs(request, "type=item-create");
  expect(jobs.length, "the seeded first page is long enough to render on demand").toBeGreaterThanOrEqual(60);
  await gotoHydrated(page, "/jobs?type=item-create");
  await expect(page.locator("table[data-virtual=true]")).toHaveAttribute("aria-rowcount", String(jobs.length + 1));
  expect(await page.getByTestId("job-row").count()).toBeLessThan(jobs.length);

  const row = (index: number) => page.locator(`[data-testid=job-row][data-index="${index}"]`);
  for (let i = 0; i < 45; i++) await page.keyboard.press("j");
  await expect(row(44).locator("a[data-row-link]")).toBeFocused();
  await expect(row(44)).toHaveAttribute("data-job-id", jobs[44]!.id);
  await expect(row(44)).toHaveAttribute("data-active", "true");

  // Scrolled away from the active row (which is then not rendered), j still lands on the next one.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(row(44)).toHaveCount(0);
  await page.keyboard.press("j");
  await expect(row(45).locator("a[data-row-link]")).toBeFocused();
  await expect(row(45)).toHaveAttribute("data-job-id", jobs[45]!.id);

  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(page.locator(`[data-testid=job-row][data-job-id="${jobs.at(-1)!.id}"]`)).toBeVisible();
});

test("the time zone switch shows exact times in UTC", async ({ page }) => {
  await gotoHydrated(page, "/jobs?tz=utc");
  const created = page.getByTestId("job-row").first().locator("time").first();
  await expect(created).toHaveAttribute("title", / UTC$/);
  await expect(page.getByRole("button", { name: "UTC" })).toHaveAttribute("aria-pressed", "true");
});

test("a job opened from the list in UTC shows UTC too, and its own switch goes back to local time", async ({
  browser,
}) => {
  const context = await browser.newContext({ timezoneId: "America/New_York" });
  const page = await context.newPage();
  await gotoHydrated(page, "/jobs?tz=utc");
  const link = page.getByTestId("job-row").first().locator("a[data-row-link]");
  const id = (await link.textContent())!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/jobs/item-create/${id}\\?tz=utc$`));
  const createdExact = page.locator("dd").first().locator("time").last();
  await expect(createdExact).toHaveText(/ UTC$/);
  await expect(
    page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Item create jobs" }),
  ).toHaveAttribute("href", "/jobs?tz=utc");

  await page.getByRole("button", { name: "Local time" }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/item-create/${id}$`));
  await expect(createdExact).toHaveText(/ E[SD]T$/);
  await expect(page.getByRole("button", { name: "Local time" })).toHaveAttribute("aria-pressed", "true");
  await context.close();
});

test("charts load when scrolled to, then draw the loaded jobs", async ({ page }) => {
  const chartCode: string[] = [];
  page.on("response", (r) => {
    if (r.url().endsWith(".js") && r.request().resourceType() === "script")
      void r.text().then(
        (t) => t.includes("recharts") && chartCode.push(r.url()),
        () => {},
      );
  });
  // Finished jobs, so the hour chart has completed items to draw whatever the time of day.
  await gotoHydrated(page, "/jobs?status=complete");
  await page.waitForLoadState("networkidle");
  // Below the fold: the chart code (Recharts) is not part of the page's first load.
  expect(chartCode).toEqual([]);
  await expect(page.getByTestId("status-chart")).toHaveCount(0);
  await page.getByTestId("job-charts").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("status-chart").getByRole("application")).toBeVisible();
  await expect(page.getByTestId("hour-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
});

test("screenshots: light and dark, desktop and phone", async ({ page }, testInfo) => {
  for (const [name, viewport] of [
    ["desktop", { width: 1350, height: 940 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await gotoHydrated(page, "/jobs?type=item-create");
      await expect(page.getByTestId("job-row").first()).toBeVisible();
      await expect(page.locator("html")).toHaveClass(scheme === "dark" ? /dark/ : /^(?!.*dark)/);
      await page.screenshot({ path: testInfo.outputPath(`jobs-${name}-${scheme}.png`), fullPage: name === "desktop" });
    }
  }
});
