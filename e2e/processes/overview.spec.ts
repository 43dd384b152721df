import { existsSync, mkdirSync } from "node:fs";
import { expect, test } from "@playwright/test";
import type { Overview } from "../../lib/overview/answer";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * The overview across accounts on a real dashboard with two simulated accounts, each collected into
 * the job history: the page shows what GET /api/overview answers, a run link opens that run in its
 * own account, and a phone's width holds it all without sideways scrolling.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

const NO_SIGN_IN = { DASHBOARD_USERS: "", DASHBOARD_PASSWORD: "", KLAVIYO_API_KEY: "", KLAVIYO_ACCOUNTS_FILE: "" };
const SHOTS = "test-results/overview";

async function overview(dashboard: Running): Promise<Overview> {
  const response = await fetch(`${dashboard.url}/api/overview`);
  expect(response.status).toBe(200);
  return (await response.json()) as Overview;
}

/** Until the collector has been through both accounts: only then does the history cover the day. */
async function collected(dashboard: Running, timeoutMs: number): Promise<Overview> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await overview(dashboard);
    if (answer.accounts.every((a) => a.history.state === "covered") || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

test.describe("the overview across two simulated accounts", () => {
  let dashboard: Running;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dashboard = await startDashboard({
      ...NO_SIGN_IN,
      KLAVIYO_ACCOUNTS: "brand-a:simulator,brand-b:simulator:7",
      SIMULATOR_SEED: "42",
    });
    const answer = await collected(dashboard, 200_000);
    expect(answer.accounts.map((a) => [a.name, a.history.state])).toEqual([
      ["brand-a", "covered"],
      ["brand-b", "covered"],
    ]);
    mkdirSync(SHOTS, { recursive: true });
  });
  test.afterAll(async () => {
    await dashboard?.stop();
  });

  test("shows each account's runs as the API counts them, and a run opens in its own account", async ({ page }) => {
    // Two collectors refresh about a thousand running jobs every few seconds here: pages answer slowly.
    test.setTimeout(150_000);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${dashboard.url}/a/brand-b/jobs`);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
    await expect(page).toHaveURL(`${dashboard.url}/overview`, { timeout: 45_000 });

    const started = Date.now();
    const answer = await overview(dashboard);
    console.log(`GET /api/overview answered in ${Date.now() - started} ms`);
    const sections = page.getByTestId("overview-account");
    await expect(sections).toHaveCount(2);
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    await page.screenshot({ path: `${SHOTS}/overview-1366-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: `${SHOTS}/overview-1366-dark.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    for (const [index, account] of answer.accounts.entries()) {
      const section = sections.nth(index);
      await expect(section).toHaveAttribute("data-account", account.name);
      await expect(section.getByRole("link", { name: account.name, exact: true })).toHaveAttribute(
        "href",
        `/a/${account.name}/runs`,
      );
      // The counts can grow between the two reads (jobs keep arriving): the page's own read is the later one.
      const runs = Number(await section.getAttribute("data-runs"));
      expect(runs).toBeGreaterThanOrEqual(account.totals!.runs);
      await expect(section.getByTestId("total-runs")).toHaveText(String(runs));
      // A busy day shows its newest runs first, the others a click away.
      const more = section.getByRole("button", { name: /^Show all/ });
      if ((await more.count()) > 0) await more.click();
      await expect(section.getByTestId("overview-run")).toHaveCount(runs);
    }
    const failing = answer.accounts.filter((a) => a.totals!.failed > 0).length;
    await expect(page.getByTestId("overview-summary")).toContainText(
      failing === 0 ? "No failures" : `${failing} of 2 accounts had failures`,
    );

    // brand-b's newest run opens brand-b's run page on that run, with the jobs the row counted.
    const row = sections.nth(1).getByTestId("overview-run").first();
    const jobs = await row.getAttribute("data-jobs");
    const link = row.getByTestId("overview-run-link");
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/a\/brand-b\/runs\?from=[^&]+&to=[^&]+$/);
    await link.click();
    await expect(page).toHaveURL(`${dashboard.url}${href}`, { timeout: 45_000 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Account" })).toHaveValue("brand-b");
    await expect(page.getByTestId("run-jobs")).toHaveAttribute("data-value", jobs!);
  });

  test("fits a phone's width, in light and dark", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${dashboard.url}/overview`);
    await expect(page.getByTestId("overview-account")).toHaveCount(2);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      expect(widths.scroll, "no sideways scrolling").toBeLessThanOrEqual(widths.client);
      // Nor inside a runs table: a column scrolled out of its box is as good as missing.
      const tables = await page
        .getByTestId("overview-runs-table")
        .evaluateAll((all) => all.map((table) => table.scrollWidth - table.clientWidth));
      expect(tables.length).toBeGreaterThan(0);
      expect(
        tables.every((overflow) => overflow <= 0),
        `runs tables overflow by ${tables.join(", ")} px`,
      ).toBe(true);
      await page.screenshot({ path: `${SHOTS}/overview-390-${scheme}.png`, fullPage: true });
      await page.screenshot({ path: `${SHOTS}/overview-390-${scheme}-top.png` });
    }
  });

  test("refuses a bad window on the page and in the API", async ({ page }) => {
    const response = await fetch(`${dashboard.url}/api/overview?window=30d`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("bad_request");
    await page.goto(`${dashboard.url}/overview?window=30d`);
    await expect(page.getByText("This link has an invalid part")).toBeVisible();
    await expect(page.getByText(/window must be one of/)).toBeVisible();
    await expect(page.getByTestId("overview-account")).toHaveCount(0);
  });
});
