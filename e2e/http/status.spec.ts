import { expect, type Locator, test } from "@playwright/test";
import { apiJobs, clearFaults, expectNoAxeViolations, gotoHydrated, resetSimulator, setFault } from "../testing";

/*
 * The status page against the standalone simulator: people's calls through the dashboard are counted
 * for their endpoint, a 429 Klaviyo answered is counted, and Klaviyo's RateLimit-Remaining is shown.
 * The page reads again every 5 s on its own: the tests wait for its figures to move, without reloading.
 * Each read below is of a list no test has just read (the dashboard keeps lists 3 s).
 */

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
  await clearFaults(request);
});
test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

/** The first number in a cell ("12 · 3" reads 12). */
const figure = async (cell: Locator) =>
  Number((await cell.textContent())?.match(/\d[\d,]*/)?.[0].replace(/,/g, "") ?? "0");

test("counts people's calls per endpoint, the 429s Klaviyo answered, and its RateLimit-Remaining", async ({
  page,
  request,
}) => {
  await gotoHydrated(page, "/status");
  await expect(page.getByRole("heading", { level: 1, name: "Status" })).toBeVisible();
  const row = page.locator('tr[data-endpoint="variant-delete:list"]');
  // The hour's count: a minute's can drop while the test runs, as older calls leave the minute.
  const people = row.getByTestId("hour");
  const throttled = row.getByTestId("throttled-hour");
  const before = await figure(people);
  const throttledBefore = await figure(throttled);

  await apiJobs(request, "type=variant-delete&status=queued");
  await expect.poll(() => figure(people), { timeout: 15_000 }).toBeGreaterThan(before);
  // Read from Klaviyo's answer (the simulator sends it as Klaviyo does).
  await expect(row.getByTestId("remaining")).toHaveText(/^\d[\d,]*/);

  // One 429, then Klaviyo answers: the page is served and the 429 is counted.
  await setFault(request, {
    endpoint: "variant-delete",
    operation: "list",
    kind: "throttle",
    retryAfter: 0,
    remaining: 1,
  });
  await apiJobs(request, "type=variant-delete&status=processing");
  // At least this one (specs running beside this one may meet a 429 of their own).
  await expect.poll(() => figure(throttled), { timeout: 15_000 }).toBeGreaterThan(throttledBefore);
  await expect(row.getByTestId("throttled-hour").locator("xpath=..")).toContainText("last");
});

test("is reached from the header keeping the time zone, has no axe violations, and fits a phone", async ({ page }) => {
  await gotoHydrated(page, "/jobs?tz=utc");
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Status" });
  // Followed by URL rather than clicked: leaving the job list waits on its prefetches of job pages.
  await expect(link).toHaveAttribute("href", "/status?tz=utc");
  await gotoHydrated(page, (await link.getAttribute("href")) ?? "");
  await expect(page.getByRole("heading", { level: 1, name: "Status" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Time zone" }).getByRole("button", { name: "UTC" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByTestId("service-jobs-in-progress")).toContainText("of 500");
  await expectNoAxeViolations(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await gotoHydrated(page, "/status");
  await expect(page.locator('tr[data-endpoint="item-create:list"]')).toBeAttached();
  // Wide tables scroll inside their box; the page itself never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
