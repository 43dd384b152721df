import { expect, test } from "@playwright/test";
import { apiJobs, gotoHydrated, resetSimulator } from "../testing";

/*
 * "Keep" on a job page and on a run page: the choice is stored in the job history, so it is still
 * there after a reload and in another browser, and pressing again lets the job go.
 */

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test("a job kept on its page stays kept after a reload, and can be let go", async ({ page, browser, request }) => {
  const job = (await apiJobs(request, "type=item-update&status=complete")).jobs[0]!;
  const url = `/jobs/item-update/${job.id}`;
  await gotoHydrated(page, url);
  const keep = page.getByTestId("keep-button");
  await expect(keep).toHaveText("Keep");
  await expect(keep).toHaveAttribute("aria-pressed", "false");
  await keep.click();
  await expect(keep).toHaveText("Kept");
  await expect(keep).toHaveAttribute("aria-pressed", "true");

  // A teammate opening the same link sees it kept.
  const other = await browser.newPage();
  await gotoHydrated(other, url);
  await expect(other.getByTestId("keep-button")).toHaveText("Kept");
  await other.close();

  expect(await (await request.get(`/api/jobs/item-update/${job.id}/keep`)).json()).toEqual({ stored: 1, kept: 1 });
  await keep.click();
  await expect(keep).toHaveText("Keep");
  expect(await (await request.get(`/api/jobs/item-update/${job.id}/keep`)).json()).toEqual({ stored: 1, kept: 0 });
});

test("a run is kept whole once its jobs are in the history", async ({ page, request }) => {
  const runs = (await (await request.get("/api/runs")).json()) as { runs: { summary: { from: string; to: string } }[] };
  const run = runs.runs.at(-1)!.summary;
  const search = new URLSearchParams({ from: run.from, to: run.to });
  await gotoHydrated(page, `/runs?${search}`);
  const keep = page.getByTestId("keep-button");
  // With no collector, the history holds none of the run yet: nothing to keep, and it says why.
  await expect(keep).toBeDisabled();
  await expect(keep).toHaveAttribute("title", /holds none of this run's jobs/);

  // Each job of the run kept from its own page records it; then the run can be kept whole.
  const detail = (await (await request.get(`/api/runs?${search}`)).json()) as {
    jobs: { type: string; id: string }[];
  };
  const [first, second] = detail.jobs;
  // The second is recorded (kept, then let go); the first is kept.
  for (const keepIt of [true, false]) {
    const put = await request.put(`/api/jobs/${second!.type}/${second!.id}/keep`, { data: { keep: keepIt } });
    expect(put.ok()).toBe(true);
  }
  const kept = await request.put(`/api/jobs/${first!.type}/${first!.id}/keep`, { data: { keep: true } });
  expect(await kept.json()).toEqual({ stored: 1, kept: 1 });
  await page.reload();
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
  await expect(keep).toHaveText("Kept 1 of 2");
  await expect(keep).toHaveAttribute("aria-pressed", "mixed");
  await keep.click();
  await expect(keep).toHaveText("Kept");
  const state = (await (await request.get(`/api/runs/keep?${search}`)).json()) as { stored: number; kept: number };
  expect(state.kept).toBe(state.stored);
});
