import { expect, test } from "@playwright/test";
import { gotoHydrated, waitForCollector } from "../testing";

/*
 * `/jobs?type=all`: every job type in one list, read from the job history the dashboard's collector
 * fills. Each row says its type and links to its own type's page; the view reopens from its URL.
 */

test.beforeEach(async ({ request }) => {
  // The list is the history's: wait for the collector's first pass over Klaviyo.
  await waitForCollector(request);
});

test("lists every type from the job history, each row linking to its own type's page", async ({ page }) => {
  await gotoHydrated(page, "/jobs?type=all");
  await expect(page.getByLabel("Job type")).toHaveValue("all");
  await expect(page.getByTestId("history-note")).toContainText("read from the job history");
  await expect(page.getByRole("columnheader", { name: "Type" })).toBeVisible();
  const rows = page.getByTestId("job-row");
  await expect(rows.first()).toBeVisible();

  // A status filter, kept by the URL: a reload opens the same view. (The simulator's newest jobs are
  // one long queue of one type; its cancelled jobs are of many.)
  await page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: "cancelled" }).click();
  await expect(page).toHaveURL(/[?&]status=cancelled/);
  await page.reload();
  await expect(page).toHaveURL(/[?&]type=all/);
  await expect(page).toHaveURL(/[?&]status=cancelled/);
  await expect(page).toHaveTitle(/All job types, cancelled/);
  await expect(page.getByLabel("Job type")).toHaveValue("all");
  await expect(page.getByRole("button", { name: "cancelled" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("columnheader", { name: "Type" })).toBeVisible();
  await expect(rows.first()).toBeVisible();
  const types = await rows.locator("[data-column=type]").allInnerTexts();
  expect(new Set(types).size).toBeGreaterThan(1);

  // The row's own type decides where its link goes (not the list's default type).
  const row = rows.filter({ hasNotText: "Item create" }).first();
  const id = (await row.getAttribute("data-job-id"))!;
  const slug = (await row.locator("[data-column=type]").innerText()).toLowerCase().replace(/\s+/, "-");
  await row.locator("a[data-row-link]").click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${slug}/${id}(\\?|$)`));
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText(id);
  await expect(page.getByRole("link", { name: "All job types" })).toBeVisible();
});
