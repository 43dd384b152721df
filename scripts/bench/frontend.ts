/**
 * Front-end figures of a running production server, measured the way the peer dashboard is:
 *  - first-load JS: gzip -9 of every script the page loads until the first row is visible and the
 *    network is idle;
 *  - first row visible: ms from navigation start until the row is laid out and painted (median of
 *    N cold loads, each in a fresh browser context, after one warm-up);
 *  - Lighthouse 12, desktop preset and default (mobile) preset: 4x CPU slowdown, slow 4G, a phone's
 *    screen (median of N each): performance, total blocking time, accessibility, best practices.
 */

import { execFile } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { type Browser, chromium } from "@playwright/test";
import { median } from "./stats";

const run = promisify(execFile);
export const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
export const CHROME_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const VIEWPORT = { width: 1350, height: 940 };

export interface PageTarget {
  name: string;
  url: string;
  selector: string;
  /** a baseline measured by Lighthouse only (e.g. a page that lists nothing) */
  lighthouseOnly?: boolean;
}

/** Lighthouse's desktop preset, or its default: a mid-range phone on slow 4G (4x CPU slowdown). */
export type LighthousePreset = "desktop" | "mobile";

const watchScript = (selector: string) => `(() => {
  window.__firstRow = { domMs: null, visibleMs: null };
  const visible = () => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && (!el.checkVisibility || el.checkVisibility({ opacityProperty: true, visibilityProperty: true }));
  };
  const observer = new MutationObserver(() => {
    if (!visible() || window.__firstRow.domMs !== null) return;
    observer.disconnect();
    window.__firstRow.domMs = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__firstRow.visibleMs = performance.now(); }, 0));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["class", "style", "hidden"] });
})();`;

async function loadedScripts(browser: Browser, target: PageTarget, screenshot?: string) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  const bodies = new Map<string, Promise<Buffer | null>>();
  page.on("response", (response) => {
    const url = response.url();
    const type = response.headers()["content-type"] ?? "";
    if (!url.startsWith("http") || bodies.has(url)) return;
    if (/javascript|ecmascript/.test(type) || /\.m?js$/.test(new URL(url).pathname))
      bodies.set(
        url,
        response.body().catch(() => null),
      );
  });
  await page.goto(target.url, { waitUntil: "domcontentloaded" });
  await page.waitForSelector(target.selector, { state: "visible", timeout: 30_000 });
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
  await page.waitForTimeout(1000);
  if (screenshot) await page.screenshot({ path: screenshot });
  const files = [];
  for (const [url, body] of bodies) {
    const buffer = await body;
    if (buffer) files.push({ url, raw: buffer.length, gzip9: gzipSync(buffer, { level: 9 }).length });
  }
  await context.close();
  return {
    count: files.length,
    raw: files.reduce((a, f) => a + f.raw, 0),
    gzip9: files.reduce((a, f) => a + f.gzip9, 0),
    files,
  };
}

/** The chromium every figure here is taken in: headless, with the flags above. */
export const launchChromium = () => chromium.launch({ executablePath: CHROME, args: CHROME_ARGS, headless: true });

/** One cold load of `target` in a fresh context: ms from navigation start to the first row laid out and painted. */
export async function firstRow(browser: Browser, target: Pick<PageTarget, "url" | "selector">) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  await page.addInitScript(watchScript(target.selector));
  await page.goto(target.url, { waitUntil: "commit" });
  await page.waitForSelector(target.selector, { state: "visible", timeout: 30_000 });
  await page.waitForFunction(
    () => (window as unknown as { __firstRow: { visibleMs: number | null } }).__firstRow.visibleMs !== null,
  );
  const timing = await page.evaluate(() => {
    const w = window as unknown as { __firstRow: { domMs: number; visibleMs: number } };
    return { ...w.__firstRow, fcpMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null };
  });
  await context.close();
  return timing;
}

/** `runs` cold loads of `target`, after one warm-up: a server's cold start is not what we measure. */
async function firstRowSamples(browser: Browser, target: PageTarget, runs: number) {
  await firstRow(browser, target);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await firstRow(browser, target));
  return samples;
}

interface LighthouseReport {
  categories: Record<string, { score: number }>;
  audits: Record<string, { numericValue?: number }>;
}

async function lighthouse(target: PageTarget, outDir: string, runs: number, preset: LighthousePreset) {
  const scores: { performance: number; tbtMs: number; accessibility: number; bestPractices: number }[] = [];
  for (let i = 1; i <= runs; i++) {
    const output = join(outDir, `lighthouse-${preset}-${target.name}-${i}.json`);
    const once = () =>
      run(
        "node_modules/.bin/lighthouse",
        [
          target.url,
          // No preset is Lighthouse's default: the mobile form factor with simulated throttling.
          ...(preset === "desktop" ? ["--preset=desktop"] : []),
          `--chrome-flags=${CHROME_ARGS.join(" ")}`,
          "--output=json",
          `--output-path=${output}`,
          "--quiet",
        ],
        { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 64 * 1024 * 1024 },
      );
    // Lighthouse gives up on a DevTools call now and then on a loaded 2-core machine: one more try.
    await once().catch((error: unknown) => {
      console.warn(
        `lighthouse ${preset} ${target.name} run ${i} failed (${String(error).split("\n")[1] ?? error}); trying again`,
      );
      return once();
    });
    const report = JSON.parse(await readFile(output, "utf8")) as LighthouseReport;
    scores.push({
      performance: Math.round(report.categories.performance!.score * 100),
      tbtMs: Math.round(report.audits["total-blocking-time"]?.numericValue ?? Number.NaN),
      accessibility: Math.round(report.categories.accessibility!.score * 100),
      bestPractices: Math.round(report.categories["best-practices"]!.score * 100),
    });
  }
  return {
    runs: scores,
    median: {
      performance: median(scores.map((s) => s.performance)),
      tbtMs: median(scores.map((s) => s.tbtMs)),
      accessibility: median(scores.map((s) => s.accessibility)),
      bestPractices: median(scores.map((s) => s.bestPractices)),
    },
  };
}

const FLOOR_PAGE = `<!doctype html><html lang="en"><head><title>floor</title></head><body><table><tr data-testid="job-row"><td>one row</td></tr></table></body></html>`;

/**
 * What the first-row measure gives for a page that costs nothing: one static row from a bare Node
 * server. Measured plain and with the Cross-Origin-Opener-Policy header the dashboard (not the peer)
 * sends: that header puts the page in a new browsing context group, so a navigation from the blank
 * tab the harness opens waits for a new renderer process. (A navigation from another site, the
 * usual way in, needs a new process with or without it.)
 */
/** Starts `server` on a free loopback port; resolves to its origin, e.g. "http://127.0.0.1:40123". */
function listenLocally(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    }),
  );
}

async function harnessFloor(browser: Browser, rowRuns: number) {
  const result: Record<string, number> = {};
  for (const [name, headers] of [
    ["plainMs", {}],
    ["coopMs", { "cross-origin-opener-policy": "same-origin" }],
  ] as const) {
    const server = createServer((_, res) =>
      res.writeHead(200, { "content-type": "text/html", ...headers }).end(FLOOR_PAGE),
    );
    const url = `${await listenLocally(server)}/`;
    try {
      const samples = await firstRowSamples(browser, { name, url, selector: "[data-testid=job-row]" }, rowRuns);
      result[name] = median(samples.map((s) => s.visibleMs)) ?? Number.NaN;
    } finally {
      server.close();
    }
  }
  return result;
}

/** The page's server HTML with its script files taken out: `<script src>` tags and script preloads. */
export function withoutScriptFiles(html: string): string {
  return html
    .replace(/<script\b[^>]*\bsrc=[^>]*>\s*<\/script>/g, "")
    .replace(/<link\b[^>]*\brel="preload"[^>]*\bas="script"[^>]*\/?>/g, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*\/?>/g, "");
}

/**
 * What a page's own HTML and CSS cost in this harness, with no JavaScript to fetch or run: a copy of
 * its server HTML without its script files (its inline scripts stay), served with the dashboard's
 * own response headers by a bare Node server that passes every other request (the CSS, the icon)
 * to the dashboard. The gap to the page's figure is what its scripts add before the row is painted;
 * the gap to the harness floor is what its markup and styles cost.
 */
async function withoutScriptsMs(browser: Browser, target: PageTarget, rowRuns: number) {
  const origin = new URL(target.url);
  const response = await fetch(origin, { headers: { "accept-encoding": "identity" } });
  const html = withoutScriptFiles(await response.text());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    if (!["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive"].includes(key))
      headers[key] = value;
  });
  const server = createServer((req, res) => {
    if (req.url === origin.pathname + origin.search) return void res.writeHead(200, headers).end(html);
    fetch(new URL(req.url ?? "/", origin), { headers: { "accept-encoding": "identity" } })
      .then(async (upstream) => {
        const type = upstream.headers.get("content-type");
        res
          .writeHead(upstream.status, type ? { "content-type": type } : {})
          .end(Buffer.from(await upstream.arrayBuffer()));
      })
      .catch(() => res.writeHead(502).end());
  });
  const local = await listenLocally(server);
  try {
    const copy = { ...target, url: `${local}${origin.pathname}${origin.search}` };
    return median((await firstRowSamples(browser, copy, rowRuns)).map((s) => s.visibleMs));
  } finally {
    server.close();
  }
}

export async function measurePages(
  targets: PageTarget[],
  options: { outDir: string; rowRuns?: number; lighthouseRuns?: number },
) {
  await mkdir(options.outDir, { recursive: true });
  const browser = await launchChromium();
  const pages: Record<string, unknown> = {};
  let floor: Record<string, number> = {};
  const lighthouseRuns = options.lighthouseRuns ?? 0;
  const bothPresets = async (target: PageTarget) => {
    if (!lighthouseRuns) return { desktop: null, mobile: null };
    const desktop = await lighthouse(target, options.outDir, lighthouseRuns, "desktop");
    const mobile = await lighthouse(target, options.outDir, lighthouseRuns, "mobile");
    return { desktop, mobile };
  };
  try {
    floor = await harnessFloor(browser, options.rowRuns ?? 5);
    for (const target of targets) {
      if (target.lighthouseOnly) {
        const { desktop, mobile } = await bothPresets(target);
        pages[target.name] = {
          url: target.url,
          lighthouse: desktop?.median ?? null,
          lighthouseMobile: mobile?.median ?? null,
          lighthouseRuns: desktop?.runs ?? null,
          lighthouseMobileRuns: mobile?.runs ?? null,
        };
        continue;
      }
      const js = await loadedScripts(browser, target, join(options.outDir, `screenshot-${target.name}.png`));
      const samples = await firstRowSamples(browser, target, options.rowRuns ?? 5);
      const withoutScripts = await withoutScriptsMs(browser, target, options.rowRuns ?? 5);
      const { desktop, mobile } = await bothPresets(target);
      pages[target.name] = {
        url: target.url,
        jsGzip9KiB: Math.round((js.gzip9 / 1024) * 10) / 10,
        jsRawKiB: Math.round((js.raw / 1024) * 10) / 10,
        jsFiles: js.count,
        firstRowVisibleMs: median(samples.map((s) => s.visibleMs)),
        fcpMs: median(samples.map((s) => s.fcpMs ?? Number.NaN)),
        firstRowWithoutScriptsMs: withoutScripts,
        firstRowSamples: samples,
        lighthouse: desktop?.median ?? null,
        lighthouseMobile: mobile?.median ?? null,
        lighthouseRuns: desktop?.runs ?? null,
        lighthouseMobileRuns: mobile?.runs ?? null,
      };
    }
  } finally {
    await browser.close();
  }
  return { chromium: CHROME, viewport: VIEWPORT, harnessFloor: floor, pages };
}
