import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import type { JobPage } from "../../lib/types";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * Overload degrades, never times out: the dashboard as `npm start` runs it serves a few requests at a
 * time, lets a few more wait, and refuses the rest at once with 503 and Retry-After, while health
 * checks pass. And a server-rendered page's Klaviyo calls log the page request's id.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

const METRICS_TOKEN = "overload-metrics-token-7c1e";
/** Sent with every flood request: it must never show in a log line. */
const PLANTED_COOKIE = "bj_session=planted-cookie-value-0d4b";

let dashboard: Running | undefined;
let logs = "";

test.afterEach(async () => {
  await dashboard?.stop();
  dashboard = undefined;
});

const logLines = () =>
  logs
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

interface Answer {
  path: string;
  status: number;
  retryAfter: string | null;
  contentType: string;
  body: string;
}

async function ask(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${dashboard!.url}${path}`, { headers, redirect: "manual" });
  return {
    path,
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    contentType: response.headers.get("content-type") ?? "",
    body: await response.text(),
  };
}

test("a flood far beyond the limit is answered in full: served, or refused at once with Retry-After", async () => {
  test.setTimeout(120_000);
  logs = "";
  dashboard = await startDashboard(
    { MAX_IN_FLIGHT: "2", MAX_QUEUE: "2", METRICS_TOKEN, COLLECTOR: "off" },
    { onOutput: (text) => (logs += text) },
  );
  const paths = ["/jobs", "/runs", "/api/jobs?type=item-create", "/api/jobs?type=variant-update&status=complete"];
  const flood = Promise.all(
    Array.from({ length: 60 }, (_, i) => ask(paths[i % paths.length]!, { cookie: PLANTED_COOKIE })),
  );
  // Health checks pass while the flood is on: they never wait for a turn.
  const health = Promise.all(Array.from({ length: 5 }, () => ask("/api/health")));
  const [answers, healthAnswers] = await Promise.all([flood, health]);

  expect(healthAnswers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
  const served = answers.filter((a) => a.status === 200);
  const refused = answers.filter((a) => a.status === 503);
  expect(served.length + refused.length, JSON.stringify(answers.map((a) => [a.path, a.status]))).toBe(60);
  // Two at a time and two waiting, against sixty at once: most are refused, and some are served.
  expect(served.length).toBeGreaterThanOrEqual(4);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect(answer.retryAfter, answer.path).toMatch(/^\d+$/);
    if (answer.path.startsWith("/api/")) {
      expect(answer.contentType).toContain("application/json");
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "overloaded" } });
    } else {
      expect(answer.contentType).toContain("text/html");
      expect(answer.body).toContain("The dashboard is busy");
    }
  }

  // Every refusal is counted where Prometheus reads it, pages and API apart.
  const metrics = await ask("/api/metrics", { authorization: `Bearer ${METRICS_TOKEN}` });
  expect(metrics.status).toBe(200);
  const counted = (kind: string) =>
    Number(new RegExp(`^dashboard_requests_shed_total\\{kind="${kind}"\\} (\\d+)$`, "m").exec(metrics.body)?.[1]);
  expect(counted("page") + counted("api")).toBe(refused.length);
  expect(counted("page")).toBe(refused.filter((a) => !a.path.startsWith("/api/")).length);
  expect(metrics.body).toMatch(/^dashboard_requests_in_flight 0$/m);

  // Refusals are logged as warnings, a few lines for many refusals, never with the cookie.
  const warnings = logLines().filter((line) => line.event === "overloaded");
  expect(warnings.length).toBeGreaterThan(0);
  expect(warnings.length).toBeLessThan(refused.length + 1);
  expect(warnings[0]).toMatchObject({ level: "warn", maxInFlight: 2, maxQueue: 2 });
  expect(logs).not.toContain("planted-cookie-value");

  // Once the flood is over, the same requests are served again.
  expect((await ask("/api/jobs?type=item-create")).status).toBe(200);
});

test("bad admission settings stop the start with a message naming them", () => {
  for (const [variable, value] of [
    ["MAX_IN_FLIGHT", "0"],
    ["MAX_QUEUE", "lots"],
  ] as const) {
    const started = spawnSync(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, PORT: "1", DATA_DIR: mkdtempSync(join(tmpdir(), "kbj-bad-")), [variable]: value },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(started.status, started.stdout).toBe(1);
    expect(started.stderr).toContain(variable);
    expect(started.stdout).not.toContain("listening on");
  }
});

test("a server-rendered page's Klaviyo calls log that page request's id", async () => {
  test.setTimeout(120_000);
  logs = "";
  dashboard = await startDashboard({ COLLECTOR: "off" }, { onOutput: (text) => (logs += text) });
  const list = JSON.parse((await ask("/api/jobs?type=item-create")).body) as JobPage;
  const id = list.jobs[0]!.id;

  // The job's page, never read before (its list was), asks Klaviyo for the job while it renders.
  const page = await fetch(`${dashboard.url}/jobs/item-create/${id}`, { headers: { "x-request-id": "page-req-5e21" } });
  expect(page.status).toBe(200);
  expect(page.headers.get("x-request-id")).toBe("page-req-5e21");
  await page.text();

  const upstream = () => logLines().filter((line) => line.event === "upstream");
  await expect.poll(() => upstream().filter((line) => line.requestId === "page-req-5e21").length).toBeGreaterThan(0);
  const lines = upstream().filter((line) => line.requestId === "page-req-5e21");
  expect(lines.some((line) => String(line.path).endsWith(`/${id}`))).toBe(true);
  // The list read earlier was another request: its call carries another id.
  expect(upstream().some((line) => line.requestId && line.requestId !== "page-req-5e21")).toBe(true);

  // An id that is no short token is replaced with a new one, which the answer names.
  const odd = await fetch(`${dashboard.url}/runs`, { headers: { "x-request-id": "not a sane id" } });
  await odd.text();
  expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
});

/** The Next process behind the front (scripts/app-server.mjs): the front's one child. */
function nextProcessOf(frontPid: number): number {
  const children = readFileSync(`/proc/${frontPid}/task/${frontPid}/children`, "utf8").trim().split(/\s+/);
  const pid = children
    .map(Number)
    .find((child) => readFileSync(`/proc/${child}/cmdline`, "utf8").includes("app-server"));
  if (!pid) throw new Error(`no Next process under ${frontPid}: ${children.join(" ")}`);
  return pid;
}

test("while Next is frozen the front still answers: refusals at once, a stuck queue given up on", async () => {
  test.setTimeout(120_000);
  logs = "";
  dashboard = await startDashboard(
    { MAX_IN_FLIGHT: "2", MAX_QUEUE: "20", MAX_QUEUE_WAIT_MS: "300", METRICS_TOKEN, COLLECTOR: "off" },
    { onOutput: (text) => (logs += text) },
  );
  expect((await ask("/api/jobs?type=item-create")).status).toBe(200);
  const next = nextProcessOf(dashboard.pid);
  process.kill(next, "SIGSTOP");
  try {
    // Two turns taken by requests Next cannot answer now, and one waiting behind them.
    const stuck = [ask("/api/jobs?type=item-create"), ask("/jobs")];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waiting = ask("/api/jobs?type=item-update");
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The queue is far from full, but its head has waited past MAX_QUEUE_WAIT_MS: newcomers are
    // refused. Next is frozen, so every answer here comes from the front alone.
    const newcomers = await Promise.all([ask("/api/jobs?type=item-delete"), ask("/runs")]);
    expect(newcomers.map((a) => a.status)).toEqual([503, 503]);
    expect(JSON.parse(newcomers[0]!.body)).toMatchObject({ error: { code: "overloaded" } });
    expect(newcomers[1]!.body).toContain("The dashboard is busy");
    // The one waiting is refused where it stands after four times that wait.
    const gaveUp = await waiting;
    expect(gaveUp.status).toBe(503);
    expect(gaveUp.retryAfter).toMatch(/^\d+$/);

    process.kill(next, "SIGCONT");
    // Those Next held are answered once it runs again.
    expect((await Promise.all(stuck)).map((a) => a.status)).toEqual([200, 200]);
  } finally {
    process.kill(next, "SIGCONT");
  }
  const metrics = await ask("/api/metrics", { authorization: `Bearer ${METRICS_TOKEN}` });
  const shed = (kind: string) =>
    Number(new RegExp(`^dashboard_requests_shed_total\\{kind="${kind}"\\} (\\d+)$`, "m").exec(metrics.body)?.[1]);
  expect([shed("api"), shed("page")]).toEqual([2, 1]);
});

test("a Next process that dies is started again; meanwhile the front answers 503 unavailable", async () => {
  test.setTimeout(120_000);
  logs = "";
  dashboard = await startDashboard({ COLLECTOR: "off" }, { onOutput: (text) => (logs += text) });
  const first = nextProcessOf(dashboard.pid);
  process.kill(first, "SIGKILL");
  await expect.poll(() => logLines().some((line) => line.event === "next_process_exited")).toBe(true);

  const meanwhile = await ask("/api/jobs?type=item-create");
  expect(meanwhile.status).toBe(503);
  expect(meanwhile.retryAfter).toMatch(/^\d+$/);
  expect(JSON.parse(meanwhile.body)).toMatchObject({ error: { code: "unavailable" } });
  const page = await ask("/jobs");
  expect(page.status).toBe(503);
  expect(page.body).toContain("starting again");

  // A new Next process takes over, and the same requests are served.
  await expect.poll(async () => (await ask("/api/jobs?type=item-create")).status, { timeout: 60_000 }).toBe(200);
  expect(nextProcessOf(dashboard.pid)).not.toBe(first);
  expect(logLines().find((line) => line.event === "next_process_exited")).toMatchObject({
    level: "error",
    signal: "SIGKILL",
  });
});
