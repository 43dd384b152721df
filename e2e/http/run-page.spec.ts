import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { formatCount } from "../../lib/format";
import type { RecentRuns, RunDetail } from "../../lib/runs/answers";
import type { RunSummary } from "../../lib/runs/summary";
import { MIN_CHART_BUCKETS, runThroughput } from "../../lib/runs/throughput";
import { resetSimulator, rowIds } from "../testing";

/*
 * A run page's smaller parts: the jobs-with-failures filter, figures instead of one-bar charts, and
 * the time zone kept in every link of the run pages.
 */

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

async function finishedRuns(request: APIRequestContext, window = "24h"): Promise<RunSummary[]> {
  const response = await request.get(`/api/runs?window=${window}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as RecentRuns).runs.map((r) => r.summary).filter((s) => s.running === 0);
}

async function runDetail(request: APIRequestContext, run: RunSummary): Promise<RunDetail> {
  const response = await request.get(`/api/runs?${new URLSearchParams({ from: run.from, to: run.to })}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as RunDetail;
}

const runUrl = (run: { from: string; to: string }, extra: Record<string, string> = {}) =>
  `/runs?${new URLSearchParams({ from: run.from, to: run.to, ...extra })}`;

const hrefs = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));

test("'Only jobs with failures' shows those jobs, says how many are hidden, and reopens from its link", async ({
  page,
  browser,
  request,
}) => {
  // A run with failures in some jobs only, small enough that every row is in the DOM.
  const run = (await finishedRuns(request))
    .filter((s) => s.jobsWithFailures > 0 && s.jobsWithFailures < s.jobCount && s.jobCount <= 40)
    .sort((a, b) => b.jobCount - a.jobCount)[0];
  expect(run, "a finished run where some jobs failed and some did not").toBeTruthy();
  const detail = await runDetail(request, run!);
  const failing = detail.jobs.filter((j) => j.failedCount > 0).map((j) => j.id);
  const hidden = run!.jobCount - failing.length;

  await page.goto(runUrl(run!));
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  await expect(page.getByTestId("job-row")).toHaveCount(run!.jobCount);
  await page.getByRole("checkbox", { name: "Only jobs with failures" }).check();
  await expect(page).toHaveURL(/[?&]jobs=failed(&|$)/);
  await expect(page.getByTestId("job-row")).toHaveCount(failing.length);
  expect((await rowIds(page)).sort()).toEqual([...failing].sort());
  const note = page.getByTestId("run-jobs-hidden");
  await expect(note).toContainText(`${formatCount(hidden)} ${hidden === 1 ? "job" : "jobs"} without failures hidden`);

  // The link reopens the filtered view in a browser with nothing cached.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  await expect(other.getByRole("checkbox", { name: "Only jobs with failures" })).toBeChecked();
  await expect(other.getByTestId("job-row")).toHaveCount(failing.length);
  await fresh.close();

  // "Show all jobs" brings every row back and takes the filter out of the URL.
  await note.getByRole("button", { name: "Show all jobs" }).click();
  await expect(page.getByTestId("job-row")).toHaveCount(run!.jobCount);
  await expect(page).not.toHaveURL(/jobs=failed/);
  await expect(page.getByRole("checkbox", { name: "Only jobs with failures" })).not.toBeChecked();
});

test("a run too short to chart shows its figures as text instead of one-bar charts", async ({ page, request }) => {
  const runs = (await finishedRuns(request, "72h")).sort((a, b) => a.jobCount - b.jobCount).slice(0, 12);
  let short: { run: RunSummary; detail: RunDetail } | null = null;
  for (const run of runs) {
    const detail = await runDetail(request, run);
    if (run.operations.failed > 0 && runThroughput(detail.jobs).buckets.length < MIN_CHART_BUCKETS) {
      short = { run, detail };
      break;
    }
  }
  expect(short, "a finished run with failures, finished within a few minutes").not.toBeNull();
  const { run, detail } = short!;
  const { buckets } = runThroughput(detail.jobs);

  await page.goto(runUrl(run));
  const figures = page.getByTestId("run-figures");
  await expect(figures).toBeVisible();
  // One line per interval, with its figures.
  await expect(figures.getByRole("listitem")).toHaveCount(buckets.length);
  for (const [i, b] of buckets.entries()) {
    const line = figures.getByRole("listitem").nth(i);
    await expect(line).toContainText(`${formatCount(b.completed)} completed, ${formatCount(b.failed)} failed`);
    await expect(line).toContainText(`${b.percent}% of the run's operations`);
  }
  await expect(page.getByTestId("throughput-bars")).toHaveCount(0);
  await expect(page.getByTestId("progress-chart")).toHaveCount(0);
});

test("with ?tz=utc every link of the run pages keeps the time zone, and drops it back in local time", async ({
  page,
  request,
}) => {
  await page.goto("/runs?tz=utc");
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  await expect(page.getByTestId("run-card").first()).toBeVisible();
  for (const href of await hrefs(page, "[data-testid=run-link]")) expect(href).toMatch(/[?&]tz=utc(&|$)/);

  const run = (await finishedRuns(request))
    .filter((s) => s.operations.failed > 0 && s.jobCount >= 3)
    .sort((a, b) => a.jobCount - b.jobCount)[0]!;
  await page.locator(`[data-testid=run-card][data-from="${run.from}"]`).getByTestId("run-link").click();
  // The server reads the run from Klaviyo before the URL commits: seconds on a busy machine.
  await expect(page).toHaveURL(/\/runs\?from=.*tz=utc/, { timeout: 30_000 });
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  await expect(page.getByTestId("job-row").first()).toBeVisible();

  const linkSelectors = [
    "nav[aria-label=Breadcrumb] a",
    "[data-testid=error-group-job-link]",
    "[data-testid=job-row] a",
  ] as const;
  for (const selector of linkSelectors) {
    const found = await hrefs(page, selector);
    expect(found.length, selector).toBeGreaterThan(0);
    for (const href of found) expect(href, selector).toMatch(/[?&]tz=utc(&|$)/);
  }
  expect((await hrefs(page, "nav[aria-label=Breadcrumb] a"))[0]).toBe("/runs?tz=utc");

  // Local time is the default: the links no longer name a zone.
  await page.getByRole("button", { name: "Local time" }).click();
  await expect(page).not.toHaveURL(/tz=/);
  for (const selector of linkSelectors)
    for (const href of await hrefs(page, selector)) expect(href, selector).not.toContain("tz=");

  // The back link keeps the zone too: it lands on the run list in UTC.
  await page.getByRole("button", { name: "UTC" }).click();
  await expect(page).toHaveURL(/tz=utc/);
  await page.getByRole("link", { name: "← Sync runs" }).click();
  await expect(page).toHaveURL(/\/runs\?tz=utc$/);
  await expect(page.getByRole("button", { name: "UTC" })).toHaveAttribute("aria-pressed", "true");
});

test("a run link cut short keeps ?tz=utc in its link to the whole run", async ({ page, request }) => {
  const run = (await finishedRuns(request)).filter((s) => s.jobCount >= 4).sort((a, b) => a.jobCount - b.jobCount)[0]!;
  const jobs = (await runDetail(request, run)).jobs.map((j) => Date.parse(j.createdAt)).sort((a, b) => a - b);
  const to = new Date(jobs[Math.floor(jobs.length / 2) - 1]!).toISOString();

  await page.goto(runUrl({ from: run.from, to }, { tz: "utc" }));
  const whole = page.getByRole("link", { name: "Open the whole run as it is now" });
  await expect(whole).toHaveAttribute("href", /[?&]tz=utc(&|$)/);
  await whole.click();
  await expect(page).toHaveURL(/tz=utc/);
  await expect(page.getByTestId("run-edges")).toHaveCount(0);
  await expect(page.getByTestId("job-row")).toHaveCount(run.jobCount);
});
