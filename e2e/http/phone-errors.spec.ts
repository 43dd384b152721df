import { expect, type Locator, type Page, test } from "@playwright/test";
import type { RecentRuns, RunDetail } from "../../lib/runs/answers";
import type { JobDetail } from "../../lib/types";
import { apiJobs, resetSimulator } from "../testing";

/*
 * Error lists on a phone (390 × 844): each error reads at the width of the screen, with nothing to
 * scroll sideways, on a job's errors tab and on a run page.
 */

const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE });

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

/** The element's box lies within the viewport's width, and is wide enough to read a sentence in. */
async function expectReadable(locator: Locator, minWidth: number) {
  await locator.scrollIntoViewIfNeeded();
  const box = (await locator.boundingBox())!;
  expect(box, "the element has a box").not.toBeNull();
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.width).toBeGreaterThanOrEqual(minWidth);
}

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

test("a job's errors read as stacked rows on a phone: the detail wraps at the width of the screen", async ({
  page,
  request,
}, testInfo) => {
  const list = await apiJobs(request, "type=item-create&status=complete");
  const withErrors = list.jobs.find((j) => j.errors.length > 0);
  expect(withErrors, "a finished item-create job with errors").toBeTruthy();
  const detail = (await (await request.get(`/api/jobs/item-create/${withErrors!.id}`)).json()) as JobDetail;
  // The longest detail: the one a narrow column breaks into the most lines.
  const error = detail.job.errors.reduce((a, b) => (b.detail.length > a.detail.length ? b : a));
  expect(error.detail.length, "a detail of a sentence or more").toBeGreaterThan(40);

  await page.goto(`/jobs/item-create/${detail.job.id}?tab=errors`);
  const rows = page.getByTestId("error-row");
  await expect(rows).toHaveCount(detail.job.errors.length);
  await expectReadable(rows.getByText(error.detail, { exact: true }).first(), PHONE.width * 0.6);
  await expectReadable(rows.first(), PHONE.width * 0.8);
  await expectNoSidewaysScroll(page);
  // The headers still sort: the sortable ones stay on screen as buttons.
  await expect(page.getByRole("button", { name: /Entry/ })).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath("job-errors-phone.png"), fullPage: true });
});

test("a run's error groups read as stacked rows on a phone, links to the jobs included", async ({
  page,
  request,
}, testInfo) => {
  const { runs } = (await (await request.get("/api/runs")).json()) as RecentRuns;
  const run = runs
    .map((r) => r.summary)
    .filter((s) => s.running === 0 && s.operations.failed > 0)
    .sort((a, b) => a.jobCount - b.jobCount)[0];
  expect(run, "a finished run with failures").toBeTruthy();
  const search = new URLSearchParams({ from: run!.from, to: run!.to });
  const answer = (await (await request.get(`/api/runs?${search}`)).json()) as RunDetail;
  const group = answer.errors.groups.reduce((a, b) => (b.title.length > a.title.length ? b : a));

  await page.goto(`/runs?${search}`);
  const groups = page.getByTestId("error-group");
  await expect(groups).toHaveCount(answer.errors.groups.length);
  const row = groups.filter({ hasText: group.title }).first();
  await expectReadable(row, PHONE.width * 0.8);
  await expectReadable(row.getByText(group.title).first(), 1);
  await expectReadable(row.getByTestId("error-group-job-link").first(), 24);
  await expectNoSidewaysScroll(page);
  await page.getByRole("heading", { name: "Errors" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath("run-errors-phone.png") });
});
