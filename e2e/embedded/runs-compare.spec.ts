import { expect, test } from "@playwright/test";
import type { RecentRuns } from "../../lib/runs/answers";
import type { CompareAnswer } from "../../lib/runs/compare";
import { expectNoAxeViolations, gotoHydrated } from "../testing";

/*
 * Run against run, on the embedded dashboard whose collector keeps the simulator's history: a run
 * page links to its comparison with the run before (found in the history), the link settles on a URL
 * naming both runs, and the page's figures are the API's.
 */

test.beforeEach(async ({ request }) => {
  await expect
    .poll(
      async () => {
        const ready = (await (await request.get("/api/ready")).json()) as {
          collector?: { lastPassAt?: string | null };
        };
        return ready.collector?.lastPassAt ?? null;
      },
      { timeout: 45_000, intervals: [500] },
    )
    .not.toBeNull();
});

const pct = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)} %`);

test("a run against the run before it: the failure-rate delta is the API's, and the link reopens both runs", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // The page's own API context: the hook's sockets may sit idle past the server's keep-alive while the
  // browser starts, and a reused closed socket fails with ECONNRESET.
  const request = page.request;
  const recent = (await (await request.get("/api/runs?window=72h")).json()) as RecentRuns;
  // Two finished runs next to each other, the later with failures, neither at the look-back's edge.
  const runs = recent.runs.filter((entry) => !entry.clipped);
  const index = runs.findIndex(
    (entry, i) =>
      entry.summary.running === 0 && entry.summary.operations.failed > 0 && runs[i + 1]?.summary.running === 0,
  );
  expect(index).toBeGreaterThanOrEqual(0);
  const [b, a] = [runs[index]!.summary, runs[index + 1]!.summary];

  await gotoHydrated(page, `/runs?from=${b.from}&to=${b.to}&tz=utc`);
  await page.getByTestId("compare-previous").click();
  // Settled on a link naming both runs (the run before was found in the history), keeping the zone.
  // (The server finds it and reads both runs: allow for a busy machine.)
  await expect(page).toHaveURL(/\/runs\/compare\?a=[^&]+&b=[^&]+&tz=utc$/, { timeout: 30_000 });
  const url = new URL(page.url());
  expect(url.searchParams.get("a")).toBe(`${a.from}..${a.to}`);
  expect(url.searchParams.get("b")).toBe(`${b.from}..${b.to}`);
  await expect(page.getByRole("heading", { level: 1, name: "Run against run" })).toBeVisible();

  const api = (await (
    await request.get(`/api/runs/compare${url.search.replace(/&tz=utc$/, "")}`)
  ).json()) as CompareAnswer;
  const c = api.comparison!;
  expect(c.b.failed).toBe(b.operations.failed);
  expect(c.a.jobCount).toBe(a.jobCount);
  const rateRow = page.locator('tr[data-figure="failure-rate"]');
  await expect(rateRow.locator('[data-side="a"]')).toHaveText(pct(c.a.failureRate));
  await expect(rateRow.locator('[data-side="b"]')).toHaveText(pct(c.b.failureRate));
  const points = (c.b.failureRate! - c.a.failureRate!) * 100;
  expect(c.delta.failureRatePoints).toBeCloseTo(points, 9);
  const change = rateRow.locator('[data-side="change"]');
  await expect(change).toContainText(`${Math.abs(points).toFixed(1)} pts`);
  await expect(change.locator("[data-direction]")).toHaveAttribute(
    "data-direction",
    Number(points.toFixed(1)) > 0 ? "worse" : Number(points.toFixed(1)) < 0 ? "better" : "same",
  );
  // Every error group of either run is listed once, marked as the API marks it.
  const groups = page.locator("tr[data-group]");
  await expect(groups).toHaveCount(c.groups.length);
  if (c.groups[0]) await expect(groups.first()).toHaveAttribute("data-change", c.groups[0].change);
  await expectNoAxeViolations(page);

  // The export is what the page shows.
  const csv = await (
    await request.get(
      `/api/runs/compare?a=${encodeURIComponent(`${a.from}..${a.to}`)}&b=${encodeURIComponent(`${b.from}..${b.to}`)}&format=csv`,
    )
  ).text();
  expect(csv.split(/\r?\n/)[0]).toBe("section,name,a,b,change");
  expect(csv).toContain(
    `run,failure rate %,${Number((c.a.failureRate! * 100).toFixed(2))},${Number((c.b.failureRate! * 100).toFixed(2))}`,
  );

  // The link reopens the same comparison in a fresh browser.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await gotoHydrated(other, url.pathname + url.search);
  await expect(other.locator('tr[data-figure="failure-rate"] [data-side="b"]')).toHaveText(pct(c.b.failureRate));
  await fresh.close();

  // Fits a phone: the tables scroll in their boxes, never the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});

test("bad compare links are refused with the reason, and nothing is read", async ({ page }) => {
  const request = page.request;
  const response = await request.get("/api/runs/compare?b=yesterday");
  expect(response.status()).toBe(400);
  expect(((await response.json()) as { error: { message: string } }).error.message).toContain("b must name a run");
  await gotoHydrated(page, "/runs/compare?b=2026-11-28T14:00:00Z..2026-11-20T14:00:00Z");
  await expect(page.locator('[role="alert"][data-error-code="bad_request"]')).toContainText(
    "b: to must not be before from",
  );
});
