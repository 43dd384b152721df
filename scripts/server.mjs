/**
 * The HTTP server `npm start` runs: Next's production request handler behind admission control
 * (lib/http/admission.mjs). Under overload every request is answered: served after a bounded wait,
 * or refused within milliseconds with 503 and `Retry-After`, JSON for the API and a short page that
 * tries again by itself for people. Each request runs in its own request context, pages included, so
 * the Klaviyo calls a page makes log that page request's id (the caller's `X-Request-Id` when sane).
 */
import { createServer } from "node:http";
import next from "next";
import { admissionLimits, bypassesAdmission, createAdmission, RETRY_AFTER_SECONDS } from "../lib/http/admission.mjs";
import { requestIdFrom, runWithRequest } from "../lib/observability/request-context.mjs";

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"];
/** Shed requests are logged at most this often (one line tells how many since the last). */
const SHED_LOG_EVERY_MS = 5_000;
/** How long a stop (SIGTERM, SIGINT) waits for requests in flight. */
const DRAIN_MS = 10_000;

const OVERLOADED_JSON = JSON.stringify({
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

function refuse(res, api, requestId) {
  const body = api ? OVERLOADED_JSON : OVERLOADED_HTML;
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
 * Prepares Next (the production build in `dir`), then listens. Resolves once it listens, with a
 * function that stops it: no new connections, then requests in flight are given DRAIN_MS to finish.
 * @param {{ dir: string, port: number, host: string, env?: Record<string, string | undefined> }} options
 */
export async function serve({ dir, port, host, env = process.env }) {
  const gate = createAdmission(admissionLimits(env));
  gate.publish();
  const logShed = shedLogger(env, gate);
  const app = next({ dev: false, dir, hostname: host, port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    // Route handlers (lib/observability/route.ts) read the same id from the request.
    req.headers["x-request-id"] = requestId;
    res.setHeader("x-request-id", requestId);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const work = () => runWithRequest({ requestId }, () => handle(req, res));
    const failed = (error) => {
      logLine(env, "error", { event: "server_error", path, message: String(error?.message ?? error) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    };
    if (bypassesAdmission(path)) {
      Promise.resolve().then(work).catch(failed);
      return;
    }
    const ticket = gate.enter();
    if (!ticket) {
      const api = path.startsWith("/api/");
      gate.shed(api ? "api" : "page");
      logShed(req.method ?? "GET", path);
      refuse(res, api, requestId);
      return;
    }
    // A client that leaves while waiting gives up its place. A turn is given back once the answer is
    // over and Next's work for it has settled: a client that hangs up mid-render frees no turn early.
    let admitted = false;
    let closed = false;
    let settled = false;
    const finish = () => closed && settled && ticket.done();
    res.once("close", () => {
      closed = true;
      if (!admitted) ticket.done();
      else finish();
    });
    ticket.admitted
      .then(() => {
        admitted = true;
        if (closed) return undefined;
        return work();
      })
      .catch(failed)
      .finally(() => {
        settled = true;
        finish();
      });
  });

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
      await app.close().catch(() => {});
    })();
    return stopping;
  };
}
