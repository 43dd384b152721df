import { readFile } from "node:fs/promises";
import { type APIRequestContext, expect, test } from "@playwright/test";
import Papa from "papaparse";
import type { JobType } from "../../lib/job-types";
import { matchGroups } from "../../lib/jobs/error-groups";
import type { JobDetail } from "../../lib/types";
import {
  advanceClock,
  apiJob,
  apiJobs,
  clearFaults,
  expectNoAxeViolations,
  groupLink,
  groupsOf,
  resetSimulator,
  setFault,
} from "../testing";

/*
 * The job detail page against the standalone simulator over HTTP. Jobs are found through the
 * dashboard's own API, as a teammate would find them in the list, then opened by URL in a fresh
 * browser context, the way a shared link arrives.
 */

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

/** The first finished job of a type (first page, newest first) whose detail satisfies `accept`. */
async function findJob(
  request: APIRequestContext,
  type: JobType,
  accept: (detail: JobDetail) => boolean,
  maxDetails = 30,
): Promise<JobDetail> {
  const page = await apiJobs(request, `type=${type}&status=complete`);
  const candidates = page.jobs.filter((j) => j.errors.length > 0).slice(0, maxDetails);
  for (const job of candidates) {
    const detail = await apiJob(request, type, job.id);
    if (accept(detail)) return detail;
  }
  throw new Error(`no ${type} job among ${candidates.length} fits`);
}

test("a shared job link opens in a fresh browser with progress, times and its errors", async ({
  browser,
  request,
}, testInfo) => {
  const detail = await findJob(request, "item-create", (d) => groupsOf(d).length >= 2);
  const { job } = detail;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/jobs/item-create/${job.id}`);

  await expect(page).toHaveTitle(new RegExp(`Item create job ${job.id}`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(job.id);
  await expect(page.getByRole("button", { name: `Copy job id ${job.id}` })).toBeVisible();
  await expect(page.locator("[data-status]").first()).toHaveText("complete");
  const bar = page.getByRole("progressbar", { name: `Progress of job ${job.id}` });
  await expect(bar).toHaveAttribute("aria-valuenow", String(job.completedCount + job.failedCount));
  await expect(bar).toHaveAttribute("aria-valuemax", String(job.totalCount));
  await expect(page.getByTestId("count-failed")).toContainText(String(job.failedCount));
  await expect(page.getByTestId("expiry")).toContainText(/in \d+d/);
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-live", "final");

  // Something failed, so the errors tab opens by default, listing every error, largest group first.
  await expect(page.getByRole("tab", { name: /Errors/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("error-row")).toHaveCount(job.errors.length);
  const groups = groupsOf(detail);
  const shown = page.getByTestId("error-group");
  await expect(shown).toHaveCount(groups.length);
  await expect(shown.first()).toHaveAttribute("data-code", groups[0]!.code);

  // Tabs are keyboard operable and live in the URL.
  await page.getByRole("tab", { name: /Errors/ }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: /Items/ })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { name: /Items/ })).toBeFocused();
  await expect(page).toHaveURL(/tab=items/);
  await page.keyboard.press("End");
  await expect(page).toHaveURL(/tab=raw/);
  await expect(page.getByTestId("raw-json")).toContainText(`"id": "${job.id}"`);

  await page.goto(`/jobs/item-create/${job.id}`);
  await page.screenshot({ path: testInfo.outputPath("job-detail.png"), fullPage: true });
  await context.close();
});

test("an error group deep link opens that group; its copied link and CSV export match it", async ({
  browser,
  request,
  baseURL,
}) => {
  const detail = await findJob(
    request,
    "item-create",
    (d) => groupsOf(d).some((g) => g.count >= 2) && groupsOf(d).length >= 2,
  );
  const { job } = detail;
  const groups = groupsOf(detail);
  const group = groups.find((g) => g.count >= 2)!;
  const selected = matchGroups(groups, { code: group.code, field: group.field ?? "" }).filter(
    (g) => g.field === group.field,
  );
  const expectedIndexes = selected.flatMap((g) => g.refs.map((r) => r.index)).sort((a, b) => (a ?? -1) - (b ?? -1));

  const context = await browser.newContext({
    permissions: ["clipboard-read", "clipboard-write"],
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(groupLink("item-create", job.id, group));

  const item = page.locator(`[data-testid=error-group][data-code="${group.code}"][data-field="${group.field ?? ""}"]`);
  await expect(item).toHaveAttribute("data-selected", "true");
  const rows = page.getByTestId("error-row");
  await expect(rows).toHaveCount(expectedIndexes.length);
  expect(await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-index"))))).toEqual(
    expectedIndexes,
  );

  // The copied link is the absolute URL of this group, and opens it for someone else.
  await item.getByRole("button", { name: /Copy link to this group/ }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`${baseURL}${groupLink("item-create", job.id, group)}`);

  // CSV of the group: the export header, then one row per error of the group.
  const download = page.waitForEvent("download");
  await item.getByRole("button", { name: /as CSV$/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^item-create-${job.id}-errors-.*\\.csv$`));
  const csv = await readFile(await file.path(), "utf8");
  const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true });
  expect(parsed.meta.fields).toEqual([
    "job_type",
    "job_id",
    "payload_index",
    "field",
    "code",
    "title",
    "detail",
    "pointer",
    "error_id",
  ]);
  expect(parsed.data).toHaveLength(group.count);
  for (const row of parsed.data) {
    expect(row).toMatchObject({ job_type: "item-create", job_id: job.id, code: group.code, field: group.field ?? "" });
  }
  expect(parsed.data.map((r) => Number(r.payload_index)).sort((a, b) => a - b)).toEqual(
    group.refs.map((r) => r.index).sort((a, b) => (a ?? -1) - (b ?? -1)),
  );

  // The filter narrows the table and lives in the URL too.
  const first = group.refs[0]!;
  await page.getByLabel(/Filter errors/).fill(`#${first.index}`);
  await expect(page).toHaveURL(/q=%23\d+/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-index", String(first.index));

  // Showing all errors again clears the group from the URL.
  await page.getByLabel(/Filter errors/).fill("");
  await page.getByRole("button", { name: "Show all errors" }).first().click();
  await expect(page).not.toHaveURL(/code=/);
  await expect(rows).toHaveCount(job.errors.length);
  await context.close();
});

test("items: each entry is succeeded or failed, and hostile catalog text stays inert", async ({ page, request }) => {
  const hostile = (d: JobDetail) =>
    d.included.some((r) => (r.title ?? "").includes("<") || (r.url ?? "").toLowerCase().startsWith("javascript:"));
  const detail = await findJob(request, "item-create", hostile);
  const { job } = detail;
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`/jobs/item-create/${job.id}?tab=items`);

  const entries = page.getByTestId("payload-entry");
  await expect(entries).toHaveCount(job.completedCount + job.failedCount);
  await expect(page.locator("[data-testid=payload-entry][data-outcome=failed]")).toHaveCount(job.failedCount);
  await expect(page.getByText(/Entry numbers come from the error pointers/)).toBeVisible();

  // Markup in titles shows as text; no javascript: link, no non-https image, no injected element.
  const markup = detail.included.find((r) => (r.title ?? "").includes("<img"));
  if (markup) await expect(page.getByText(markup.title!.slice(0, 30), { exact: false }).first()).toBeVisible();
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  const sources = await page.locator("img").evaluateAll((imgs) => imgs.map((img) => img.getAttribute("src") ?? ""));
  for (const src of sources) expect(src).toMatch(/^https:\/\//);
  expect(await page.locator("img[onerror], img[src='x']").count()).toBe(0);
  if (detail.included.some((r) => (r.url ?? "").startsWith("javascript:"))) {
    await expect(page.getByText("(not a web link, not opened)").first()).toBeVisible();
  }

  // Description and custom metadata open on demand.
  const withDetails = entries.filter({ has: page.locator("details") }).first();
  await withDetails.locator("summary").click();
  await expect(withDetails.getByRole("heading", { name: "Custom metadata" })).toBeVisible();
  expect(dialogs).toEqual([]);
});

test("accessibility: no axe violations in light and dark, errors and items", async ({ browser, request }) => {
  // Errors for the first check, and related variants for the second: their entries carry the details
  // opened below. (The simulator runs on the real clock; some jobs have no related variant, and the
  // click then waited for a summary that never came.)
  const detail = await findJob(request, "variant-update", (d) => d.job.errors.length > 0 && d.included.length > 0);
  for (const colorScheme of ["light", "dark"] as const) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(`/jobs/variant-update/${detail.job.id}`);
    await expect(page.getByTestId("error-row").first()).toBeVisible();
    await expect(page.locator("html")).toHaveClass(colorScheme === "dark" ? /dark/ : /^(?!.*dark)/);
    await expectNoAxeViolations(page);
    await page.getByRole("tab", { name: /Variants/ }).click();
    await expect(page.getByTestId("payload-entry").first()).toBeVisible();
    await page.getByTestId("payload-entry").locator("summary").first().click();
    await expectNoAxeViolations(page);
    await context.close();
  }
});

test("an unknown job id says so and leads back to the list of its type", async ({ page }) => {
  await page.goto("/jobs/item-update/01ZZZZZZZZZZZZZZZZZZZZZZZZ");
  await expect(page.getByRole("heading", { name: "Job not found" })).toBeVisible();
  await expect(page.getByText(/expired/)).toBeVisible();
  const back = page.getByRole("link", { name: /Back to item update jobs/ });
  await expect(back).toHaveAttribute("href", "/jobs?type=item-update");
  await back.click();
  await expect(page).toHaveURL(/\/jobs\?type=item-update$/);

  await page.goto("/jobs/item-explode/not%20an%20id");
  await expect(page.getByRole("heading", { name: "Job not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Back to all jobs/ })).toHaveAttribute("href", "/jobs");
});

test("upstream trouble is explained, and the page recovers on retry", async ({ page, request }) => {
  const target = (await apiJobs(request, "type=category-update&status=complete")).jobs.at(-1)!;
  await setFault(request, { endpoint: "category-update", operation: "get", kind: "status", status: 503 });
  await page.goto(`/jobs/category-update/${target.id}`);
  const alert = page.locator("[role=alert]:not(#__next-route-announcer__)");
  await expect(alert).toContainText("Klaviyo is not answering", { timeout: 45_000 });
  await clearFaults(request);
  await alert.getByRole("button", { name: /Retry/ }).click();
  await expect(page.getByRole("progressbar", { name: `Progress of job ${target.id}` })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.locator("[role=alert]:not(#__next-route-announcer__)")).toHaveCount(0);
});

test("a running job is polled until it finishes, then never again", async ({ page, request }, testInfo) => {
  // Moves the simulator's clock six hours on, and back at the end.
  let found: { type: JobType; id: string } | null = null;
  for (const type of ["variant-create", "item-create", "item-update", "category-create", "variant-update"] as const) {
    for (const status of ["processing", "queued"] as const) {
      const job = (await apiJobs(request, `type=${type}&status=${status}`)).jobs[0];
      if (job) {
        found = { type, id: job.id };
        break;
      }
    }
    if (found) break;
  }
  expect(found, "a queued or processing job to watch").not.toBeNull();
  const { type, id } = found!;
  const path = `/api/jobs/${type}/${id}`;
  let calls = 0;
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === path) calls++;
  });

  await page.goto(`/jobs/${type}/${id}`);
  await expect(page.getByTestId("live-state")).toHaveAttribute("data-live", "live");
  await expect.poll(() => calls, { timeout: 15_000 }).toBeGreaterThan(0);
  // Two reads make a line: the lazily loaded chart of what this page has seen.
  await expect(page.getByTestId("progress-chart").getByRole("application")).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: testInfo.outputPath("job-detail-live.png"), fullPage: true });

  const sixHours = 6 * 60 * 60 * 1000;
  await advanceClock(request, sixHours);
  try {
    await expect(page.locator("[data-status]").first()).toHaveText(/complete|cancelled/, { timeout: 20_000 });
    await expect(page.getByTestId("live-state")).toHaveAttribute("data-live", "final");
    await expect(page.getByTestId("expiry")).toBeVisible();

    calls = 0;
    await page.waitForTimeout(12_000);
    expect(calls).toBe(0);
  } finally {
    // The seeded history stops two hours past its anchor: later specs (new jobs arriving) need
    // the clock back where it was.
    await advanceClock(request, -sixHours);
  }
});
