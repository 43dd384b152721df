import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import type { ErrorCode } from "../../lib/http/errors";
import { JOB_TYPE_INFO, type JobType } from "../../lib/job-types";
import type { SimulatorStats } from "../../lib/klaviyo-simulator/controls/stats";
import type { Job } from "../../lib/types";
import {
  apiJobs,
  clearFaults,
  expectNoAxeViolations,
  gotoHydrated,
  resetSimulator,
  rowIds,
  SIMULATOR,
  setFault,
  simulator,
} from "../testing";

/*
 * Every fault kind the simulator can play, against the "http" dashboard: the page explains it in
 * words of its kind, shows nothing of the upstream answer (HTML, stack text, the key), keeps nothing
 * of it, and shows the real rows again once the fault clears.
 *
 * Keeping it fast:
 * - the browser asks three times, waiting 1 s then 2 s: the page's clock jumps over those waits
 *   (time still flows, so nothing else changes);
 * - the proxy retries 429/503/504/524 up to four times: rules carry `retryAfter: 0` (the proxy honours
 *   Retry-After, so it retries without sleeping) except where the wait itself is under test;
 * - one page load for all kinds: the list switches job type (a list nobody has read, so a full
 *   error state), the detail page is retried into the next kind.
 * The dashboard caches lists for 3 s and finished jobs for 5 min: every read here is of a list or
 * job no test has just read, or its fault would never be asked.
 */

const API_KEY = "pk_e2e_dashboard_key";

const TITLES = {
  rate_limited: "Klaviyo's rate limit is spent for now",
  upstream_unavailable: "Klaviyo is not answering",
  upstream_timeout: "Klaviyo took too long to answer",
  upstream_invalid: "Klaviyo sent an answer that makes no sense",
} as const satisfies Partial<Record<ErrorCode, string>>;

interface FaultCase {
  rule: Record<string, unknown>;
  code: keyof typeof TITLES;
  /** the "Detail:" line, which tells kinds of one code apart */
  detail: RegExp;
}

const FAULTS = {
  throttle: { rule: { kind: "throttle", retryAfter: 1 }, code: "rate_limited", detail: /Klaviyo asks to wait 1 s\./ },
  // Retry-After 0: the proxy retries at once, and there is no wait worth telling.
  throttleNow: {
    rule: { kind: "throttle", retryAfter: 0 },
    code: "rate_limited",
    detail: /rate limit for this endpoint is spent/,
  },
  "500": {
    rule: { kind: "status", status: 500 },
    code: "upstream_unavailable",
    detail: /answered 500, a server error/,
  },
  "502": {
    rule: { kind: "status", status: 502 },
    code: "upstream_unavailable",
    detail: /answered 502, a server error/,
  },
  "503": {
    rule: { kind: "status", status: 503, retryAfter: 0 },
    code: "upstream_unavailable",
    detail: /unavailable right now/,
  },
  "504": {
    rule: { kind: "status", status: 504, retryAfter: 0 },
    code: "upstream_timeout",
    detail: /timed out \(504\)/,
  },
  "524": {
    rule: { kind: "status", status: 524, retryAfter: 0 },
    code: "upstream_timeout",
    detail: /timed out \(524\)/,
  },
  // Shorter than the proxy's 10 s attempt timeout, so it ends in the edge's 524 (a long hang is below);
  // with no Retry-After the proxy backs off between tries, ~13 s before the page gives up.
  hang: { rule: { kind: "timeout", hangMs: 200 }, code: "upstream_timeout", detail: /timed out \(524\)/ },
  html403: { rule: { kind: "html403" }, code: "upstream_invalid", detail: /403 with an HTML page instead of JSON/ },
  malformed: { rule: { kind: "malformed-json" }, code: "upstream_invalid", detail: /200 with malformed JSON/ },
  truncated: { rule: { kind: "truncated-json" }, code: "upstream_invalid", detail: /200 with malformed JSON/ },
} satisfies Record<string, FaultCase>;
type FaultName = keyof typeof FAULTS;

/** What Klaviyo's edge and challenge pages say: none of it may reach the page or our API. */
const UPSTREAM_WORDS =
  /Just a moment|Verifying you are human|cloudflare|cf-ray|Bad Gateway|Gateway Time-out|A timeout occurred/i;
const UPSTREAM_MARKUP = /<!DOCTYPE|<html|<\/?(head|body|center|noscript)\b/i;
/** Stack frames and runtime error names: failure text of the dashboard's own must not leak either. */
const STACK_TEXT =
  /^\s*at \S+.*:\d+:\d+\)?$|\b(TypeError|SyntaxError|ReferenceError|ZodError)\b|Unexpected token|JSON\.parse/m;

const SIM_HEADERS = {
  Authorization: `Klaviyo-API-Key ${API_KEY}`,
  revision: "2026-07-15",
  accept: "application/vnd.api+json",
};

async function stats(request: APIRequestContext): Promise<SimulatorStats> {
  return (await (await simulator(request, "GET", "/__simulator/stats")).json()) as SimulatorStats;
}

/** Requests the simulator has had for one type's list, or for its jobs one by one. */
async function upstreamCalls(request: APIRequestContext, type: JobType, operation: "list" | "get"): Promise<number> {
  const path = JOB_TYPE_INFO[type].path;
  return (await stats(request)).endpoints[operation === "list" ? path : `${path}/{id}`]!.requests;
}

/**
 * Puts `rule` in place of the active faults with no moment in between when Klaviyo would answer (a
 * poll asking then would find the job, and the next kind would never be shown).
 */
async function switchFault(request: APIRequestContext, rule: Record<string, unknown>) {
  const { faults } = (await (await simulator(request, "GET", "/__simulator/faults")).json()) as {
    faults: { id: string }[];
  };
  await setFault(request, rule);
  // A rule of the same kind was replaced by the new one already (that delete answers 404).
  for (const { id } of faults) await request.delete(`${SIMULATOR}/__simulator/faults/${id}`);
}

/** The ids of one list page straight from the simulator: the real data, whatever the dashboard kept. */
async function simulatorIds(request: APIRequestContext, type: JobType): Promise<string[]> {
  const response = await request.get(`${SIMULATOR}${JOB_TYPE_INFO[type].path}`, { headers: SIM_HEADERS });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { data: { id: string }[] }).data.map((d) => d.id);
}

/** The rows shown are the simulator's page, in order, give or take jobs created since the dashboard read it. */
function expectSameRows(shown: string[], real: string[]) {
  const arrived = real.indexOf(shown[0]!);
  expect(arrived, "the newest row shown is among the simulator's newest").toBeGreaterThanOrEqual(0);
  expect(arrived).toBeLessThan(3);
  // A long page renders the rows near the viewport only: at the top, a run of its first rows.
  const compared = Math.min(shown.length, real.length - arrived);
  expect(compared).toBeGreaterThanOrEqual(Math.min(30, real.length - arrived));
  expect(shown.slice(0, compared)).toEqual(real.slice(arrived, arrived + compared));
}

/** Opens a page on a clock the test may jump forward (see skippingRetryWaits). */
async function open(page: Page, url: string) {
  await page.clock.install();
  await gotoHydrated(page, url);
}

/**
 * Polls `assertion` while jumping the page's clock over React Query's waits between tries (and any
 * poll interval): what the page does is unchanged, only sooner.
 */
async function skippingRetryWaits(page: Page, assertion: () => Promise<void>) {
  await expect(async () => {
    await page.clock.fastForward(2_000);
    await assertion();
  }).toPass({ timeout: 40_000, intervals: [100] });
}

/** Collects the bodies of every answer of our own API the page receives. */
function recordApiBodies(page: Page): () => Promise<string> {
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/api/")) bodies.push(response.text().catch(() => ""));
  });
  return async () => (await Promise.all(bodies)).join("\n");
}

/** The page (its text, and its markup with the flight data) shows no upstream markup, stack text or key. */
async function expectPageClean(page: Page) {
  const text = await page.locator("body").innerText();
  const html = await page.content();
  expect(text).not.toMatch(UPSTREAM_WORDS);
  expect(text).not.toMatch(UPSTREAM_MARKUP);
  expect(text).not.toMatch(STACK_TEXT);
  expect(text).not.toContain(API_KEY);
  // The page's own markup has tags and scripts: only upstream words and the key are looked for there.
  expect(html).not.toMatch(UPSTREAM_WORDS);
  expect(html).not.toContain(API_KEY);
}

/** Our API's answers during the test, errors included, carried none of it either. */
async function expectApiClean(apiBodies: () => Promise<string>) {
  const api = await apiBodies();
  expect(api, "the dashboard's API was asked").toContain('"error":{"code":');
  for (const pattern of [UPSTREAM_WORDS, UPSTREAM_MARKUP, STACK_TEXT]) expect(api).not.toMatch(pattern);
  expect(api).not.toContain(API_KEY);
}

const errorState = (page: Page) => page.locator("[data-error-code]");

/** The full error state of one kind, given up on (not retrying), with a way to try again. */
async function expectExplained(page: Page, c: FaultCase, timeout = 300) {
  const alert = errorState(page);
  await expect(alert).toHaveAttribute("data-error-code", c.code, { timeout });
  await expect(alert).toHaveAttribute("role", "alert");
  await expect(alert).toContainText(TITLES[c.code], { timeout });
  await expect(alert).toContainText(c.detail, { timeout });
  await expect(alert.getByRole("button", { name: "Retry now" })).toBeEnabled({ timeout });
}

test.beforeEach(async ({ request }) => {
  await resetSimulator(request);
});

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test.describe("job list", () => {
  // Each kind on a type of its own: a list the dashboard has not just read, so its fault is met.
  const kinds: Array<[FaultName, JobType]> = [
    ["throttleNow", "item-create"],
    ["500", "item-delete"],
    ["502", "variant-create"],
    ["503", "variant-delete"],
    ["504", "category-update"],
    ["524", "category-delete"],
    ["html403", "item-update"],
    ["malformed", "variant-update"],
    ["truncated", "category-create"],
  ];

  test("each fault kind is explained in its own words; Retry brings the real rows back, asked of Klaviyo anew", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const apiBodies = recordApiBodies(page);
    for (const [i, [name, type]] of kinds.entries()) {
      await test.step(`${name} on ${type}`, async () => {
        const c = FAULTS[name];
        await setFault(request, { endpoint: "*", ...c.rule });
        // One page load; then the type switch, a new list with nothing shown yet: the full error state.
        // No live refresh: only the Retry button asks again.
        if (i === 0) await open(page, `/jobs?type=${type}&refresh=0`);
        else await page.getByTestId("type-select").selectOption(type);
        await expect(page).toHaveURL(new RegExp(`type=${type}`));
        await skippingRetryWaits(page, () => expectExplained(page, c));
        if (name === "throttleNow") await expect(errorState(page)).not.toContainText("asks to wait");
        await expect(page.getByTestId("job-row")).toHaveCount(0);
        await expectPageClean(page);

        await clearFaults(request);
        const before = await upstreamCalls(request, type, "list");
        await errorState(page).getByRole("button", { name: "Retry now" }).click();
        await expect(page.getByTestId("job-row").first()).toBeVisible();
        await expect(errorState(page)).toHaveCount(0);
        // Nothing of the failed answers was kept: the rows were asked of Klaviyo now, and are its rows.
        expect(await upstreamCalls(request, type, "list")).toBeGreaterThan(before);
        expectSameRows(await rowIds(page), await simulatorIds(request, type));
      });
    }
    await expectPageClean(page);
    await expectApiClean(apiBodies);
  });

  test("a later page whose first read failed keeps trying, and shows its rows once Klaviyo is back", async ({
    page,
    request,
  }) => {
    const type: JobType = "variant-update";
    const { nextCursor } = await apiJobs(request, `type=${type}&status=complete`);
    expect(nextCursor, "a second page of finished jobs").not.toBeNull();
    await setFault(request, { endpoint: type, operation: "list", ...FAULTS.truncated.rule });
    await open(page, `/jobs?type=${type}&status=complete&cursor=${nextCursor}&refresh=5`);
    await skippingRetryWaits(page, () => expectExplained(page, FAULTS.truncated));

    await clearFaults(request);
    // No click: the 5 s refresh asks again (a page of finished jobs is otherwise never polled).
    await skippingRetryWaits(page, () => expect(page.getByTestId("job-row").first()).toBeVisible({ timeout: 300 }));
    await expect(errorState(page)).toHaveCount(0);
  });

  test("a 503 during live refresh keeps the last rows, says they are not the latest, and the next refresh recovers", async ({
    page,
    request,
  }) => {
    const type: JobType = "item-update";
    await open(page, `/jobs?type=${type}&refresh=5`);
    await expect(page.getByTestId("job-row").first()).toBeVisible();
    const shown = await rowIds(page);

    await setFault(request, { endpoint: "*", ...FAULTS["503"].rule });
    const alert = errorState(page);
    await skippingRetryWaits(page, () =>
      expect(alert).toHaveAttribute("data-error-code", "upstream_unavailable", { timeout: 300 }),
    );
    await expect(alert).toContainText(TITLES.upstream_unavailable);
    await expect(alert).toContainText(FAULTS["503"].detail);
    await expect(alert).toContainText("Couldn't refresh: what you see is the last copy read.");
    // The last good rows stay, untouched by the failed answers, and say how old they are.
    expect(await rowIds(page)).toEqual(shown);
    await expect(page.getByTestId("updated-ago")).not.toHaveText("updated now");
    await expectPageClean(page);

    await clearFaults(request);
    const before = await upstreamCalls(request, type, "list");
    await skippingRetryWaits(page, () => expect(alert).toHaveCount(0, { timeout: 300 }));
    await expect(page.getByTestId("job-row").first()).toBeVisible();
    await expect(page.getByTestId("updated-ago")).toHaveText("updated now");
    expect(await upstreamCalls(request, type, "list")).toBeGreaterThan(before);
  });
});

test.describe("job detail", () => {
  /**
   * The n-th oldest finished job of the first page, one per test: the dashboard keeps a finished job
   * 5 min, so a job opened before would never meet the fault. No other spec opens these.
   */
  async function finishedJob(request: APIRequestContext, n: number): Promise<Job> {
    const { jobs } = await apiJobs(request, "type=category-create&status=complete");
    expect(jobs.length).toBeGreaterThan(n);
    return jobs.at(-1 - n)!;
  }

  // The slow ones (the 429 storm, the hang) after the first: retried into, they cost the browser's
  // tries only, not the server render's too.
  const kinds: FaultName[] = [
    "500",
    "throttle",
    "502",
    "503",
    "504",
    "524",
    "hang",
    "html403",
    "malformed",
    "truncated",
  ];

  test("each fault kind is explained in its own words, the error staying up while retrying; then the job comes back on its own", async ({
    page,
    request,
  }) => {
    test.setTimeout(120_000);
    const job = await finishedJob(request, 0);
    const apiBodies = recordApiBodies(page);
    const alert = errorState(page);
    for (const [i, name] of kinds.entries()) {
      await test.step(name, async () => {
        await switchFault(request, { endpoint: "*", ...FAULTS[name].rule });
        if (i === 0) {
          await open(page, `/jobs/category-create/${job.id}`);
        } else {
          await alert.getByRole("button", { name: "Retry now" }).click();
          // The error stays up while the page asks again, rather than blinking to a skeleton.
          await expect(alert.getByRole("button", { name: "Retrying…" })).toBeDisabled();
        }
        await skippingRetryWaits(page, () => expectExplained(page, FAULTS[name]));
        // The page still says which job it is about, and shows none of it.
        await expect(page.getByRole("heading", { level: 1 })).toContainText(`Category create job ${job.id}`);
        await expect(page.getByRole("progressbar")).toHaveCount(0);
        await expectPageClean(page);
        // The rate-limited state is not in a11y.spec.ts.
        if (name === "throttle") await expectNoAxeViolations(page);
      });
    }

    await clearFaults(request);
    const before = await upstreamCalls(request, "category-create", "get");
    // No click: the page keeps asking every 5 s, as the error state says.
    const bar = page.getByRole("progressbar", { name: `Progress of job ${job.id}` });
    await skippingRetryWaits(page, () => expect(bar).toBeVisible({ timeout: 300 }));
    await expect(alert).toHaveCount(0);
    // Asked of Klaviyo anew, and its real counts and status, not a blank or garbled job.
    expect(await upstreamCalls(request, "category-create", "get")).toBeGreaterThan(before);
    await expect(bar).toHaveAttribute("aria-valuemax", String(job.totalCount));
    await expect(page.locator("[data-status]").first()).toHaveText(job.status);
    await expectPageClean(page);
    await expectApiClean(apiBodies);
  });

  test("a Klaviyo that hangs: the page's frame comes at once and says what it waits for; the job arrives on its own", async ({
    page,
    request,
  }) => {
    const job = await finishedJob(request, 1);
    // Hangs for minutes: only the proxy's own 10 s timeout ends this request; its second attempt answers.
    await setFault(request, { endpoint: "category-create", operation: "get", kind: "timeout", remaining: 1 });
    const before = await upstreamCalls(request, "category-create", "get");
    await page.goto(`/jobs/category-create/${job.id}`);
    // While Klaviyo still hangs: the page, and plain words about the wait.
    await expect(page.getByTestId("slow-notice")).toContainText("Klaviyo is slow to answer");
    await expect(page.getByRole("progressbar", { name: `Progress of job ${job.id}` })).toHaveCount(0);
    // Then the job, without a reload and without an error on the way.
    await expect(page.getByRole("progressbar", { name: `Progress of job ${job.id}` })).toBeVisible({ timeout: 25_000 });
    await expect(errorState(page)).toHaveCount(0);
    // Klaviyo was asked twice in all (the hung attempt and the retry): the browser's read joined the server's.
    expect(await upstreamCalls(request, "category-create", "get")).toBe(before + 2);
  });
});

test.describe("server render", () => {
  const type: JobType = "item-delete";

  test("a failed answer is not replayed to the proxy's retry: after one 503 the first HTML has the rows", async ({
    request,
  }) => {
    await setFault(request, { endpoint: type, operation: "list", ...FAULTS["503"].rule, remaining: 1 });
    const before = await upstreamCalls(request, type, "list");
    const response = await request.get(`/jobs?type=${type}&status=complete`);
    expect(response.status()).toBe(200);
    expect(await upstreamCalls(request, type, "list")).toBe(before + 2);
    expect(await response.text()).toMatch(/data-job-id="[0-9A-Z]{26}"/);
  });

  test("a failure the proxy does not retry is asked of Klaviyo once: the page is not held for more", async ({
    request,
  }) => {
    await setFault(request, { endpoint: type, operation: "list", ...FAULTS["500"].rule });
    const before = await upstreamCalls(request, type, "list");
    const response = await request.get(`/jobs?type=${type}&status=processing`);
    // The page still answers (the browser asks again and explains); the server gave up at once.
    expect(response.status()).toBe(200);
    expect(await response.text()).not.toContain("data-job-id=");
    expect(await upstreamCalls(request, type, "list")).toBe(before + 1);
  });
});

test("sync runs: the edge's HTML 502 is explained, and the page finds the runs again on its own", async ({
  page,
  request,
}) => {
  const apiBodies = recordApiBodies(page);
  await setFault(request, { endpoint: "*", ...FAULTS["502"].rule });
  await open(page, "/runs");
  await skippingRetryWaits(page, () => expectExplained(page, FAULTS["502"]));
  const runs = page.getByRole("list", { name: "Recent runs, newest first" });
  await expect(runs).toHaveCount(0);
  await expectPageClean(page);
  await expectApiClean(apiBodies);

  await clearFaults(request);
  // No click: a failed first read keeps polling (every 15 s), as the error state promises.
  await skippingRetryWaits(page, () => expect(runs.getByRole("listitem").first()).toBeVisible({ timeout: 300 }));
  await expect(errorState(page)).toHaveCount(0);
});

test.describe("a slow or limiting Klaviyo", () => {
  test("a hanging job list: the frame is there at once, with words about the wait, while Klaviyo still hangs", async ({
    page,
    request,
  }) => {
    // One request hangs until the proxy's own 10 s timeout; its second attempt answers.
    await setFault(request, { endpoint: "item-delete", operation: "list", kind: "timeout", remaining: 1 });
    await page.goto("/jobs?type=item-delete&status=complete");
    await expect(page.getByRole("heading", { name: "Catalog bulk jobs" })).toBeVisible();
    await expect(page.getByRole("toolbar", { name: "Job list view" })).toBeVisible();
    await expect(page.getByTestId("slow-notice")).toContainText(
      "Klaviyo is slow to answer: still waiting for the jobs",
    );
    // Said while Klaviyo still hangs: no row has arrived yet.
    await expect(page.locator("[data-testid=job-row]")).toHaveCount(0);
    // And it recovers by itself: the browser's read joined the server's, which the retry completes.
    await expect(page.locator("[data-testid=job-row]").first()).toBeVisible({ timeout: 25_000 });
    await expect(page.getByTestId("slow-notice")).toHaveCount(0);
  });

  test("a 429 storm: the frame at once, the rate limit in words, and a countdown to the next try", async ({
    page,
    request,
  }) => {
    // Klaviyo says "not for 12 s": longer than a person waits (3 s), even once the page has loaded and
    // hydrated on a busy machine, so the page is told at once rather than served when the wait ends.
    await setFault(request, {
      endpoint: "variant-delete",
      operation: "list",
      kind: "throttle",
      retryAfter: 12,
      remaining: 1,
    });
    await page.goto("/jobs?type=variant-delete&status=complete");
    await expect(page.getByRole("toolbar", { name: "Job list view" })).toBeVisible();
    await expect(errorState(page)).toHaveAttribute("data-error-code", "rate_limited");
    await expect(errorState(page)).toContainText(TITLES.rate_limited);
    await expect(page.getByTestId("next-try")).toHaveText(/Next try in \d+ s\./);
    // The storm is over: the next try, when the countdown ends, brings the rows without a click.
    await expect(page.locator("[data-testid=job-row]").first()).toBeVisible({ timeout: 30_000 });
    await expect(errorState(page)).toHaveCount(0);
  });
});
