import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, defineConfig, devices } from "@playwright/test";

/*
 * Two dashboards run side by side on one production build:
 *  - "embedded": no API key, so the built-in simulator answers in-process (what a newcomer sees);
 *  - "http": a key and KLAVIYO_BASE_URL pointing at the standalone simulator, whose clock and
 *    faults the tests drive through its /__simulator routes;
 *  - "auth": the embedded simulator behind a shared password.
 * The "processes" project starts processes of its own (dashboards on the same build, a simulator).
 */
// E2E_PORT_SHIFT moves every port (e.g. 100), so two checkouts can run their suites side by side.
const shift = Number(process.env.E2E_PORT_SHIFT ?? 0) || 0;
export const PORTS = {
  embedded: 3100 + shift,
  http: 3101 + shift,
  auth: 3102 + shift,
  simulator: 4110 + shift,
} as const;
export const AUTH_PASSWORD = "e2e shared password";
/** The auth dashboard serves GET /api/metrics to holders of this bearer token. */
export const METRICS_TOKEN = "e2e-metrics-token-0f9a2c";
/** `npm test` builds with this key in the environment; e2e checks that no client asset contains it. */
export const PLANTED_BUILD_KEY = "pk_planted_build_key_4f1c";
const host = "127.0.0.1";

function chromiumExecutable(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // no bundled browser registered
  }
  return existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
}

// Each dashboard keeps its job history in a folder of its own, new for every run (an embedded store
// serves one process). Set once in the main process; workers inherit it.
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "kbj-e2e-"));
const dataDir = (name: string) => join(process.env.E2E_DATA_DIR!, name);

// Each dashboard runs as `npm start` does (scripts/start.mjs): Next behind admission control.
const next = "node scripts/start.mjs";
const serverEnv = (port: number) => ({
  NEXT_TELEMETRY_DISABLED: "1",
  SIMULATOR_SEED: "42",
  PORT: String(port),
  HOST: host,
});

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // The http project drives one shared simulator clock and fault switch: run one test at a time.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: "reports/e2e.json" }]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    {
      name: "embedded",
      testMatch: /embedded\/.*\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://${host}:${PORTS.embedded}` },
    },
    {
      name: "http",
      testMatch: /http\/.*\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://${host}:${PORTS.http}` },
    },
    {
      name: "auth",
      testMatch: /auth\/.*\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://${host}:${PORTS.auth}` },
    },
    { name: "processes", testMatch: /processes\/.*\.spec\.ts/ },
  ],
  webServer: [
    {
      command: `node_modules/.bin/tsx scripts/simulator.ts --port ${PORTS.simulator} --host ${host} --seed 42`,
      url: `http://${host}:${PORTS.simulator}/__simulator/stats`,
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      command: next,
      url: `http://${host}:${PORTS.embedded}/api/health`,
      env: { ...serverEnv(PORTS.embedded), KLAVIYO_API_KEY: "", DATA_DIR: dataDir("embedded") },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: next,
      url: `http://${host}:${PORTS.http}/api/health`,
      env: {
        ...serverEnv(PORTS.http),
        KLAVIYO_API_KEY: "pk_e2e_dashboard_key",
        KLAVIYO_BASE_URL: `http://${host}:${PORTS.simulator}`,
        DATA_DIR: dataDir("http"),
        // The http specs count the simulator's requests to the call: only people's requests here.
        COLLECTOR: "off",
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: next,
      url: `http://${host}:${PORTS.auth}/api/health`,
      env: {
        ...serverEnv(PORTS.auth),
        KLAVIYO_API_KEY: "",
        DASHBOARD_PASSWORD: AUTH_PASSWORD,
        SESSION_SECRET: "e2e-session-secret-of-at-least-32-chars",
        METRICS_TOKEN,
        DATA_DIR: dataDir("auth"),
        // Sign-in is tested here, not the history: one collecting dashboard (embedded) is enough load.
        COLLECTOR: "off",
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
