import { existsSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import type { Overview } from "../../lib/overview/answer";
import type { JobPage } from "../../lib/types";
import { type Running, startDashboard } from "../../scripts/bench/servers";
import { NO_SIGN_IN, startPlantedAccounts } from "./planted-accounts";

/*
 * Several Klaviyo accounts in one dashboard process: two simulated accounts seeded apart (no key at
 * all), each at `/a/{account}/…`, the first also at today's URLs; and two real-looking keys behind
 * one HTTP upstream, neither of which may come back out in any answer or log line.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

async function listed(dashboard: Running, path: string): Promise<string[]> {
  const response = await fetch(`${dashboard.url}${path}`);
  expect(response.status, path).toBe(200);
  return ((await response.json()) as JobPage).jobs.map((job) => job.id);
}

async function rowIds(page: Page): Promise<string[]> {
  const rows = page.getByTestId("job-row");
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll((all) => all.map((row) => row.getAttribute("data-job-id") ?? ""));
}

test.describe("two simulated accounts", () => {
  let dashboard: Running;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    dashboard = await startDashboard({
      ...NO_SIGN_IN,
      KLAVIYO_ACCOUNTS: "brand-a:simulator,brand-b:simulator:7",
      SIMULATOR_SEED: "42",
      COLLECTOR: "off",
    });
  });
  test.afterAll(async () => {
    await dashboard?.stop();
  });

  test("each account's pages list its own jobs; a link without an account opens the first", async ({ page }) => {
    const ofA = await listed(dashboard, "/a/brand-a/api/jobs?type=item-create");
    const ofB = await listed(dashboard, "/a/brand-b/api/jobs?type=item-create");
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofA.filter((id) => ofB.includes(id))).toEqual([]);
    // The API without an account is the default account's.
    expect(await listed(dashboard, "/api/jobs?type=item-create")).toEqual(ofA);

    await page.goto(`${dashboard.url}/a/brand-b/jobs`);
    const shownB = await rowIds(page);
    expect(shownB.filter((id) => ofB.includes(id))).toEqual(shownB);
    expect(shownB.filter((id) => ofA.includes(id))).toEqual([]);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sync runs" }),
    ).toHaveAttribute("href", "/a/brand-b/runs");

    // A job link stays in the account, and the job opens there.
    const first = page.getByTestId("job-row").first();
    const id = await first.getAttribute("data-job-id");
    await first.getByRole("link").first().click();
    await expect(page).toHaveURL(new RegExp(`/a/brand-b/jobs/item-create/${id}`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("Job not found")).toHaveCount(0);

    // Today's links: the default account.
    await page.goto(`${dashboard.url}/jobs`);
    const shownA = await rowIds(page);
    expect(shownA.filter((id) => ofA.includes(id))).toEqual(shownA);
    await page.goto(`${dashboard.url}/`);
    await expect(page).toHaveURL(/\/a\/brand-a\/jobs$/);
  });

  test("the overview says, per account, that the history cannot tell its runs while nothing is collected", async ({
    page,
  }) => {
    const answer = (await (await fetch(`${dashboard.url}/api/overview`)).json()) as Overview;
    expect(answer.accounts.map((a) => [a.name, a.history.state, a.totals])).toEqual([
      ["brand-a", "none", null],
      ["brand-b", "none", null],
    ]);
    await page.goto(`${dashboard.url}/overview`);
    const sections = page.getByTestId("overview-account");
    await expect(sections).toHaveCount(2);
    for (const section of await sections.all()) {
      await expect(section.getByTestId("no-history")).toContainText("No current job history for the last 24h");
      await expect(section.getByTestId("overview-run")).toHaveCount(0);
      await expect(section.getByTestId("total-runs")).toHaveCount(0);
    }
    await expect(page.getByTestId("overview-summary")).toContainText("No current job history for brand-a, brand-b");
  });

  test("an account that is not configured is a 404, for pages and the API", async () => {
    const pageAnswer = await fetch(`${dashboard.url}/a/brand-z/jobs`);
    expect(pageAnswer.status).toBe(404);
    const apiAnswer = await fetch(`${dashboard.url}/a/brand-z/api/jobs?type=item-create`);
    expect(apiAnswer.status).toBe(404);
    expect(((await apiAnswer.json()) as { error: { code: string } }).error.code).toBe("not_found");
    // A caller's own account header is not taken for the proxy's.
    const forged = await fetch(`${dashboard.url}/api/jobs?type=item-create`, {
      headers: { "x-dashboard-account": "brand-b" },
    });
    const ofA = await listed(dashboard, "/a/brand-a/api/jobs?type=item-create");
    expect(((await forged.json()) as JobPage).jobs.map((job) => job.id)).toEqual(ofA);
  });

  test("the switcher opens the same kind of page in the other account", async ({ page }) => {
    await page.goto(`${dashboard.url}/a/brand-b/jobs?type=variant-create&tz=utc`);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    const switcher = page.getByRole("combobox", { name: "Account" });
    await expect(switcher).toHaveValue("brand-b");
    await switcher.selectOption("brand-a");
    await expect(page).toHaveURL(/\/a\/brand-a\/jobs\?type=variant-create&tz=utc$/);
    await expect(page.getByRole("combobox", { name: "Account" })).toHaveValue("brand-a");

    // From one job's page: that type's list in the other account (the job is not there).
    const [id] = await listed(dashboard, "/a/brand-a/api/jobs?type=item-update");
    await page.goto(`${dashboard.url}/a/brand-a/jobs/item-update/${id}`);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    await page.getByRole("combobox", { name: "Account" }).selectOption("brand-b");
    await expect(page).toHaveURL(/\/a\/brand-b\/jobs\?type=item-update$/);
    await expect(page.getByTestId("job-row").first()).toBeVisible();
  });

  test("each account's alerts page shows its own rules and channels", async ({ page }) => {
    const post = async (account: string, path: string, body: unknown) => {
      const response = await fetch(`${dashboard.url}/a/${account}/api/alerts/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status, `${account} ${path}`).toBe(201);
      return (await response.json()) as { id: string };
    };
    const mail = { kind: "email", host: "127.0.0.1", port: 2525, from: "d@example.com", to: ["o@example.com"] };
    const ofA = await post("brand-a", "channels", { ...mail, name: "mail of A" });
    const ofB = await post("brand-b", "channels", { ...mail, name: "mail of B" });
    await post("brand-a", "rules", { name: "Runs of A", kind: "run_finished", channels: [ofA.id] });
    await post("brand-b", "rules", { name: "Runs of B", kind: "run_finished", channels: [ofB.id] });
    // A rule in B naming A's channel is refused.
    const borrowing = await fetch(`${dashboard.url}/a/brand-b/api/alerts/rules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Borrowed", kind: "run_finished", channels: [ofA.id] }),
    });
    expect(borrowing.status).toBe(400);

    for (const [account, own, other] of [
      ["brand-a", "A", "B"],
      ["brand-b", "B", "A"],
    ] as const) {
      await page.goto(`${dashboard.url}/a/${account}/alerts`);
      const rules = page.getByTestId("rule-row");
      await expect(rules).toHaveCount(1);
      await expect(rules.first()).toContainText(`Runs of ${own}`);
      const channels = page.getByTestId("channel-row");
      await expect(channels).toHaveCount(1);
      await expect(channels.first()).toContainText(`mail of ${own}`);
      await expect(page.getByText(`Runs of ${other}`)).toHaveCount(0);
    }
  });
});

test("two accounts' keys never come back out: not in pages, API answers or logs", async ({ page }) => {
  test.setTimeout(120_000);
  const keys = { "brand-a": "pk_planted_account_a_7c1e", "brand-b": "pk_planted_account_b_93d0" };
  const planted = await startPlantedAccounts([
    { name: "brand-a", key: keys["brand-a"], seed: 42 },
    { name: "brand-b", key: keys["brand-b"], seed: 7 },
  ]);
  const { dashboard, simulators } = planted;
  const leaks: string[] = [];
  page.on("response", async (response) => {
    const body = await response.text().catch(() => "");
    const headers = JSON.stringify(await response.allHeaders());
    for (const key of Object.values(keys)) {
      if (body.includes(key) || headers.includes(key)) leaks.push(`${response.url()} carries ${key.slice(0, 14)}…`);
    }
  });
  try {
    for (const account of ["brand-a", "brand-b"] as const) {
      await page.goto(`${dashboard.url}/a/${account}/jobs`);
      await expect(page.getByTestId("job-row").first()).toBeVisible();
      await page.goto(`${dashboard.url}/a/${account}/jobs?type=variant-create&status=complete`);
      await expect(page.getByTestId("job-row").first()).toBeVisible();
      // Errors too: an unknown job, a bad query, the status page.
      await page.goto(`${dashboard.url}/a/${account}/jobs/item-create/NOPE0000000000000000000000`);
      await page.goto(`${dashboard.url}/a/${account}/status`);
      for (const path of ["/api/jobs?type=bogus", "/api/jobs/item-create/NOPE0000000000000000000000", "/api/status"]) {
        await page.request.get(`${dashboard.url}/a/${account}${path}`);
      }
      await page.waitForLoadState("networkidle");
    }
    expect(leaks).toEqual([]);
    const logs = planted.logs();
    expect(logs.length).toBeGreaterThan(0);
    for (const key of Object.values(keys)) expect(logs.includes(key), "a key in the logs").toBe(false);
    // Each key reached its own account: both simulators were asked.
    for (const simulator of Object.values(simulators)) {
      expect(simulator.stats().total.requests).toBeGreaterThan(0);
    }
  } finally {
    await planted.stop();
  }
});
