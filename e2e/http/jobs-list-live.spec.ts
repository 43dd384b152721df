import { type APIRequestContext, expect, test } from "@playwright/test";
import { advanceClock, apiJobs, gotoHydrated, resetSimulator, rowIds } from "../testing";

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

/**
 * The item-create jobs processing now, as the dashboard's API says once its cached list (3 s) has
 * expired: read sooner, after moving the clock, it would answer what it said before the move.
 */
async function processingAfterTheClockMoved(request: APIRequestContext): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 3_200));
  return (await apiJobs(request, "type=item-create&status=processing")).jobs.map((job) => job.id);
}

test("a processing job that completes leaves a live status=processing view, and a notice says so", async ({
  page,
  request,
}) => {
  // Each step below waits for the dashboard's list cache: up to ~4 minutes in all.
  test.setTimeout(300_000);
  // The seeded history has quiet spells between syncs, and the simulator's clock only moves forward
  // (real time and earlier tests both move it): move it on to a moment with item-create jobs running.
  for (let step = 0; step < 48; step++) {
    if ((await processingAfterTheClockMoved(request)).length > 0) break;
    await advanceClock(request, 5 * 60 * 1000);
  }
  await gotoHydrated(page, "/jobs?type=item-create&status=processing&refresh=5");
  await expect(page.getByTestId("job-row").first()).toBeVisible({ timeout: 20_000 });
  const before = await rowIds(page);
  expect(before.length, "the seeded view has processing jobs").toBeGreaterThan(0);

  // Move the simulator's clock on until at least one of the jobs on screen is no longer processing.
  let left: string[] = [];
  for (let step = 0; step < 24 && left.length === 0; step++) {
    await advanceClock(request, 5 * 60 * 1000);
    const now = new Set(await processingAfterTheClockMoved(request));
    left = before.filter((id) => !now.has(id));
  }
  expect(left.length, "a job on screen finished within two hours of simulated time").toBeGreaterThan(0);

  for (const id of left) {
    await expect(page.locator(`[data-testid=job-row][data-job-id="${id}"]`)).toHaveCount(0, { timeout: 20_000 });
  }
  await expect(page.getByRole("status").filter({ hasText: /finished and left this view/ })).toBeVisible();
  // What stays matches the filter, and the footer counts the rows that are shown.
  for (const status of await page.getByTestId("job-row").locator("[data-status]").allTextContents()) {
    expect(status).toBe("processing");
  }
  const shown = (await rowIds(page)).length;
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(
    `${shown} ${shown === 1 ? "job" : "jobs"} on this page`,
  );
});
