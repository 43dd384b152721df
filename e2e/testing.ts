import { AxeBuilder } from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { JOB_TYPE_INFO, type JobType } from "../lib/job-types";
import { type ErrorGroup, errorRefsOf, groupErrors } from "../lib/jobs/error-groups";
import type { JobDetail, JobPage } from "../lib/types";
import { PORTS } from "../playwright.config";

/** The standalone simulator behind the "http" dashboard: its clock and fault switches. */
export const SIMULATOR = `http://127.0.0.1:${PORTS.simulator}`;

export async function simulator(
  request: APIRequestContext,
  method: "GET" | "POST" | "DELETE",
  path: string,
  data?: unknown,
) {
  const response = await request.fetch(`${SIMULATOR}${path}`, { method, data });
  if (!response.ok()) throw new Error(`simulator ${method} ${path}: ${response.status()} ${await response.text()}`);
  return response;
}

export const resetSimulator = (request: APIRequestContext) => simulator(request, "POST", "/__simulator/reset");
export const advanceClock = (request: APIRequestContext, ms: number) =>
  simulator(request, "POST", "/__simulator/clock", { advanceMs: ms });
export const setFault = (request: APIRequestContext, rule: Record<string, unknown>) =>
  simulator(request, "POST", "/__simulator/faults", rule);
export const clearFaults = (request: APIRequestContext) => simulator(request, "DELETE", "/__simulator/faults");

/** What the "http" dashboard sends to the simulator: tests use it to read the simulator's own lists. */
export const SIM_HEADERS = {
  Authorization: "Klaviyo-API-Key pk_e2e_dashboard_key",
  revision: "2026-07-15",
  accept: "application/vnd.api+json",
};

/**
 * Moves the simulator's clock on an hour at a time until it has created a job of `type` newer than
 * `newestId`. The seeded syncs create some types only now and then (a delta creates items in about
 * half of its runs), so a fixed jump may see none; the syncs go on for a day after the simulator starts.
 */
export async function advanceUntilNewJob(
  request: APIRequestContext,
  type: JobType,
  newestId: string,
  maxHours = 20,
): Promise<number> {
  for (let hours = 1; hours <= maxHours; hours++) {
    await advanceClock(request, 60 * 60 * 1000);
    const response = await request.get(`${SIMULATOR}${JOB_TYPE_INFO[type].path}`, { headers: SIM_HEADERS });
    expect(response.status(), "the simulator's list").toBe(200);
    const body = (await response.json()) as { data: { id: string }[] };
    if (body.data[0] && body.data[0].id !== newestId) return hours;
  }
  throw new Error(`no ${type} job was created within ${maxHours} hours of simulated time`);
}

/** A page of jobs through the dashboard's own API (what the UI shows). */
export async function apiJobs(request: APIRequestContext, query: string): Promise<JobPage> {
  const response = await request.get(`/api/jobs?${query}`);
  if (!response.ok()) throw new Error(`/api/jobs?${query}: ${response.status()}`);
  return (await response.json()) as JobPage;
}

export async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId("job-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-job-id") ?? ""));
}

/** Makes the tab look hidden (or visible) to the page, as switching tabs does. */
export async function setTabHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/** Waits until React has hydrated the page (keyboard shortcuts and client handlers are live). */
/** Waits for the dashboard's collector to finish its first pass over Klaviyo (the job history is then filled). */
export async function waitForCollector(request: APIRequestContext) {
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
}

export async function gotoHydrated(page: Page, url: string) {
  await page.goto(url);
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
}

/** axe (WCAG 2.0/2.1 A and AA) on the page as it is now: no violations allowed. */
export async function expectNoAxeViolations(page: Page) {
  // axe reads every node's styles: on a busy 2-core machine a test with two or three passes has run
  // past the default minute (seen in CI runs beside other work), so such a test gets three.
  test.info().setTimeout(Math.max(test.info().timeout, 180_000));
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** One job through the dashboard's API (errors and related resources), failing loudly when it is not there. */
export async function apiJob(request: APIRequestContext, type: JobType, id: string): Promise<JobDetail> {
  const response = await request.get(`/api/jobs/${type}/${id}`);
  if (!response.ok()) throw new Error(`/api/jobs/${type}/${id}: ${response.status()}`);
  return (await response.json()) as JobDetail;
}

export const groupsOf = (detail: JobDetail): ErrorGroup[] =>
  groupErrors(errorRefsOf(detail.job), detail.job.failedCount);

/** The job page's link to one error group, as a person would share it. */
export const groupLink = (type: JobType, id: string, group: ErrorGroup) =>
  `/jobs/${type}/${id}?tab=errors&code=${encodeURIComponent(group.code)}&field=${encodeURIComponent(group.field ?? "-")}`;
