import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import type { JobType } from "../../lib/job-types";
import type { JobDetail } from "../../lib/types";
import { apiJob, apiJobs, clearFaults, gotoHydrated, groupLink, groupsOf, resetSimulator, setFault } from "../testing";

/*
 * Links into a job's page and the ways out of it, against the standalone simulator: a shared error
 * group link lands on the group, an id under the wrong type finds its own, the find box takes pasted
 * links, the breadcrumb returns to the list view the job came from, tabs keep only their own state,
 * and a delete job lists the ids it deleted.
 */

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const MISSING = "01ZZZZZZZZZZZZZZZZZZZZZZZZ";

/** The first finished job of a type (newest first) whose detail satisfies `accept`. */
async function findJob(
  request: APIRequestContext,
  type: JobType,
  accept: (detail: JobDetail) => boolean,
): Promise<JobDetail> {
  const page = await apiJobs(request, `type=${type}&status=complete`);
  for (const job of page.jobs.slice(0, 30)) {
    const detail = await apiJob(request, type, job.id);
    if (accept(detail)) return detail;
  }
  throw new Error(`no ${type} job fits`);
}

async function freshPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}

const listHeading = (page: Page) => page.locator("#error-list-heading");

for (const [device, viewport] of [
  ["desktop", DESKTOP],
  ["phone", PHONE],
] as const) {
  test(`a shared error group link opens on the group's errors, focused (${device})`, async ({ browser, request }) => {
    const detail = await findJob(request, "item-create", (d) => groupsOf(d).length >= 3);
    const groups = groupsOf(detail);
    // The last group: the list of groups is longest above its errors.
    const group = groups.at(-1)!;
    const page = await freshPage(browser, viewport);
    await page.goto(groupLink("item-create", detail.job.id, group));
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });

    const heading = listHeading(page);
    await expect(heading).toContainText(group.title || group.code);
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();

    // Picking another group from the top of the page brings its errors into view the same way.
    const other = groups[0]!;
    await page.evaluate(() => window.scrollTo(0, 0));
    const item = page.locator(
      `[data-testid=error-group][data-code="${other.code}"][data-field="${other.field ?? ""}"]`,
    );
    await item.getByRole("button", { pressed: false }).first().click();
    await expect(item).toHaveAttribute("data-selected", "true");
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    await page.context().close();
  });
}

test("an id under the wrong type opens under its own type, keeping the view and zone", async ({ page, request }) => {
  const job = (await apiJobs(request, "type=item-delete&status=complete")).jobs[0]!;
  const response = await page.goto(`/jobs/item-create/${job.id}?tab=raw&tz=utc`);
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(new RegExp(`/jobs/item-delete/${job.id}\\?tab=raw&tz=utc$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Item delete job ${job.id}`);
  await expect(page.getByRole("tab", { name: /Raw JSON/ })).toHaveAttribute("aria-selected", "true");
});

test("an id in none of the nine types says so after looking", async ({ page }) => {
  const response = await page.goto(`/jobs/variant-update/${MISSING}?tz=utc`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Job not found" })).toBeVisible();
  await expect(page.getByTestId("job-lookup")).toHaveAttribute("data-lookup", "missing");
  await expect(page.getByText(/none of the nine job types has a job with this id/)).toBeVisible();
  await expect(page.getByRole("link", { name: "← Back to variant update jobs" })).toHaveAttribute(
    "href",
    "/jobs?type=variant-update&tz=utc",
  );
});

test("the find box opens a pasted dashboard link or Klaviyo API link", async ({ page, request }) => {
  const deleted = (await apiJobs(request, "type=category-delete&status=complete")).jobs[0]!;
  const updated = (await apiJobs(request, "type=variant-update&status=complete")).jobs[0]!;
  await gotoHydrated(page, "/jobs?type=item-create&tz=utc");
  const box = page.getByLabel("Find a job by id");

  await box.fill(`http://dash.example.com/jobs/category-delete/${deleted.id}?tab=raw`);
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/category-delete/${deleted.id}\\?tab=raw&tz=utc$`));
  await expect(page.getByRole("tab", { name: /Raw JSON/ })).toHaveAttribute("aria-selected", "true");

  await gotoHydrated(page, "/jobs?type=item-create");
  await box.fill(`https://a.klaviyo.com/api/catalog-variant-bulk-update-jobs/${updated.id}/`);
  await page.getByRole("button", { name: "Open" }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/variant-update/${updated.id}$`));
});

test("a find box message does not change the header's size", async ({ page }) => {
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport);
    await gotoHydrated(page, "/jobs");
    const form = page.getByRole("search");
    const header = form.locator("..");
    const before = { form: await form.boundingBox(), header: await header.boundingBox() };
    await page.getByLabel("Find a job by id").fill("");
    await page.getByRole("button", { name: "Open" }).click();
    const message = form.getByRole("status");
    await expect(message).toHaveText(/job id/);
    await expect(message).toBeVisible();
    expect(await form.boundingBox()).toEqual(before.form);
    expect(await header.boundingBox()).toEqual(before.header);
  }
});

test("the breadcrumb returns to the list view the job was opened from", async ({ page, request }) => {
  await gotoHydrated(page, "/jobs?type=item-update&status=complete&hide=counts&refresh=0&tz=utc");
  await expect(page.getByRole("columnheader", { name: /Done \/ failed \/ total/ })).toHaveCount(0);
  const link = page.getByTestId("job-row").first().locator("a[data-row-link]");
  const id = (await link.textContent())!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/jobs/item-update/${id}\\?`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);

  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Item update jobs" }).click();
  await expect(page).toHaveURL(/\/jobs\?/);
  const back = new URL(page.url()).searchParams;
  expect(Object.fromEntries(back)).toEqual({
    type: "item-update",
    status: "complete",
    hide: "counts",
    refresh: "0",
    tz: "utc",
  });
  await expect(
    page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: "complete" }),
  ).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("columnheader", { name: /Done \/ failed \/ total/ })).toHaveCount(0);

  // A pasted link carries no list: back to the list of the job's type, in the link's zone.
  const other = (await apiJobs(request, "type=variant-delete")).jobs[0]!;
  await page.goto(`/jobs/variant-delete/${other.id}?tz=utc`);
  await expect(
    page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Variant delete jobs" }),
  ).toHaveAttribute("href", "/jobs?type=variant-delete&tz=utc");
});

test("another tab drops the error group from the URL; back on Errors no group is picked", async ({ page, request }) => {
  const detail = await findJob(request, "item-create", (d) => groupsOf(d).length >= 2);
  const group = groupsOf(detail)[0]!;
  await gotoHydrated(page, `${groupLink("item-create", detail.job.id, group)}&tz=utc`);
  await expect(page.locator("[data-testid=error-group][data-selected=true]")).toHaveCount(1);

  await page.getByRole("tab", { name: /Items/ }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/item-create/${detail.job.id}\\?tab=items&tz=utc$`));
  await page.getByRole("tab", { name: /Raw JSON/ }).click();
  await expect(page).toHaveURL(new RegExp(`\\?tab=raw&tz=utc$`));
  await page.getByRole("tab", { name: /Errors/ }).click();
  await expect(page).toHaveURL(new RegExp(`\\?tab=errors&tz=utc$`));
  await expect(page.getByTestId("error-group").first()).toBeVisible();
  await expect(page.locator("[data-testid=error-group][data-selected=true]")).toHaveCount(0);
  await expect(page.getByTestId("error-row")).toHaveCount(detail.job.errors.length);
});

test("a delete job lists the ids it deleted in its items tab", async ({ page, request }) => {
  const detail = await findJob(request, "item-delete", (d) => d.job.relatedIds.length > 0 && d.job.failedCount > 0);
  const { job } = detail;
  await gotoHydrated(page, `/jobs/item-delete/${job.id}`);
  const tab = page.getByRole("tab", { name: /Items/ });
  await expect(tab).toContainText(String(job.relatedIds.length));
  await tab.click();
  await expect(page).toHaveURL(/tab=items/);
  await expect(page.getByText(`${job.relatedIds.length} items deleted`)).toBeVisible();
  const deleted = page.locator("[data-testid=payload-entry][data-outcome=succeeded]");
  await expect(deleted).toHaveCount(job.relatedIds.length);
  await expect(deleted.first()).toContainText(job.relatedIds[0]!);
  await expect(deleted.first()).toContainText("Deleted");
  await expect(page.locator("[data-testid=payload-entry][data-outcome=failed]")).toHaveCount(job.failedCount);
});

// Last: the dashboard holds the throttled endpoints for the few seconds Klaviyo asked.
test("an id under the wrong type says when the search of the others could not finish", async ({ page, request }) => {
  const others: JobType[] = [
    "item-update",
    "item-delete",
    "variant-create",
    "variant-update",
    "variant-delete",
    "category-create",
    "category-update",
    "category-delete",
  ];
  for (const endpoint of others)
    await setFault(request, { endpoint, operation: "get", kind: "throttle", retryAfter: 5 });
  await page.goto(`/jobs/item-create/${MISSING}`);
  await expect(page.getByRole("heading", { name: "Job not found" })).toBeVisible();
  const alert = page.getByTestId("job-lookup");
  await expect(alert).toHaveAttribute("data-lookup", "incomplete");
  await expect(alert).toContainText("could not finish: Klaviyo asked the dashboard to slow down");
  await expect(alert.getByRole("link", { name: "Look again" })).toHaveAttribute("href", `/jobs/item-create/${MISSING}`);
});
