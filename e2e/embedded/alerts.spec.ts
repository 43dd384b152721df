import { expect, test } from "@playwright/test";
import { JOB_TYPES } from "../../lib/job-types";
import type { JobPage } from "../../lib/types";
import { expectNoAxeViolations, gotoHydrated, waitForCollector } from "../testing";

/*
 * Alerts on the embedded dashboard (no ALERTS_SECRET_KEY: only email without a password can be
 * saved): Watch on a running job stays "Watching" after a reload, and /alerts on a phone, light and
 * dark, has no axe violations with a rule, a channel and a watch on it.
 */

test("Watch on a running job is still on after a reload, and /alerts reads well on a phone", async ({ page }) => {
  test.setTimeout(300_000);
  const request = page.request;
  await waitForCollector(request);
  const channels = (await (await request.get("/api/alerts/channels")).json()) as { channels: { name: string }[] };
  if (!channels.channels.some((channel) => channel.name === "e2e mail")) {
    const made = await request.post("/api/alerts/channels", {
      data: {
        kind: "email",
        name: "e2e mail",
        host: "127.0.0.1",
        port: 2525,
        from: "d@example.com",
        to: ["o@example.com"],
      },
    });
    expect(made.status()).toBe(201);
  }

  // A job the simulator is still processing (the seeded data always has a sync under way).
  let running: { type: string; id: string } | null = null;
  for (const type of JOB_TYPES) {
    const page = (await (await request.get(`/api/jobs?type=${type}&status=processing`)).json()) as JobPage;
    const job = page.jobs[0];
    if (job) {
      running = { type, id: job.id };
      break;
    }
  }
  expect(running, "a job in progress").not.toBeNull();
  await gotoHydrated(page, `/jobs/${running!.type}/${running!.id}`);
  await page.getByRole("button", { name: "Watch", exact: true }).click();
  await expect(page.getByRole("button", { name: "Watching" })).toHaveAttribute("aria-pressed", "true");
  // The page asks whether a watch waits (the embedded store may be busy with the collector's backfill).
  const asked = page.waitForResponse((response) => response.url().includes("/api/alerts/watch?"), { timeout: 30_000 });
  await page.reload();
  expect(await (await asked).json()).toEqual({ watching: true });
  await expect(page.getByRole("button", { name: "Watching" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Watching" })).toHaveAttribute("aria-pressed", "true");

  await page.setViewportSize({ width: 390, height: 844 });
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await gotoHydrated(page, "/alerts");
    await expect(page.getByTestId("rule-row").filter({ hasText: running!.id })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectNoAxeViolations(page);
  }
});
