import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { Client } from "pg";
import { JOB_TYPE_INFO } from "../../lib/job-types";
import { keyFingerprint } from "../../lib/klaviyo/secret";
import { createSimulator } from "../../lib/klaviyo-simulator";
import { startServer } from "../../lib/klaviyo-simulator/controls/node-server";
import { storedSummary } from "../../lib/store/jobs";
import { openStore } from "../../lib/store/open";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * The job history with real processes: a dashboard collecting from a simulator served over HTTP from
 * this process (its clock moved by the test), keeping what Klaviyo forgets; and two dashboards on one
 * PostgreSQL server, of which exactly one collects and another takes over when it is killed.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

interface Ready {
  ok: boolean;
  collector: { role: string; lastPassAt?: string | null };
}

async function ready(dashboard: Running): Promise<Ready> {
  return (await (await fetch(`${dashboard.url}/api/ready`)).json()) as Ready;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test("a job Klaviyo forgets stays viewable with its errors and items", async ({ page }) => {
  test.setTimeout(180_000);
  const apiKey = `pk_history_${randomBytes(6).toString("hex")}`;
  const simulator = createSimulator({ seed: 42, apiKey, timeScale: 0 });
  const server = await startServer((request) => simulator.handle(request));
  const dashboard = await startDashboard({
    KLAVIYO_API_KEY: apiKey,
    KLAVIYO_BASE_URL: server.url,
    DASHBOARD_USERS: "",
    DASHBOARD_PASSWORD: "",
  });
  try {
    const first = await until(
      () => ready(dashboard),
      (r) => Boolean(r.collector.lastPassAt),
      120_000,
    );
    expect(first.collector).toMatchObject({ role: "leader" });
    // Among the oldest finished create/update jobs (their items are kept first), one with failures.
    const oldest = simulator.store
      .listAllJobs()
      .filter((job) => JOB_TYPE_INFO[job.type].include !== null && job.status === "complete")
      .slice(-20)
      .reverse();
    const job = oldest.find((j) => j.errors.length > 0 && j.completedCount > 0) ?? oldest[0]!;
    expect(job.expiresAt).not.toBeNull();
    // The title of one of its items, as Klaviyo shows it while it still has the job.
    const info = JOB_TYPE_INFO[job.type];
    const live = await fetch(`${server.url}${info.path}/${job.id}?include=${info.include}`, {
      headers: {
        authorization: `Klaviyo-API-Key ${apiKey}`,
        revision: "2026-07-15",
        accept: "application/vnd.api+json",
      },
    });
    const included = ((await live.json()) as { included?: { attributes: { title?: string; name?: string } }[] })
      .included;
    const title = included?.map((r) => r.attributes.title ?? r.attributes.name).find(Boolean);
    expect(title, "the job has items with titles").toBeTruthy();

    simulator.clock.set(Date.parse(job.expiresAt!) + 60_000);
    expect(simulator.store.getJob(job.type, job.id)).toBeNull();

    await page.goto(`${dashboard.url}/jobs/${job.type}/${job.id}?tz=utc`);
    await expect(page.getByTestId("kept-notice")).toContainText("Kept after Klaviyo deleted it on");
    await expect(page.getByText("Job not found")).toHaveCount(0);
    if (job.errors.length > 0) {
      await page.getByRole("tab", { name: /Errors/ }).click();
      await expect(page.getByRole("tab", { name: /Errors/ })).toContainText(String(job.errors.length));
    }
    const itemsTab = page.getByRole("tab", { name: /Items|Variants|Categories/ });
    await itemsTab.click();
    await expect(page.getByText(title!, { exact: true }).first()).toBeVisible();
  } finally {
    await dashboard.stop();
    await server.close();
  }
});

const DATABASE = process.env.TEST_DATABASE_URL;

test("two instances on one PostgreSQL: one collects, and another takes over when it is killed", async () => {
  test.skip(!DATABASE, "TEST_DATABASE_URL is not set: start a PostgreSQL server to run this test");
  test.setTimeout(180_000);
  const name = `kbj_e2e_${randomBytes(5).toString("hex")}`;
  const admin = new Client({ connectionString: DATABASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(DATABASE!);
  url.pathname = `/${name}`;
  const dashboards: Running[] = [];
  try {
    const env = {
      DATABASE_URL: url.toString(),
      REDIS_URL: process.env.REDIS_URL ?? "",
      DASHBOARD_USERS: "",
      DASHBOARD_PASSWORD: "",
    };
    dashboards.push(...(await Promise.all([startDashboard(env), startDashboard(env)])));
    const roles = async () => (await Promise.all(dashboards.map(ready))).map((r) => r.collector.role).sort();
    expect(await until(roles, (r) => r.join() === "leader,standby", 60_000)).toEqual(["leader", "standby"]);

    const states = await Promise.all(dashboards.map(ready));
    const leader = dashboards[states.findIndex((s) => s.collector.role === "leader")]!;
    const other = dashboards.find((d) => d !== leader)!;
    process.kill(-leader.pid, "SIGKILL");
    const killedAt = Date.now();
    const after = await until(
      () => ready(other),
      (r) => r.collector.role === "leader",
      30_000,
    );
    expect(after.collector.role).toBe("leader");
    console.log(`takeover after ${Date.now() - killedAt} ms`);
  } finally {
    await Promise.all(dashboards.map((d) => d.stop()));
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
});

test("kill -9 while collecting loses nothing committed, and a restart completes the history without duplicates", async () => {
  test.setTimeout(240_000);
  const apiKey = `pk_crash_${randomBytes(6).toString("hex")}`;
  const simulator = createSimulator({ seed: 42, apiKey, timeScale: 0 });
  const server = await startServer((request) => simulator.handle(request));
  const dataDir = mkdtempSync(join(tmpdir(), "kbj-crash-"));
  const env = {
    KLAVIYO_API_KEY: apiKey,
    KLAVIYO_BASE_URL: server.url,
    DATA_DIR: dataDir,
    DASHBOARD_USERS: "",
    DASHBOARD_PASSWORD: "",
  };
  const total = simulator.store.listAllJobs().length;
  const account = `key-${keyFingerprint(apiKey)}`;
  const storedCount = async () => {
    const store = await openStore({ dataDir });
    try {
      return (await storedSummary(store.db, account)).jobs;
    } finally {
      await store.close();
    }
  };
  try {
    // Killed in the middle of its first backfill: as soon as anything is stored.
    const first = await startDashboard(env);
    await until(
      async () => (await ready(first)).collector.role,
      (role) => role === "leader",
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.kill(-first.pid, "SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterCrash = await storedCount();
    expect(afterCrash).toBeLessThanOrEqual(total);

    // The restart takes over the dead process's lock, resumes, and completes the history.
    const second = await startDashboard(env);
    await until(
      () => ready(second),
      (r) => Boolean(r.collector.lastPassAt),
      120_000,
    );
    await second.stop();
    const afterRestart = await storedCount();
    expect(afterRestart).toBe(total);
    expect(afterRestart).toBeGreaterThanOrEqual(afterCrash);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
