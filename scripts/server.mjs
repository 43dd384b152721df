/**
 * The HTTP server `npm start` runs: a small front process holding admission control
 * (lib/http/admission.mjs), in front of a second process that runs Next, the store and the collector
 * (scripts/app-server.mjs) on a private socket. Under overload every request is answered: served
 * after a bounded wait, or refused with 503 and `Retry-After`, JSON for the API and a short page that
 * tries again by itself for people. The front does nothing but count, wait and pass bytes along, so a
 * long render or busy store work in the Next process never delays its answers; a Next process that
 * dies is started again while the front answers 503. Each request gets an id here (the caller's
 * `X-Request-Id` when sane), which the Next process puts on the Klaviyo calls the request makes.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, createServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  ADMISSION_STATS_HEADER,
  admissionLimits,
  bypassesAdmission,
  createAdmission,
  RETRY_AFTER_SECONDS,
} from "../lib/http/admission.mjs";
import { requestIdFrom } from "../lib/observability/request-context.mjs";

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
/** Shed requests are logged at most this often (one line tells how many since the last). */
const SHED_LOG_EVERY_MS = 5_000;
/** How long a stop (SIGTERM, SIGINT) waits for requests in flight. */
const DRAIN_MS = 10_000;
/**
 * How long the Next process may take to begin an answer before the front answers for it. Pages show
 * their frame at once and API reads give up on Klaviyo sooner; only a stuck process gets here.
 */
const ANSWER_DEADLINE_MS = 60_000;
/** Waits before starting a Next process that died again: quick at first, then slower. */
const RESTART_DELAYS_MS = [200, 1_000, 5_000];
/** Headers that belong to one connection, not to the request or answer passed along. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  ADMISSION_STATS_HEADER,
]);

export const OVERLOADED_JSON = JSON.stringify({
  error: {
    code: "overloaded",
    message: `The dashboard is busy right now. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
  },
});
const OVERLOADED_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Busy — Klaviyo bulk jobs</title></head>
<body><main><h1>The dashboard is busy</h1>
<p>Too many pages are being loaded at once. This page tries again in ${RETRY_AFTER_SECONDS} seconds.</p></main></body></html>
`;

/** One JSON line on stdout, shaped like the app's own logs (lib/observability/logger.ts). */
function logLine(env, level, fields) {
  const least = (env.LOG_LEVEL ?? "").trim().toLowerCase() || "info";
  if (least === "silent" || LEVELS.indexOf(level) < LEVELS.indexOf(least)) return;
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), ...fields })}\n`);
}

/** Logs the first refusal at once, then at most one line per SHED_LOG_EVERY_MS with the count since. */
function shedLogger(env, gate) {
  let lastAt = 0;
  let since = 0;
  return (method, path) => {
    since++;
    const now = Date.now();
    if (now - lastAt < SHED_LOG_EVERY_MS) return;
    lastAt = now;
    const { inFlight, queued, maxInFlight, maxQueue } = gate.stats;
    // The method and path only: never the query, a header or a cookie.
    logLine(env, "warn", { event: "overloaded", method, path, shed: since, inFlight, queued, maxInFlight, maxQueue });
    since = 0;
  };
}

export const UNAVAILABLE_JSON = JSON.stringify({
  error: {
    code: "unavailable",
    message: `The dashboard is starting again. Try again in ${RETRY_AFTER_SECONDS} seconds.`,
  },
});
const UNAVAILABLE_HTML = OVERLOADED_HTML.replace("is busy</h1>", "is starting again</h1>").replace(
  "Too many pages are being loaded at once.",
  "It is starting again after a failure.",
);

const REFUSALS = {
  overloaded: { api: OVERLOADED_JSON, page: OVERLOADED_HTML },
  unavailable: { api: UNAVAILABLE_JSON, page: UNAVAILABLE_HTML },
};

/** A 503 with Retry-After: `overloaded` (too many requests) or `unavailable` (no Next process to ask). */
function refuse(res, api, requestId, why = "overloaded") {
  if (res.headersSent || res.destroyed) return;
  const body = REFUSALS[why][api ? "api" : "page"];
  res.writeHead(503, {
    "content-type": api ? "application/json" : "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "retry-after": String(RETRY_AFTER_SECONDS),
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-request-id": requestId,
  });
  res.end(body);
}

/**
 * A raw header list passed along (to the Next process, or back to the client): less hop-by-hop
 * headers and any `x-request-id`, then this request's id and `extra`. Given whole to http.request or
 * writeHead: repeated headers (two Set-Cookie) must stay two, which they do only while nothing was
 * set on the answer before (setHeader would make the last one win).
 */
function passedHeaders(raw, requestId, extra = []) {
  const out = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP_BY_HOP.has(name) && name !== "x-request-id") out.push(raw[i], raw[i + 1]);
  }
  out.push("x-request-id", requestId, ...extra);
  return out;
}

/**
 * The Next process: started, watched, and started again when it dies (unless stopping). `ready`
 * resolves once the first one listens; `socket` is where the current one listens, null while none does.
 */
function nextProcess({ dir, port, host, env, log }) {
  const folder = mkdtempSync(join(tmpdir(), "kbj-app-"));
  const script = join(dirname(fileURLToPath(import.meta.url)), "app-server.mjs");
  let generation = 0;
  let child = null;
  let socket = null;
  let stopping = false;
  let failures = 0;
  let resolveReady;
  let rejectReady;
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  let everReady = false;

  const start = () => {
    generation += 1;
    const path = join(folder, `next-${generation}.sock`);
    const started = Date.now();
    child = fork(script, [], {
      cwd: dir,
      env: { ...env, APP_SOCKET: path, APP_DIR: dir, PORT: String(port), HOST: host },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const mine = child;
    mine.on("message", (message) => {
      if (!message?.ready || mine !== child) return;
      socket = path;
      if (!everReady) {
        everReady = true;
        resolveReady(undefined);
      }
      // A process that lived a while earns a quick restart next time.
      setTimeout(() => mine === child && (failures = 0), 60_000).unref();
    });
    mine.on("exit", (code, signal) => {
      if (mine !== child) return;
      socket = null;
      child = null;
      if (stopping) return;
      if (!everReady) {
        rejectReady(new Error(`the Next process exited while starting (${signal ?? `code ${code}`})`));
        return;
      }
      const delay = RESTART_DELAYS_MS[Math.min(failures, RESTART_DELAYS_MS.length - 1)];
      failures += 1;
      log("error", { event: "next_process_exited", code, signal, livedMs: Date.now() - started, restartInMs: delay });
      setTimeout(() => !stopping && start(), delay).unref();
    });
  };
  start();

  return {
    ready,
    socket: () => socket,
    /** Asks the current process to finish (it closes its socket and Next), then waits for it to exit. */
    async stop() {
      stopping = true;
      const last = child;
      if (last && last.exitCode === null && last.signalCode === null) {
        const exited = new Promise((resolve) => last.once("exit", resolve));
        if (last.connected) last.send({ stop: true });
        else last.kill("SIGTERM");
        const late = setTimeout(() => last.kill("SIGKILL"), DRAIN_MS);
        await exited;
        clearTimeout(late);
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the Next process (the production build in `dir`), then listens. Resolves once it listens,
 * with a function that stops it: no new connections, requests in flight are given DRAIN_MS to
 * finish, then the Next process is stopped.
 * @param {{ dir: string, port: number, host: string, env?: Record<string, string | undefined> }} options
 */
export async function serve({ dir, port, host, env = process.env }) {
  const gate = createAdmission(admissionLimits(env));
  const logShed = shedLogger(env, gate);
  const log = (level, fields) => logLine(env, level, fields);
  const app = nextProcess({ dir, port, host, env, log });
  await app.ready;
  // Connections to the Next process are reused; as many as requests in flight, bypassing ones too.
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

  /** Passes the request to the Next process; `finished` runs once its answer is over or failed. */
  const pass = (req, res, requestId, path, finished) => {
    const socketPath = app.socket();
    const api = path.startsWith("/api/");
    if (!socketPath) {
      refuse(res, api, requestId, "unavailable");
      finished();
      return;
    }
    const stats = path === "/api/metrics" ? JSON.stringify(gate.stats) : undefined;
    const upstream = httpRequest({
      socketPath,
      agent,
      method: req.method,
      path: req.url,
      headers: passedHeaders(req.rawHeaders, requestId, stats ? [ADMISSION_STATS_HEADER, stats] : []),
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      finished();
    };
    const deadline = setTimeout(() => {
      log("error", { event: "answer_deadline", method: req.method, path, afterMs: ANSWER_DEADLINE_MS });
      refuse(res, api, requestId, "unavailable");
    }, ANSWER_DEADLINE_MS);
    deadline.unref();
    upstream.on("response", (answer) => {
      clearTimeout(deadline);
      if (res.headersSent || res.destroyed) {
        // The client has its answer already (or left): the turn is held until Next is done.
        answer.resume();
      } else {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, passedHeaders(answer.rawHeaders, requestId));
        answer.pipe(res);
        // A client that leaves mid-answer: the rest is read and dropped, so Next finishes its work.
        res.once("close", () => {
          if (answer.readableEnded) return;
          answer.unpipe(res);
          answer.resume();
        });
      }
      answer.once("end", finish);
      answer.once("error", finish);
      answer.once("close", finish);
    });
    upstream.on("error", (error) => {
      // The Next process went away mid-request (a crash): the client is told, never left waiting.
      log("error", { event: "next_process_unreachable", method: req.method, path, message: error.message });
      if (!res.headersSent) refuse(res, api, requestId, "unavailable");
      else res.destroy();
      finish();
    });
    // A client that leaves does not cut Next short: the turn is held until Next's answer is over.
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    // Nothing is set on `res` before writeHead (see passedHeaders): each answer names the id itself.
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (bypassesAdmission(path)) {
      pass(req, res, requestId, path, () => {});
      return;
    }
    const api = path.startsWith("/api/");
    const refuseOverloaded = () => {
      gate.shed(api ? "api" : "page");
      logShed(req.method ?? "GET", path);
      refuse(res, api, requestId);
    };
    const ticket = gate.enter();
    if (!ticket) {
      refuseOverloaded();
      return;
    }
    let admitted = false;
    res.once("close", () => {
      // Left while waiting: gives up its place at once.
      if (!admitted) ticket.done();
    });
    ticket.expired?.then(() => {
      if (admitted) return;
      ticket.done();
      refuseOverloaded();
    });
    void ticket.admitted.then(() => {
      admitted = true;
      if (res.destroyed || res.writableEnded) {
        ticket.done();
        return;
      }
      pass(req, res, requestId, path, () => ticket.done());
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
  const { maxInFlight, maxQueue } = gate.stats;
  console.log(`listening on http://${host}:${port} (at most ${maxInFlight} requests in flight, ${maxQueue} waiting)`);

  let stopping;
  return function stop() {
    stopping ??= (async () => {
      const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
      server.closeIdleConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
      server.closeAllConnections();
      agent.destroy();
      await app.stop();
    })();
    return stopping;
  };
}
