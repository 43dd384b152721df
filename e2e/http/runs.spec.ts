import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import Papa from "papaparse";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "../../lib/job-types";
import { type RecentRuns, RUN_TABLE_VIRTUAL_FROM } from "../../lib/runs/answers";
import { type RunSummary } from "../../lib/runs/summary";
import { clearFaults, resetSimulator, rowIds, SIM_HEADERS, SIMULATOR, simulator } from "../testing";

/*
 * Sync runs against the standalone simulator. Totals are checked against the simulator itself, read
 * over HTTP the way Klaviyo is read (its clock runs, so exact counts are compared on finished runs).
 */

interface SimJob {
  type: JobType;
  id: string;
  createdAt: number;
  total: number;
  completed: number;
  failed: number;
  errors: number;
}

/** Every job of every type created in [from, to], straight from the simulator's list endpoints. */
async function simulatorJobs(request: APIRequestContext, from: number, to: number): Promise<SimJob[]> {
  const jobs: SimJob[] = [];
  for (const type of JOB_TYPES) {
    let url: string | null = `${SIMULATOR}${JOB_TYPE_INFO[type].path}`;
    while (url) {
      const response = await request.get(url, { headers: SIM_HEADERS });
      expect(response.status(), url).toBe(200);
      const body = (await response.json()) as {
        data: {
          id: string;
          attributes: {
            created_at: string;
            total_count: number;
            completed_count: number | null;
            failed_count: number | null;
            errors: unknown[] | null;
          };
        }[];
        links: { next: string | null };
      };
      const page = body.data.map((d) => ({
        type,
        id: d.id,
        createdAt: Date.parse(d.attributes.created_at),
        total: d.attributes.total_count,
        completed: d.attributes.completed_count ?? 0,
        failed: d.attributes.failed_count ?? 0,
        errors: d.attributes.errors?.length ?? 0,
      }));
      jobs.push(...page.filter((j) => j.createdAt >= from && j.createdAt <= to));
      url = page.length > 0 && Math.min(...page.map((j) => j.createdAt)) >= from ? body.links.next : null;
    }
  }
  return jobs;
}

async function recentRuns(request: APIRequestContext, search = ""): Promise<RecentRuns> {
  const response = await request.get(`/api/runs${search}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as RecentRuns;
}

/**
 * A finished run with failures (its counts can no longer change), small enough that every job row
 * is in the DOM: no type reaches the size from which run tables render rows on demand.
 */
async function finishedRunWithFailures(request: APIRequestContext): Promise<RunSummary> {
  const { runs } = await recentRuns(request);
  const candidates = runs
    .map((r) => r.summary)
    .filter(
      (s) =>
        s.running === 0 &&
        s.operations.failed > 0 &&
        s.jobCount >= 5 &&
        s.byType.every((t) => t.jobs < RUN_TABLE_VIRTUAL_FROM),
    );
  expect(candidates.length, "the seeded history has finished runs with failures").toBeGreaterThan(0);
  return candidates.reduce((a, b) => (b.jobCount > a.jobCount ? b : a));
}

const sum = (jobs: SimJob[], pick: (j: SimJob) => number) => jobs.reduce((n, j) => n + pick(j), 0);
const dataValue = async (page: Page, testId: string) =>
  Number(await page.getByTestId(testId).getAttribute("data-value"));

async function runTotals(page: Page) {
  return {
    jobs: await dataValue(page, "run-jobs"),
    total: await dataValue(page, "run-total"),
    completed: await dataValue(page, "run-completed"),
    failed: await dataValue(page, "run-failed"),
    rows: (await rowIds(page)).sort(),
  };
}

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});
test.afterEach(async ({ request }) => {
  await clearFaults(request);
  await simulator(request, "POST", "/__simulator/clock", { scale: 1 });
});

test("a run link from /runs reopens in a fresh browser with the same jobs and totals, which are the simulator's sums", async ({
  page,
  browser,
  request,
}, testInfo) => {
  const run = await finishedRunWithFailures(request);

  await page.goto("/runs");
  await expect(page.getByRole("heading", { level: 1, name: "Sync runs" })).toBeVisible();
  const card = page.locator(`[data-testid=run-card][data-from="${run.from}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByRole("progressbar")).toHaveAttribute("aria-valuemax", String(run.operations.total));
  await card.getByTestId("run-link").click();
  await expect(page).toHaveURL(/\/runs\?from=[^&]+&to=/);
  await expect(page.getByRole("heading", { level: 1, name: /Sync run/ })).toBeVisible();
  await expect(page.getByTestId("job-row")).toHaveCount(run.jobCount);
  const seen = await runTotals(page);

  // The same link, in a browser with nothing cached.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(page.url());
  await expect(other.getByTestId("job-row")).toHaveCount(run.jobCount);
  expect(await runTotals(other)).toEqual(seen);
  await fresh.close();

  // Every total is the sum over the simulator's own jobs in the window.
  const from = new URL(page.url()).searchParams.get("from")!;
  const to = new URL(page.url()).searchParams.get("to")!;
  const jobs = await simulatorJobs(request, Date.parse(from), Date.parse(to));
  expect(seen.rows).toEqual(jobs.map((j) => j.id).sort());
  expect(seen).toMatchObject({
    jobs: jobs.length,
    total: sum(jobs, (j) => j.total),
    completed: sum(jobs, (j) => j.completed),
    failed: sum(jobs, (j) => j.failed),
  });
  const bar = page.getByRole("progressbar", { name: "Progress of the whole run" });
  await expect(bar).toHaveAttribute("aria-valuemax", String(sum(jobs, (j) => j.total)));
  await expect(bar).toHaveAttribute("aria-valuenow", String(sum(jobs, (j) => j.completed + j.failed)));
  await expect(page.getByTestId("run-state")).toHaveText("Finished");
  await expect(page.getByTestId("run-duration")).toBeVisible();
  await expect(page.getByRole("meter", { name: /in progress/ })).toHaveAttribute("aria-valuenow", "0");

  // The throughput bars (or, for a run finished within minutes, its figures written out) add up to
  // every operation of the (finished) run, and the progress ends at the run's share of processed
  // operations (cancelled jobs leave some unprocessed).
  const bars = page.locator("[data-testid=throughput-bars] [data-ops], [data-testid=run-figures] [data-ops]");
  const perBar = await bars.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-ops"))));
  expect(perBar.reduce((a, b) => a + b, 0)).toBe(sum(jobs, (j) => j.completed + j.failed));
  const processed = Math.round((sum(jobs, (j) => j.completed + j.failed) / sum(jobs, (j) => j.total)) * 1000) / 10;
  if ((await page.getByTestId("run-figures").count()) > 0) {
    await expect(page.getByTestId("run-figures").getByRole("listitem").last()).toContainText(
      `${processed}% of the run's operations finished by then`,
    );
  } else {
    await expect(page.getByTestId("progress-chart").getByRole("img")).toHaveAttribute(
      "aria-label",
      new RegExp(`^${String(processed).replace(".", "\\.")}% of the run's operations finished by \\d\\d:\\d\\d$`),
    );
    await page.getByText("The charts' figures as a table").click();
    await expect(page.getByTestId("run-chart-table").locator("tbody tr")).toHaveCount(perBar.length);
  }
  await page.screenshot({ path: testInfo.outputPath("run.png"), fullPage: true });
});

test("the oldest run's link, at the foot of the page where scrolling cannot move it, opens its run", async ({
  page,
}) => {
  await page.goto("/runs");
  const card = page.getByTestId("run-card").last();
  const from = await card.getAttribute("data-from");
  await card.getByTestId("run-link").click({ timeout: 10_000 });
  await expect(page).toHaveURL(new RegExp(`from=${encodeURIComponent(from!)}`));
  await expect(page.getByRole("heading", { level: 1, name: /Sync run/ })).toBeVisible();
});

test("a click on a run is answered at once: the link shows it is loading until the run arrives", async ({ page }) => {
  await page.goto("/runs");
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  // The run page renders on the server from nine Klaviyo lists or more: hold its answer back a while.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/runs\?from=/, async (route) => {
    await held;
    await route.continue();
  });
  const link = page.getByTestId("run-link").first();
  const hint = link.getByTestId("pending-hint");
  await expect(hint).not.toHaveAttribute("data-pending");
  await link.click();
  await expect(hint).toHaveAttribute("data-pending", "true");
  await expect(hint).toHaveCSS("opacity", "0.7");
  // The spinner is aria-hidden: a wait of a second or more is said to screen readers.
  await expect(page.getByTestId("announcer")).toHaveText("Loading…");
  expect(page.url()).not.toContain("from=");
  release();
  await expect(page.getByRole("heading", { level: 1, name: /Sync run/ })).toBeVisible();
  await expect(page).toHaveURL(/\/runs\?from=/);
});

test("the export has one row per failed entry of the run, as CSV and as JSON", async ({ page, request }) => {
  const run = await finishedRunWithFailures(request);
  const jobs = await simulatorJobs(request, Date.parse(run.from), Date.parse(run.to));
  const failedEntries = sum(jobs, (j) => j.errors);
  expect(failedEntries).toBe(run.operations.failed);

  await page.goto(`/runs?from=${run.from}&to=${run.to}`);
  await page.locator("[role=toolbar][data-live=true]").waitFor(); // the fetching export (no-JS links: below)
  const group = page.getByRole("group", { name: `Export all ${failedEntries} failed entries of the run` });
  await expect(group).toBeVisible();

  const [csvDownload] = await Promise.all([
    page.waitForEvent("download"),
    group.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/^run-.*-failed-entries\.csv$/);
  const csv = Papa.parse<Record<string, string>>(await readFile((await csvDownload.path())!, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.meta.fields).toEqual([
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
  expect(csv.data).toHaveLength(failedEntries);
  const ids = new Set(jobs.map((j) => j.id));
  for (const row of csv.data) {
    expect(ids.has(row.job_id!)).toBe(true);
    expect(row.payload_index).toMatch(/^\d*$/);
  }
  // one row per failed entry of each job
  for (const job of jobs) expect(csv.data.filter((r) => r.job_id === job.id)).toHaveLength(job.errors);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent("download"),
    group.getByRole("link", { name: "Export JSON" }).click(),
  ]);
  const rows = JSON.parse(await readFile((await jsonDownload.path())!, "utf8")) as unknown[];
  expect(rows).toHaveLength(failedEntries);

  // Error groups: counts add up, and each link opens that job's group.
  const groups = page.getByTestId("error-group");
  const counts = await groups.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-count"))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(failedEntries);
  const href = await groups.first().getByTestId("error-group-job-link").first().getAttribute("href");
  expect(href).toMatch(/^\/jobs\/[a-z]+-[a-z]+\/[A-Za-z0-9_-]+\?tab=errors&code=[^&]+(&field=.+)?$/);
  expect(ids.has(decodeURIComponent(href!.split("/")[3]!.split("?")[0]!))).toBe(true);
});

test("without JavaScript a run page shows its rows and groups, and its export links download", async ({
  browser,
  request,
}) => {
  const run = await finishedRunWithFailures(request);
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`/runs?from=${run.from}&to=${run.to}`);
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  const counts = await page
    .getByTestId("error-group")
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-count"))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(run.operations.failed);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export JSON" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^run-.*-failed-entries\.json$/);
  expect(JSON.parse(await readFile((await download.path())!, "utf8"))).toHaveLength(run.operations.failed);
  await context.close();
});

test("a failed export is explained on the page, and the next try downloads", async ({ page, request }) => {
  const run = await finishedRunWithFailures(request);
  await page.goto(`/runs?from=${run.from}&to=${run.to}`);
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  // As the route answers when Klaviyo is down while the run is read again.
  let down = true;
  await page.route(/\/api\/runs\/errors\?/, (route) =>
    down
      ? route.fulfill({
          status: 503,
          contentType: "application/json",
          headers: { "Retry-After": "5" },
          body: JSON.stringify({ error: { code: "upstream_unavailable", message: "Klaviyo answered 503." } }),
        })
      : route.continue(),
  );
  const group = page.getByRole("group", { name: /^Export all \d+ failed entries of the run$/ });
  await group.getByRole("link", { name: "Export CSV" }).click();
  const failure = page.getByTestId("run-export-error");
  await expect(failure).toHaveAttribute("data-error-code", "upstream_unavailable");
  await expect(failure.getByRole("alert")).toContainText("Klaviyo answered 503.");
  // Nothing retries a download behind the user's back, so the box does not claim it.
  await expect(failure.getByRole("alert")).not.toContainText("keeps trying");
  down = false;
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    failure.getByRole("button", { name: "Retry now" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^run-.*-failed-entries\.csv$/);
  await expect(failure).toHaveCount(0);
  // The Retry button went with the box: focus is back on the export, not lost to the page.
  await expect(group.getByRole("link", { name: "Export CSV" })).toBeFocused();
});

test("a link made while the run was still growing shows the same jobs, and says the run continues", async ({
  page,
  request,
}) => {
  const run = await finishedRunWithFailures(request);
  const jobs = (await simulatorJobs(request, Date.parse(run.from), Date.parse(run.to))).sort(
    (a, b) => a.createdAt - b.createdAt,
  );
  const cut = jobs[Math.floor(jobs.length / 2) - 1]!;
  const earlier = jobs.filter((j) => j.createdAt <= cut.createdAt);
  const to = new Date(cut.createdAt).toISOString();

  await page.goto(`/runs?from=${run.from}&to=${to}`);
  await expect(page.getByTestId("job-row")).toHaveCount(earlier.length);
  await expect(page.getByTestId("run-continues")).toContainText(`${jobs.length - earlier.length} more`);
  await page.getByRole("link", { name: "Open the whole run as it is now" }).click();
  await expect(page.getByTestId("job-row")).toHaveCount(jobs.length);
  await expect(page.getByTestId("run-edges")).toHaveCount(0);
});

test("a finished run is not polled; a running one is, every 15 s", async ({ page, request }) => {
  const { runs } = await recentRuns(request);
  const finished = runs.find((r) => r.summary.running === 0)!.summary;
  const running = runs.find((r) => r.summary.running > 0)?.summary;

  await page.clock.install();
  const calls: string[] = [];
  // The run's own reads only (the page also asks once whether the run is kept: that is not polling).
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/runs") calls.push(r.url());
  });
  await page.goto(`/runs?from=${finished.from}&to=${finished.to}`);
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  await page.clock.fastForward(60_000);
  await page.waitForTimeout(300);
  expect(calls).toHaveLength(0);

  test.skip(!running, "no run of the seeded history is running right now");
  await page.goto(`/runs?from=${running!.from}&to=${running!.to}`);
  await expect(page.getByTestId("job-row").first()).toBeVisible();
  await page.clock.fastForward(16_000);
  await expect.poll(() => calls.length).toBeGreaterThan(0);
});

test("recent runs cost at most ⌊n/100⌋ + 1 list calls per type (n = its jobs in the window), and no detail call", async ({
  request,
}) => {
  // Frozen, so no job is created between the dashboard's read and ours; then past the proxy's 3 s list cache.
  await simulator(request, "POST", "/__simulator/clock", { scale: 0 });
  await new Promise((resolve) => setTimeout(resolve, 3_100));
  await resetSimulator(request);
  const body = await recentRuns(request, "?window=6h");
  const stats = (await (await request.get(`${SIMULATOR}/__simulator/stats`)).json()) as {
    total: { requests: number };
    endpoints: Record<string, { requests: number }>;
  };
  expect(stats.total.requests).toBe(body.listCalls);
  for (const [endpoint, { requests }] of Object.entries(stats.endpoints)) {
    if (endpoint.endsWith("/{id}")) expect(requests, endpoint).toBe(0);
  }
  const since = Date.parse(body.since);
  const jobs = await simulatorJobs(request, since, Number.MAX_SAFE_INTEGER);
  const budget = JOB_TYPES.reduce((n, type) => n + Math.floor(jobs.filter((j) => j.type === type).length / 100) + 1, 0);
  expect(body.listCalls).toBeLessThanOrEqual(budget);
  expect(body.runs.reduce((n, r) => n + r.summary.jobCount, 0)).toBe(jobs.length);
});

test("bad run links are refused with no upstream call", async ({ page, request }) => {
  const before = (await (await request.get(`${SIMULATOR}/__simulator/stats`)).json()) as unknown;
  const api = await request.get("/api/runs?from=2026-11-28T12:00:00Z");
  expect(api.status()).toBe(400);
  expect(await api.json()).toMatchObject({ error: { code: "bad_request" } });
  await page.goto("/runs?from=yesterday&to=today");
  await expect(page.locator("[role=alert]:not(#__next-route-announcer__)")).toContainText("invalid part");
  const after = (await (await request.get(`${SIMULATOR}/__simulator/stats`)).json()) as unknown;
  expect(after).toEqual(before);
});

for (const colorScheme of ["light", "dark"] as const) {
  for (const view of ["list", "run"] as const) {
    test(`the ${view === "list" ? "list of runs" : "run page"} passes axe (WCAG 2 A/AA) in ${colorScheme} mode`, async ({
      browser,
      request,
    }) => {
      test.setTimeout(120_000); // axe over a page of tables takes a while on two shared cores
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      if (view === "list") {
        await page.goto("/runs");
        await expect(page.getByTestId("run-card").first()).toBeVisible();
      } else {
        const { runs } = await recentRuns(request);
        const small = runs
          .map((r) => r.summary)
          .filter((r) => r.running === 0 && r.operations.failed > 0)
          .sort((a, b) => a.jobCount - b.jobCount)[0]!;
        await page.goto(`/runs?from=${small.from}&to=${small.to}`);
        // A run this small may have finished within minutes: its figures are then text, not charts.
        await expect(page.getByTestId("run-figures").or(page.getByTestId("throughput-chart"))).toBeVisible();
        const chartTable = page.getByText("The charts' figures as a table");
        if ((await chartTable.count()) > 0) await chartTable.click();
      }
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(
        results.violations.map(
          (v) =>
            `${v.id}: ${v.nodes
              .map((n) => n.target.join(" "))
              .slice(0, 3)
              .join(", ")}`,
        ),
      ).toEqual([]);
      await context.close();
    });
  }
}

test("the look-back and the pause are in the URL, parsed by the server, and Back restores them", async ({ page }) => {
  await page.goto("/runs");
  // Wait for hydration: the controls only work once the page is live.
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  const cards = page.getByTestId("run-card");
  await expect(cards.first()).toBeVisible();

  await page.getByLabel("Look back").selectOption("1h");
  // The server reads Klaviyo for the new window (seconds, under the rate limit) before the URL commits.
  await expect(page).toHaveURL(/\/runs\?window=1h$/, { timeout: 30_000 });
  // The select shows the query the server parsed and handed down, not just the URL.
  await expect(page.getByLabel("Look back")).toHaveValue("1h");

  await page.getByLabel("New run after a pause of").selectOption("30");
  await expect(page).toHaveURL(/\/runs\?window=1h&gap=30$/, { timeout: 30_000 });
  await expect(page.getByText("jobs less than 30 min apart")).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/runs\?window=1h$/);
  await expect(page.getByText("jobs less than 10 min apart")).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByLabel("Look back")).toHaveValue("24h");
  await expect(cards.first()).toBeVisible();

  // A value the server refuses is explained, not guessed at.
  await page.goto("/runs?gap=0");
  await expect(page.getByText(/gap must be at least 1 minute/)).toBeVisible();
});

test("a run type with hundreds of jobs renders the rows near the viewport, and every job is reachable by scrolling", async ({
  page,
  request,
}) => {
  const { runs } = await recentRuns(request, "?window=72h");
  const big = runs
    .flatMap((r) => r.summary.byType.map((t) => ({ run: r.summary, type: t.type, jobs: t.jobs })))
    .sort((a, b) => b.jobs - a.jobs)[0];
  test.skip(!big || big.jobs < 150, "no run type with 150+ jobs in the seeded data");
  expect(RUN_TABLE_VIRTUAL_FROM).toBeLessThan(150);
  const { run, type } = big!;

  await page.goto(`/runs?${new URLSearchParams({ from: run.from, to: run.to, type, sort: "created", dir: "desc" })}`);
  await page.locator("[role=toolbar][data-live=true]").waitFor();
  const table = page.locator(`[data-testid=run-type-jobs][data-type=${type}] table`);
  await expect(table).toHaveAttribute("aria-rowcount", String(big!.jobs + 1));
  const rendered = await table.getByTestId("job-row").count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(100);

  // Scrolling to the table's end brings the last of the jobs into the DOM: a job of this run and type.
  const api = (await (
    await request.get(`/api/runs?${new URLSearchParams({ from: run.from, to: run.to })}`)
  ).json()) as { jobs: { id: string; type: string }[] };
  const ids = new Set(api.jobs.filter((j) => j.type === type).map((j) => j.id));
  const last = table.locator(`tr[aria-rowindex="${big!.jobs + 1}"]`);
  await expect(last).toHaveCount(0);
  await table.evaluate((el) =>
    window.scrollTo(0, el.getBoundingClientRect().bottom + window.scrollY - window.innerHeight),
  );
  await expect(last).toBeVisible();
  expect(ids.has((await last.getAttribute("data-job-id")) ?? "")).toBe(true);
});
