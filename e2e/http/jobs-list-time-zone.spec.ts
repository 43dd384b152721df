import { expect, test } from "@playwright/test";
import { gotoHydrated, resetSimulator } from "../testing";

test.use({ timezoneId: "America/New_York" });

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test("Local / UTC changes the exact times shown in the list and the hour chart's axis", async ({ page }) => {
  // Finished jobs, so the hour chart has items to draw.
  await gotoHydrated(page, "/jobs?type=item-create&status=complete");
  const row = page.getByTestId("job-row").first();
  await expect(row).toContainText(/\d\d:\d\d E[SD]T/);
  await expect(row).not.toContainText(/\d\d:\d\d UTC/);

  const ticks = () =>
    page
      .getByTestId("hour-chart")
      .locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
      .allTextContents();
  await page.getByTestId("job-charts").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("hour-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("hour-chart")).toContainText(/local time/);
  const local = await ticks();
  expect(local.length).toBeGreaterThan(0);

  await page.getByRole("button", { name: "UTC" }).click();
  await expect(page).toHaveURL(/tz=utc/);
  await expect(row).toContainText(/\d\d:\d\d UTC/);
  await expect(row).not.toContainText(/\d\d:\d\d E[SD]T/);
  await expect(page.getByTestId("hour-chart")).toContainText("(UTC)");
  await expect.poll(ticks).not.toEqual(local);
  // New York is 4 or 5 hours behind UTC: the first hour shown moves by that much.
  const utc = await ticks();
  const hour = (tick: string | undefined) => Number(tick?.slice(0, 2));
  expect([4, 5]).toContain((hour(utc[0]) - hour(local[0]) + 24) % 24);
});
