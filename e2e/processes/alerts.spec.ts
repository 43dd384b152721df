import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type MailReceiver, type Receiver, startMailReceiver, startReceiver } from "../../lib/alerts/testing";
import { createSimulator, type Simulator } from "../../lib/klaviyo-simulator";
import { startServer } from "../../lib/klaviyo-simulator/controls/node-server";
import { createdMs, groupRuns } from "../../lib/runs/group";
import { summarizeRun } from "../../lib/runs/summary";
import type { Job } from "../../lib/types";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * Alerts with real processes: a dashboard collecting from a simulator served over HTTP, a rule and
 * three channels made in the browser, a seeded sync that finishes, and real receivers (a webhook
 * receiver that checks the Standard Webhooks signature, a Slack stand-in, an SMTP server). The first
 * dashboard decides but does not send (ALERTS_DELIVERY=off) and is killed with SIGKILL there; the
 * next one, on the same store, sends each message exactly once.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");
// A control that is not there fails the step soon, not at the end of the long wait for the run's end.
test.use({ actionTimeout: 30_000 });

const MIN = 60_000;
const GAP = 10 * MIN;
const SEED = 42;
const PUBLIC_URL = "https://jobs.example.com";

const terminal = (job: Job) => job.status === "complete" || job.status === "cancelled";

/** When a run ends as the dashboard judges it (all final, quiet for the gap), or null while it runs. */
function finishedAt(run: readonly Job[]): number | null {
  if (!run.every(terminal)) return null;
  const lastCompleted = Math.max(...run.map((job) => (job.completedAt ? Date.parse(job.completedAt) : 0)));
  return Math.max(Math.max(...run.map(createdMs)) + GAP, lastCompleted);
}

/**
 * A simulator whose clock is this machine's, with its seeded history placed so that one small sync
 * ends (as a run: all final and quiet for 10 minutes) three and a half to five and a half minutes
 * from now (time for the dashboard to start and the rule to be made before it), and no other run
 * ends in the next quarter hour. The dashboard judges a run's end by its own clock, so the data must
 * be where that clock is; `end` says when that is, so the test waits for it, not for a fixed time.
 */
function simulatorWithRunEndingSoon(apiKey: string): { simulator: Simulator; run: Job[]; end: number } {
  const start = Date.now();
  const horizon = start + 15 * MIN;
  for (let shift = 0; shift < 24 * 60; shift += 1) {
    const simulator = createSimulator({ seed: SEED, apiKey, timeScale: 0, now: start + shift * MIN });
    const at = (time: number) => groupRuns(simulator.store.listAllJobs(time) as unknown as Job[], GAP);
    const ends = at(horizon).map((run) => ({ run, end: finishedAt(run) }));
    const mine = ends.filter(({ end }) => end !== null && end >= start + 3.5 * MIN && end <= start + 5.5 * MIN);
    const others = ends.filter(({ end }) => end !== null && end >= start - MIN && end <= horizon);
    if (mine.length !== 1 || others.length !== 1 || mine[0]!.run.length > 40) continue;
    simulator.clock.set(start);
    simulator.clock.setScale(1);
    return { simulator, run: mine[0]!.run, end: mine[0]!.end! };
  }
  throw new Error("no anchor puts a small sync where the test needs it");
}

interface History {
  deliveries: { kind: string; channelName: string | null; state: string; link: string | null }[];
}

async function runFinishedDeliveries(dashboard: Running): Promise<History["deliveries"]> {
  const history = (await (await fetch(`${dashboard.url}/api/alerts/history`)).json()) as History;
  return history.deliveries.filter((delivery) => delivery.kind === "run_finished");
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A keep-alive socket the server has closed answers ECONNRESET once: ask again.
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function lastPassAt(dashboard: Running): Promise<string | null> {
  const ready = (await (await fetch(`${dashboard.url}/api/ready`)).json()) as {
    collector: { lastPassAt?: string | null };
  };
  return ready.collector.lastPassAt ?? null;
}

async function addChannel(page: Page, fill: (form: ReturnType<Page["getByRole"]>) => Promise<void>, name: string) {
  const form = page.getByRole("form", { name: "New channel" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await fill(form);
  await form.getByRole("button", { name: "Add channel" }).click();
  await expect(page.getByRole("region", { name: "Channels" }).getByText(name)).toBeVisible();
}

test("a rule made in the browser tells each channel once of a finished run, across a kill between deciding and sending", async ({
  page,
}) => {
  test.setTimeout(900_000);
  const apiKey = `pk_alerts_${randomBytes(6).toString("hex")}`;
  const signing = `whsec_${randomBytes(32).toString("base64")}`;
  const { simulator, run, end } = simulatorWithRunEndingSoon(apiKey);
  const server = await startServer((request) => simulator.handle(request));
  const webhook: Receiver = await startReceiver(signing);
  const slack: Receiver = await startReceiver();
  const mail: MailReceiver = await startMailReceiver();
  const env = {
    KLAVIYO_API_KEY: apiKey,
    KLAVIYO_BASE_URL: server.url,
    DASHBOARD_USERS: "",
    DASHBOARD_PASSWORD: "",
    DATA_DIR: mkdtempSync(join(tmpdir(), "kbj-alerts-")),
    ALERTS_SECRET_KEY: randomBytes(32).toString("hex"),
    PUBLIC_URL,
    COLLECTOR_INTERVAL_MS: "1000",
  };
  let dashboard = await startDashboard({ ...env, ALERTS_DELIVERY: "off" });
  try {
    await page.goto(`${dashboard.url}/alerts`);
    await addChannel(
      page,
      async (form) => {
        await form.getByLabel("URL").fill(webhook.url);
        await form.getByLabel("Signing secret").fill(signing);
      },
      "ops webhook",
    );
    await addChannel(
      page,
      async (form) => {
        await form.getByLabel("Kind").selectOption("slack");
        await form.getByLabel("URL").fill(slack.url);
      },
      "ops slack",
    );
    await addChannel(
      page,
      async (form) => {
        await form.getByLabel("Kind").selectOption("email");
        await form.getByLabel("SMTP server", { exact: true }).fill("127.0.0.1");
        await form.getByRole("spinbutton", { name: "Port" }).fill(String(mail.port));
        await form.getByLabel("From", { exact: true }).fill("dashboard@example.com");
        await form.getByLabel("To").fill("ops@example.com");
      },
      "ops mail",
    );
    const ruleForm = page.getByRole("form", { name: "New rule" });
    await ruleForm.getByLabel("Name", { exact: true }).fill("Syncs that finish");
    await ruleForm.getByLabel("When").selectOption("run_finished");
    for (const name of ["ops webhook", "ops slack", "ops mail"]) await ruleForm.getByLabel(name).check();
    await ruleForm.getByRole("button", { name: "Add rule" }).click();
    await expect(page.getByTestId("rule-row").filter({ hasText: "Syncs that finish" })).toBeVisible();

    // Decided (one delivery per channel, waiting) once the run has ended and a pass has seen it, then
    // the process is killed before any is sent. The wait runs to the run's end, plus time for passes.
    const decided = await until(
      () => runFinishedDeliveries(dashboard),
      (rows) => rows.length === 3,
      end - Date.now() + 2 * MIN,
    );
    expect(decided.map((row) => row.state)).toEqual(["pending", "pending", "pending"]);
    expect(webhook.received.length + slack.received.length + mail.mails.length).toBe(0);
    process.kill(-dashboard.pid, "SIGKILL");
    await dashboard.stop();

    dashboard = await startDashboard({ ...env, ALERTS_DELIVERY: "on" });
    await webhook.waitFor(1, 60_000);
    await slack.waitFor(1, 60_000);
    await until(
      async () => mail.mails.length,
      (count) => count >= 1,
      60_000,
    );
    // Two more passes: nothing is decided or sent again.
    const seen = await lastPassAt(dashboard);
    await until(
      () => lastPassAt(dashboard),
      (at) => at !== null && at !== seen,
      60_000,
    );
    const after = await lastPassAt(dashboard);
    await until(
      () => lastPassAt(dashboard),
      (at) => at !== null && at !== after,
      60_000,
    );
    expect(webhook.received).toHaveLength(1);
    expect(slack.received).toHaveLength(1);
    expect(mail.mails).toHaveLength(1);
    expect((await runFinishedDeliveries(dashboard)).map((row) => row.state)).toEqual(["sent", "sent", "sent"]);

    const expected = summarizeRun(run);
    const [signed] = webhook.received;
    expect(signed!.verified).toBe(true);
    const body = signed!.json as { type: string; data: { numbers: Record<string, unknown>; link: string } };
    expect(body.type).toBe("alert.run_finished");
    expect(body.data.numbers).toMatchObject({
      jobs: expected.jobCount,
      operations: expected.operations.total,
      done: expected.operations.completed,
      failed: expected.operations.failed,
    });
    const link = `${PUBLIC_URL}/runs?from=${encodeURIComponent(expected.from)}&to=${encodeURIComponent(expected.to)}`;
    expect(body.data.link).toBe(link);
    expect(slack.received[0]!.body).toContain(link);
    expect(mail.mails[0]!.raw).toContain(`Run finished: ${expected.jobCount} jobs`);

    // The link opens that run (PUBLIC_URL is where people reach this dashboard).
    await page.goto(link.replace(PUBLIC_URL, dashboard.url));
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Sync run");
    await expect(page.getByTestId("run-jobs")).toHaveAttribute("data-value", String(expected.jobCount));
    await expect(page.getByTestId("run-failed")).toHaveAttribute("data-value", String(expected.operations.failed));
  } finally {
    await dashboard.stop();
    await Promise.all([webhook.close(), slack.close(), mail.close(), server.close()]);
  }
});
