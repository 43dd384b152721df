import { expect, test } from "@playwright/test";
import { gotoHydrated, resetSimulator } from "../testing";

test.use({ viewport: { width: 1366, height: 900 } });

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test("the toolbar keeps its height whichever status is chosen", async ({ page }) => {
  await gotoHydrated(page, "/jobs");
  const toolbar = page.getByRole("toolbar", { name: "Job list view" });
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  const height = (await toolbar.boundingBox())!.height;
  // At this width the whole toolbar is one row (its controls are under 40 px tall).
  expect(height).toBeLessThan(60);
  for (const status of ["processing", "queued", "complete", "cancelled", "all"]) {
    const button = toolbar.getByRole("button", { name: status, exact: true });
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "true");
    expect((await toolbar.boundingBox())!.height, `toolbar height with ${status}`).toBe(height);
  }
});
