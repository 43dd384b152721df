import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { expect, test } from "@playwright/test";
import { Client } from "pg";
import { type Running, startDashboard } from "../../scripts/bench/servers";

/*
 * The PostgreSQL store goes away under a running dashboard and comes back. The dashboard reaches it
 * through a TCP relay this test owns, so "the database is unreachable" is real (connections cut,
 * new ones refused) without stopping a server other tests use. Pages keep serving live from
 * Klaviyo with a note, /api/ready says why, nothing crashes, and collecting resumes when it is back.
 */

test.skip(!existsSync(".next/BUILD_ID"), "no production build (.next/BUILD_ID): run `npx next build` first");

const DATABASE = process.env.TEST_DATABASE_URL;

/** A TCP relay to PostgreSQL that can be cut (sockets destroyed, port closed) and restored on the same port. */
async function relay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((inbound) => {
        const outbound = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [inbound, outbound]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => socket.destroy());
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await open();
  return {
    port: () => port,
    cut: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    },
    restore: open,
  };
}

interface Ready {
  ok: boolean;
  reasons: string[];
  collector: { role: string; lastPassAt?: string | null };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => null as T);
    if ((value !== null && done(value)) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

test("PostgreSQL unreachable: pages serve live with a note, nothing crashes, and collecting resumes when it is back", async ({
  page,
}) => {
  test.skip(!DATABASE, "TEST_DATABASE_URL is not set: start a PostgreSQL server to run this test");
  test.setTimeout(240_000);
  const name = `kbj_e2e_${randomBytes(5).toString("hex")}`;
  const admin = new Client({ connectionString: DATABASE });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(DATABASE!);
  const pg = await relay(target);
  const url = new URL(DATABASE!);
  url.hostname = "127.0.0.1";
  url.port = String(pg.port());
  url.pathname = `/${name}`;
  let output = "";
  let dashboard: Running | null = null;
  try {
    dashboard = await startDashboard(
      { DATABASE_URL: url.toString(), KLAVIYO_API_KEY: "", DASHBOARD_USERS: "", DASHBOARD_PASSWORD: "" },
      { onOutput: (text) => void (output += text) },
    );
    const base = dashboard.url;
    const ready = async () => (await (await fetch(`${base}/api/ready`)).json()) as Ready;
    const first = await until(ready, (r) => r.ok && Boolean(r.collector.lastPassAt), 120_000);
    expect(first).toMatchObject({ ok: true, collector: { role: "leader" } });

    await pg.cut();
    const down = await until(ready, (r) => !r.ok, 30_000);
    expect(down.ok).toBe(false);
    expect(down.reasons.join(" ")).toMatch(/store/);
    // Pages still serve what Klaviyo has now, and say the history is away.
    await page.goto(`${base}/jobs`);
    await expect(page.getByTestId("job-row").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("history-down")).toBeVisible({ timeout: 30_000 });
    const jobs = await fetch(`${base}/api/jobs?type=item-create`);
    expect(jobs.status).toBe(200);
    // The process is still serving after the collector's failures.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect((await fetch(`${base}/api/health`)).status).toBe(200);

    const cutAt = Date.now();
    await pg.restore();
    const back = await until(
      ready,
      (r) => r.ok && r.collector.role === "leader" && Date.parse(r.collector.lastPassAt ?? "") > cutAt,
      90_000,
    );
    expect(back.ok, JSON.stringify(back)).toBe(true);
    expect(Date.parse(back.collector.lastPassAt ?? "")).toBeGreaterThan(cutAt);
    await page.reload();
    await expect(page.getByTestId("job-row").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("history-down")).toHaveCount(0);
    expect(output).not.toMatch(/uncaught|unhandled/i);
  } finally {
    await dashboard?.stop();
    await pg.cut().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
});
