import { expect, type Page, test } from "@playwright/test";
import type { TrendsAnswer } from "../../lib/trends/answer";
import { expectNoAxeViolations, gotoHydrated } from "../testing";

/*
 * `/trends`: daily trends from the job history the collector fills from the simulator. The charts'
 * tables hold the API's numbers, a day's bar opens the jobs of that day, and a range in the URL
 * reopens as it was. Days in UTC (`tz=utc`), so the page and the API cut them alike.
 */

test.beforeEach(async ({ request }) => {
  await expect
    .poll(
      async () => {
        const ready = (await (await request.get("/api/ready")).json()) as {
          collector?: { lastPassAt?: string | null };
        };
        return ready.collector?.lastPassAt ?? null;
      },
      { timeout: 45_000, intervals: [500] },
    )
    .not.toBeNull();
});

/** Day → the figure in a column of a chart's table (the table is opened first). */
async function tableColumn(page: Page, figure: string, column: number): Promise<Record<string, string>> {
  const box = page.getByTestId(figure);
  const details = box.locator("details");
  if (!(await details.evaluate((d: HTMLDetailsElement) => d.open))) await details.locator("summary").click();
  const rows = box.locator("tbody tr");
  const out: Record<string, string> = {};
  for (const row of await rows.all()) {
    const day = await row.locator("th").innerText();
    out[day] = (await row.locator("td").nth(column).innerText()).replace(/,/g, "");
  }
  return out;
}

test("shows the history's trends, each chart with a table of the API's numbers", async ({ page, request }) => {
  test.setTimeout(120_000);
  await expect(async () => {
    await gotoHydrated(page, "/trends?tz=utc");
    await expect(page.getByRole("heading", { name: "Trends" })).toBeVisible();
    for (const id of [
      "trend-jobs",
      "trend-operations",
      "trend-failure-rate",
      "trend-in-progress",
      "trend-error-groups",
    ]) {
      await expect(page.getByTestId(id)).toBeVisible();
    }
    await expect(page.getByTestId("trend-jobs").locator("svg.recharts-surface").first()).toBeVisible();
    const from = await page.getByLabel("From").inputValue();
    const to = await page.getByLabel("To").inputValue();
    const answer = (await (await request.get(`/api/trends?from=${from}&to=${to}&zone=UTC`)).json()) as TrendsAnswer;
    expect(answer.days).toHaveLength(30);
    expect(answer.days.reduce((sum, d) => sum + d.jobs, 0)).toBeGreaterThan(0);
    const jobs = await tableColumn(page, "trend-jobs", 0);
    const operations = await tableColumn(page, "trend-operations", 0);
    const failed = await tableColumn(page, "trend-failure-rate", 1);
    const rates = await tableColumn(page, "trend-failure-rate", 2);
    // Today changes while the simulator's jobs run: the days before it are settled.
    const settled = answer.days.slice(0, -1);
    expect(settled.reduce((sum, d) => sum + d.jobs, 0)).toBeGreaterThan(0);
    for (const d of settled) {
      expect(jobs[d.day]).toBe(String(d.jobs));
      expect(operations[d.day]).toBe(String(d.operations));
      expect(failed[d.day]).toBe(String(d.failed));
      expect(rates[d.day]).toBe(d.failureRate === null ? "—" : `${(d.failureRate * 100).toFixed(2)}%`);
    }
    // The collector counted the jobs in progress after its passes: today has a peak.
    const today = answer.days.at(-1)!;
    expect(today.inProgressPeak).not.toBeNull();
    expect((await tableColumn(page, "trend-in-progress", 0))[today.day]).toMatch(/^\d+$/);
  }).toPass({ timeout: 100_000 });
  await expectNoAxeViolations(page);
});

test("a day's bar opens the jobs of every type created that day", async ({ page }) => {
  await gotoHydrated(page, "/trends?tz=utc");
  const bars = page.getByTestId("trend-jobs").locator(".recharts-bar-rectangle path");
  await expect(bars.first()).toBeVisible();
  await bars.last().click();
  await expect(page).toHaveURL(/\/jobs\?type=all&from=(\d{4}-\d{2}-\d{2})&to=\1&tz=utc$/);
  // By keyboard, the table's day links go to the same place.
  await page.goBack();
  const box = page.getByTestId("trend-jobs");
  await box.locator("summary").click();
  const link = box.locator("tbody th a").first();
  const day = await link.innerText();
  await expect(link).toHaveAttribute("href", `/jobs?type=all&from=${day}&to=${day}&tz=utc`);
});

test("a range in the URL reopens the same view; the form writes it there", async ({ page, browser }) => {
  await gotoHydrated(page, "/trends?tz=utc");
  const today = await page.getByLabel("To").inputValue();
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("From").fill(from);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]from=${from}`));
  await expect(page).toHaveURL(new RegExp(`[?&]to=${today}`));
  await expect(page.getByTestId("trend-jobs").locator("tbody tr")).toHaveCount(7);
  const shown = await tableColumn(page, "trend-jobs", 0);

  // A fresh browser context (a bookmark opened elsewhere) sees the same range and the same numbers.
  const context = await browser.newContext();
  const other = await context.newPage();
  await gotoHydrated(other, page.url());
  await expect(other.getByLabel("From")).toHaveValue(from);
  await expect(other.getByLabel("To")).toHaveValue(today);
  await expect(other.getByTestId("trend-jobs").locator("tbody tr")).toHaveCount(7);
  const reopened = await tableColumn(other, "trend-jobs", 0);
  // Days before today are settled; today may have gained jobs since.
  delete shown[today];
  delete reopened[today];
  expect(reopened).toEqual(shown);
  await context.close();

  // A bad range says what is wrong instead of failing.
  await gotoHydrated(page, `/trends?from=${today}&to=${from}&tz=utc`);
  await expect(page.getByText("from: must not be after to")).toBeVisible();
});

test("fits a phone, light and dark, without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await gotoHydrated(page, "/trends?tz=utc");
    await expect(page.getByTestId("trend-jobs").locator("svg.recharts-surface").first()).toBeVisible();
    await page.getByTestId("trend-failure-rate").locator("summary").click();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await expectNoAxeViolations(page);
  }
});
