import { expect, test } from "@playwright/test";
import { gotoHydrated, resetSimulator } from "../testing";

test.use({ viewport: { width: 390, height: 844 } });

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test("on a phone a job's type, status and done / failed / total show without scrolling sideways", async ({ page }) => {
  await gotoHydrated(page, "/jobs?type=item-create&status=complete");
  const row = page.getByTestId("job-row").first();
  await expect(row).toBeVisible();

  const within = async (what: string, locator: ReturnType<typeof page.locator>) => {
    await expect(locator, what).toBeVisible();
    const box = (await locator.boundingBox())!;
    expect(box.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${what} ends on screen`).toBeLessThanOrEqual(390);
  };
  await within("the job link", row.locator("a[data-row-link]"));
  await within("the job type", row.getByText("Item create", { exact: true }));
  await within("the status", row.locator("[data-status]"));
  const counts = row.getByText(/^[\d,]+ \/ [\d,]+ \/ [\d,]+$/);
  await within("done / failed / total", counts);
  // Each figure sits under its column's name (the header row is not shown on a phone).
  const label = await counts.evaluate((el) => {
    const cell = el.closest("td")!;
    return { name: cell.dataset.label, shown: getComputedStyle(cell, "::before").content };
  });
  expect(label).toEqual({ name: "Done / failed / total", shown: '"Done / failed / total"' });

  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  // Still a link to the job.
  await row.locator("a[data-row-link]").click();
  await expect(page).toHaveURL(/\/jobs\/item-create\/\w+/);
});
