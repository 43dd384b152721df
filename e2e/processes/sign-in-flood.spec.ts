import { existsSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * Failed sign-ins slow the one who fails, never the team. Each test starts its own dashboard behind a
 * shared password, with default limits, so the floods here leave the shared "auth" server alone.
 * The flood forges a new X-Forwarded-For on every request, which the server passes through when
 * no reverse proxy overwrites it.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

const PASSWORD = "flood test shared password";
const SECRET = "f".repeat(48);

let dashboard: Running;
let logs = "";

test.beforeEach(async () => {
  logs = "";
  dashboard = await startDashboard(
    { DASHBOARD_PASSWORD: PASSWORD, SESSION_SECRET: SECRET },
    { onOutput: (text) => (logs += text) },
  );
});

test.afterEach(async () => {
  await dashboard?.stop();
});

interface Answer {
  location: string;
  cookies: string[];
}

async function signIn(password: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${dashboard.url}/api/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ password, next: "/jobs" }),
  });
  return { location: response.headers.get("location") ?? "", cookies: response.headers.getSetCookie() };
}

/** Wrong passwords, each from a forged address of its own, `parallel` at a time. */
/** Wrong passwords, each from another forged address (198.18.0.0/15; `wave` picks a fresh range). */
async function flood(count: number, parallel = 10, wave = 0): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - i) }, (_, j) => {
      const n = i + j;
      return signIn(`guess number ${n}`, { "x-forwarded-for": `198.${18 + wave}.${n >> 8}.${n & 255}` });
    });
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

const refusals = (answers: Answer[]) => answers.filter((a) => /error=(throttled|busy)/.test(a.location));

test("wrong passwords from rotating forged addresses do not lock the team out", async () => {
  test.setTimeout(120_000);
  // The attack once seen: five failures, each 'from' another address, locked the shared password.
  const first = await flood(5);
  expect(first.every((a) => a.location.includes("error=invalid"))).toBe(true);
  const right = await signIn(PASSWORD, { "x-forwarded-for": "192.0.2.10" });
  expect(right.location).toBe("/jobs");
  expect(right.cookies.some((c) => c.startsWith("bj_session="))).toBe(true);

  // A longer flood spends the overall budget: past it, guesses are refused, with a short wait.
  const more = await flood(80);
  const refused = refusals(more);
  expect(refused.length).toBeGreaterThan(0);
  for (const answer of refused) {
    expect(answer.location).toContain("error=busy");
    expect(Number(new URLSearchParams(answer.location.split("?")[1]).get("wait"))).toBeLessThanOrEqual(15);
  }
  // Every refusal is logged, as one JSON line with the lane that refused it, never the password.
  const logged = logs.split("\n").filter((line) => line.includes('"event":"sign_in_throttled"'));
  expect(logged).toHaveLength(refused.length);
  expect(JSON.parse(logged[0]!)).toMatchObject({ lane: "overall", user: "team", knownDevice: false });
  expect(logs).not.toContain("guess number");
});

test("a browser that signed in before signs in during a flood; a new one waits seconds, not minutes", async ({
  browser,
}) => {
  // Two floods, two browsers and a real wait for the budget to refill: slow on a busy machine.
  test.setTimeout(180_000);
  // A teammate signed in yesterday: the browser keeps its device cookie after signing out.
  const teammate = await browser.newContext({ baseURL: dashboard.url });
  const page = await teammate.newPage();
  await page.goto("/jobs?type=item-update");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/jobs\?type=item-update$/);
  const device = (await teammate.cookies()).find((c) => c.name === "bj_device");
  expect(device).toMatchObject({ httpOnly: true, path: "/api/auth" });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  // A flood, forged addresses included the teammate's own (no proxy here: 127.0.0.1).
  const answers = await flood(70);
  for (let i = 0; i < 10; i++) answers.push(await signIn("guess again", { "x-forwarded-for": "127.0.0.1" }));
  expect(refusals(answers).length).toBeGreaterThan(0);

  // The teammate's browser is not held back by failures it did not make.
  await page.goto("/jobs?type=variant-create&status=complete");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/jobs\?type=variant-create&status=complete$/);
  await expect(page.getByTestId("job-row").first()).toBeVisible();

  // A browser new to the dashboard is told how long to wait (the overall budget refills every
  // few seconds), and gets in once that is over.
  const newcomer = await browser.newContext({ baseURL: dashboard.url });
  const fresh = await newcomer.newPage();
  await fresh.goto("/jobs");
  await fresh.getByLabel("Password").fill(PASSWORD);
  // The flood goes on meanwhile: its failures take whatever the overall budget regained while the
  // teammate signed in and this page loaded (one every 15 s; a busy machine can take that long), so
  // the newcomer meets a spent budget however long that took.
  await flood(10, 10, 1);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  const alert = fresh.getByRole("alert").filter({ hasText: "try again" });
  await expect(alert).toContainText("A browser that has signed in here before can sign in now");
  const wait = Number((await alert.textContent())?.match(/try again in (\d+) seconds?/)?.[1]);
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(15);
  await fresh.waitForTimeout(wait * 1000);
  await fresh.getByLabel("Password").fill(PASSWORD);
  await fresh.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh).toHaveURL(/\/jobs$/);
  await teammate.close();
  await newcomer.close();
});
