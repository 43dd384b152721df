/**
 * Whether more accounts slow the pages, `npm run bench -- --only=accounts [--accounts-runs=N]`: two
 * production dashboards at once, one with a single account (the built-in simulator, seed 1) and one
 * with five simulated accounts (`brand-a:simulator:1` … `brand-e:simulator:5`), each with its
 * collector on as by default (so the five-account one collects five histories), or both with it off
 * (`--accounts-collector=off`: every page then reads its account's simulator live). Once every
 * account's collector has finished a pass and each page has been loaded, N rounds, the two servers interleaved
 * (each round in a rotated order) so that they share the machine's noise:
 *   first row    ms from navigation to the job list's first row painted, in chromium headless (a
 *                fresh context per load: frontend.ts's measure);
 *   page TTFB    ms from the request of the list page to its first body byte (Node's fetch);
 *   API          ms for the whole `GET /api/jobs` answer (the page's own list, as JSON).
 * The five-account dashboard is measured in its first account and its last.
 */
import { performance } from "node:perf_hooks";
import { firstRow, launchChromium } from "./frontend";
import { type Running, rssMiB, startDashboard } from "./servers";
import { percentile } from "./stats";

const FIVE = ["brand-a", "brand-b", "brand-c", "brand-d", "brand-e"] as const;
const ROW = "[data-testid=job-row]";
// Sign-in and accounts from the caller's environment would change what is measured.
const PLAIN = { DASHBOARD_USERS: "", DASHBOARD_PASSWORD: "", KLAVIYO_ACCOUNTS_FILE: "", KLAVIYO_ACCOUNTS: "" };

interface Target {
  name: string;
  server: "one" | "five";
  /** the account's prefix of every path: "" or `/a/{account}` */
  prefix: string;
}

const TARGETS: Target[] = [
  { name: "1 account: /jobs", server: "one", prefix: "" },
  { name: "5 accounts: /a/brand-a/jobs", server: "five", prefix: "/a/brand-a" },
  { name: "5 accounts: /a/brand-e/jobs", server: "five", prefix: "/a/brand-e" },
];

/** ms to the first byte of the body and to its end. */
async function timedOnce(url: string): Promise<{ firstByteMs: number; totalMs: number }> {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(LOAD_TIMEOUT_MS) });
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`);
  const reader = response.body.getReader();
  await reader.read();
  const firstByteMs = performance.now() - started;
  while (!(await reader.read()).done) {
    // read to the end
  }
  return { firstByteMs, totalMs: performance.now() - started };
}

// A kept-alive connection the server closes as a request goes out is reset (seen once, polling a
// busy server): that request is sent again, on a new connection.
const timed = (url: string) => timedOnce(url).catch(() => timedOnce(url));

async function collectedOnce(url: string): Promise<boolean> {
  try {
    const ready = (await (await fetch(url)).json()) as { collector?: { lastPassAt?: string | null } };
    return Boolean(ready.collector?.lastPassAt);
  } catch {
    return false;
  }
}

/** Until the collector of every named account has finished a pass (its history is then filled). */
// Five collectors' first passes, on a busy 2-core machine, have taken more than three minutes.
async function untilCollected(dashboard: Running, prefixes: string[], timeoutMs = 480_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const prefix of prefixes) {
    for (;;) {
      if (await collectedOnce(`${dashboard.url}${prefix}/api/ready`)) break;
      if (Date.now() > deadline) throw new Error(`${prefix || "/"}: no collector pass within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const rounded = (ms: number) => Math.round(ms);

// A load that fails (chromium waits 30 s for the row) is counted, not measured: NaN, which the
// percentiles leave out.
const LOAD_TIMEOUT_MS = 30_000;
const orFailed = <T>(measure: Promise<T>, ms: (value: T) => number) =>
  measure.then((value) => rounded(ms(value))).catch(() => Number.NaN);

export interface AccountsFigures {
  runs: number;
  collector: "on" | "off";
  targets: Record<
    string,
    {
      firstRowMs: { p50: number; p90: number };
      pageTtfbMs: { p50: number; p90: number };
      apiMs: { p50: number; p90: number };
      samples: { firstRowMs: number[]; pageTtfbMs: number[]; apiMs: number[] };
    }
  >;
  rssMiB: { one: number; five: number };
}

export async function runAccountsBench({
  runs = 10,
  collector = "on",
  log = console.log,
}: {
  runs?: number;
  collector?: "on" | "off";
  log?: (line: string) => void;
} = {}): Promise<AccountsFigures> {
  const servers: Partial<Record<Target["server"], Running>> = {};
  const browser = await launchChromium();
  try {
    servers.one = await startDashboard({ ...PLAIN, COLLECTOR: collector, KLAVIYO_API_KEY: "", SIMULATOR_SEED: "1" });
    servers.five = await startDashboard({
      ...PLAIN,
      COLLECTOR: collector,
      KLAVIYO_API_KEY: "",
      KLAVIYO_ACCOUNTS: FIVE.map((name, i) => `${name}:simulator:${i + 1}`).join(","),
    });
    if (collector === "on") {
      log("accounts: waiting for every account's first collector pass");
      await untilCollected(servers.one, [""]);
      await untilCollected(
        servers.five,
        FIVE.map((name) => `/a/${name}`),
      );
    }
    const urls = (target: Target) => {
      const origin = servers[target.server]!.url + target.prefix;
      return { page: `${origin}/jobs`, api: `${origin}/api/jobs` };
    };
    for (const target of TARGETS) {
      const { page, api } = urls(target);
      await orFailed(firstRow(browser, { url: page, selector: ROW }), (t) => t.visibleMs);
      await orFailed(timed(page), (t) => t.totalMs);
      await orFailed(timed(api), (t) => t.totalMs);
    }
    const samples = TARGETS.map(() => ({
      firstRowMs: [] as number[],
      pageTtfbMs: [] as number[],
      apiMs: [] as number[],
    }));
    for (let round = 0; round < runs; round++) {
      for (let k = 0; k < TARGETS.length; k++) {
        const index = (round + k) % TARGETS.length;
        const { page, api } = urls(TARGETS[index]!);
        const taken = samples[index]!;
        taken.firstRowMs.push(await orFailed(firstRow(browser, { url: page, selector: ROW }), (t) => t.visibleMs));
        taken.pageTtfbMs.push(await orFailed(timed(page), (t) => t.firstByteMs));
        taken.apiMs.push(await orFailed(timed(api), (t) => t.totalMs));
      }
    }
    const spread = (values: number[]) => ({ p50: percentile(values, 50), p90: percentile(values, 90) });
    return {
      runs,
      collector,
      targets: Object.fromEntries(
        TARGETS.map((target, i) => {
          const taken = samples[i]!;
          return [
            target.name,
            {
              firstRowMs: spread(taken.firstRowMs),
              pageTtfbMs: spread(taken.pageTtfbMs),
              apiMs: spread(taken.apiMs),
              samples: taken,
            },
          ];
        }),
      ),
      rssMiB: { one: rssMiB(servers.one.pid), five: rssMiB(servers.five.pid) },
    };
  } finally {
    await browser.close();
    await servers.one?.stop();
    await servers.five?.stop();
  }
}

/** One row per page measured, then the ratio of each five-account row to the one-account row. */
export function accountsTable(figures: AccountsFigures): Record<string, Record<string, string | number>> {
  const table: Record<string, Record<string, string | number>> = {};
  for (const [name, t] of Object.entries(figures.targets)) {
    table[name] = {
      "first row p50": t.firstRowMs.p50,
      "first row p90": t.firstRowMs.p90,
      "page TTFB p50": t.pageTtfbMs.p50,
      "page TTFB p90": t.pageTtfbMs.p90,
      "API p50": t.apiMs.p50,
      "API p90": t.apiMs.p90,
      "failed loads": Object.values(t.samples)
        .flat()
        .filter((ms) => !Number.isFinite(ms)).length,
    };
  }
  const [one, ...five] = Object.entries(table);
  for (const [name, row] of five) {
    table[`ratio ${name.replace(/^5 accounts: /, "")} ÷ 1 account`] = Object.fromEntries(
      Object.entries(row)
        .filter(([column]) => column !== "failed loads")
        .map(([column, value]) => [column, (Number(value) / Number(one![1][column])).toFixed(2)]),
    );
  }
  return table;
}
