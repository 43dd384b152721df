import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type { HistoryJobPage } from "../../lib/types";
import { expectNoAxeViolations, gotoHydrated, rowIds, waitForCollector } from "../testing";

/*
 * The filters Klaviyo lacks, on the list of every type: "has failures" over a range of days, set
 * with the toolbar, kept by the URL (a fresh browser opened on the bookmark shows the same rows),
 * and exported as the same jobs.
 */

test.beforeEach(async ({ request }) => {
  await waitForCollector(request);
});

const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Every job of a history list, through the API's next cursors. */
async function allJobs(request: import("@playwright/test").APIRequestContext, query: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await request.get(`/api/jobs?${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(response.status()).toBe(200);
    const page = (await response.json()) as HistoryJobPage;
    for (const job of page.jobs) expect(job.failedCount).toBeGreaterThan(0);
    ids.push(...page.jobs.map((j) => j.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

test("has failures across a date range: set in the toolbar, reopened from the bookmark, exported alike", async ({
  page,
  browser,
  request,
}) => {
  // Two whole days (UTC) before the newest failing job's: a range the collector adds no job to while
  // the test runs.
  const newest = (await (await request.get("/api/jobs?type=all&failed=1")).json()) as HistoryJobPage;
  expect(newest.jobs.length).toBeGreaterThan(0);
  const last = Date.parse(newest.jobs[0]!.createdAt);
  const [from, to] = [day(last - 2 * DAY_MS), day(last - DAY_MS)];

  await gotoHydrated(page, "/jobs?type=all&tz=utc");
  await page.getByLabel("Has failures").check();
  await expect(page).toHaveURL(/[?&]failed=1/);
  const range = page.getByRole("group", { name: "Created between" });
  await range.getByLabel("from").fill(from);
  await expect(page).toHaveURL(new RegExp(`[?&]from=${from}`));
  await range.getByLabel("to").fill(to);
  await expect(page).toHaveURL(new RegExp(`[?&]to=${to}`));
  await expect(page.getByTestId("history-note")).toContainText("read from the job history");

  const want = await allJobs(request, `type=all&from=${from}&to=${to}&failed=1`);
  expect(want.length).toBeGreaterThan(0);
  const rows = page.getByTestId("job-row");
  await expect(rows.first()).toHaveAttribute("data-job-id", want[0]!);
  const shown = await rowIds(page);
  expect(shown).toEqual(want.slice(0, shown.length));

  // The bookmark, opened in a browser that has never seen the view: the same rows, server-rendered.
  const bookmark = page.url();
  const fresh = await browser.newContext();
  try {
    const other = await fresh.newPage();
    await gotoHydrated(other, bookmark);
    await expect(other.getByTestId("job-row").first()).toHaveAttribute("data-job-id", want[0]!);
    expect(await rowIds(other)).toEqual(shown);
    await expect(other.getByLabel("Has failures")).toBeChecked();
    await expect(other.getByRole("group", { name: "Created between" }).getByLabel("from")).toHaveValue(from);
  } finally {
    await fresh.close();
  }

  // The export of the view: every job of it, in the same order.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Export this list as CSV/ }).click();
  const file = await download;
  const lines = readFileSync((await file.path())!, "utf8")
    .trim()
    .split(/\r?\n/);
  expect(lines[0]).toMatch(/^type,id,status,createdAt/);
  expect(lines.slice(1).map((line) => line.split(",")[1])).toEqual(want);
});

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme}, at phone width`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 390, height: 844 } });

    test("the filtered view fits the screen, is axe-clean, and a foreign cursor opens page one with a note", async ({
      page,
    }) => {
      await gotoHydrated(page, "/jobs?type=item-update,variant-update&failed=1&order=rate&cursor=bm90LWEtY3Vyc29y");
      // The filters fold behind one button that counts them, so the first job is on the first screen.
      const toggle = page.getByTestId("history-filters-toggle");
      await expect(toggle).toHaveText("Filters · 2 set");
      await expect(page.getByTestId("order-select")).toBeHidden();
      const firstRow = await page.getByTestId("job-row").first().boundingBox();
      expect(firstRow!.y).toBeLessThan(844);
      await toggle.click();
      await expect(toggle).toHaveAttribute("aria-expanded", "true");
      await expect(page.getByTestId("order-select")).toBeVisible();
      await expect(page.getByTestId("order-select")).toHaveValue("rate");
      await expect(page.getByTestId("types-menu")).toContainText("2 chosen");
      await expect(page.getByRole("status").filter({ hasText: "first page" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(
        "highest failure rate first, across every page of this list",
      );
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await expectNoAxeViolations(page);

      // A bad date in the URL: a message naming it, no rows, no crash.
      await gotoHydrated(page, "/jobs?type=all&from=2026-02-30");
      await expect(page.getByText(/from: "2026-02-30" is not a date/)).toBeVisible();
    });
  });
}
