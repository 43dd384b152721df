import { expect, test } from "@playwright/test";
import { clearFaults, expectNoAxeViolations, gotoHydrated, resetSimulator, setFault } from "../testing";

/* axe on the job list in each state, light and dark (the detail and run pages check themselves). */

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test("the job list, its help dialog and column menu have no axe violations", async ({ page }) => {
      await gotoHydrated(page, "/jobs?type=item-create");
      await page.getByTestId("job-charts").scrollIntoViewIfNeeded();
      // The charts load after the rows, when scrolled into view: slower than the rows on a busy machine.
      await expect(page.getByTestId("hour-chart").getByRole("application")).toBeVisible({ timeout: 30_000 });
      await expectNoAxeViolations(page);
      await page.locator("summary", { hasText: "Columns" }).click();
      await expectNoAxeViolations(page);
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
      await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
      await expectNoAxeViolations(page);
    });

    test("the empty state and the upstream-trouble state have no axe violations", async ({ page, request }) => {
      await resetSimulator(request);
      // Some status of some type is empty in the seeded data; cancelled jobs are rare.
      await gotoHydrated(page, "/jobs?type=category-delete&status=cancelled");
      await expect(
        page
          .getByTestId("job-row")
          .first()
          .or(page.getByText(/^No cancelled/)),
      ).toBeVisible();
      await expectNoAxeViolations(page);

      await setFault(request, { endpoint: "*", kind: "status", status: 503 });
      await gotoHydrated(page, "/jobs?type=variant-delete&status=queued");
      await expect(page.locator("[data-error-code]")).toBeVisible({ timeout: 30_000 });
      await expectNoAxeViolations(page);
    });

    test("the job not-found page has no axe violations", async ({ page }) => {
      await page.goto("/jobs/item-create/01ZZZZZZZZZZZZZZZZZZZZZZZZ");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoAxeViolations(page);
    });
  });
}
