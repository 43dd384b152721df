/**
 * The Next process behind the front (scripts/server.mjs): Next's production request handler, the
 * store and the collector, listening on a private socket only the front reaches. Renders, store work
 * and collector passes may hold this event loop for a while; the front's stays free to answer, wait
 * or refuse. Each request runs in its own request context under the id the front chose, so the
 * Klaviyo calls a page makes log that page request's id.
 */
import { createServer } from "node:http";
import next from "next";
import { ADMISSION_STATS_HEADER, publishAdmissionStats } from "../lib/http/admission.mjs";
import { runWithRequest } from "../lib/observability/request-context.mjs";

const socketPath = process.env.APP_SOCKET;
if (!socketPath || !process.send) {
  console.error("app-server.mjs is started by scripts/server.mjs, not on its own");
  process.exit(1);
}
const dir = process.env.APP_DIR ?? process.cwd();
const port = Number(process.env.PORT ?? "3000");
const host = process.env.HOST ?? "127.0.0.1";

/** @type {import("node:http").Server | undefined} */
let server;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  if (server) {
    const closed = new Promise((resolve) => server?.close(() => resolve(undefined)));
    server.closeIdleConnections();
    await closed;
  }
  await app.close().catch(() => {});
  process.exit(0);
}
// Listened for before Next is prepared: a front that dies while this one starts must not leave it
// running on its own. The front asks (after draining its own requests); a dead front closes the channel.
process.on("message", (message) => {
  if (message?.stop) void stop();
});
process.on("disconnect", () => void stop());
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => {});

const app = next({ dev: false, dir, hostname: host, port });
await app.prepare();
if (stopping) process.exit(0);
const handle = app.getRequestHandler();

server = createServer((req, res) => {
  // Only the front reaches this socket; it sets the id (the caller's when sane) and, for a metrics
  // scrape, its gate's figures at that moment.
  const requestId = String(req.headers["x-request-id"] ?? "");
  const stats = req.headers[ADMISSION_STATS_HEADER];
  delete req.headers[ADMISSION_STATS_HEADER];
  if (typeof stats === "string") publishAdmissionStats(JSON.parse(stats));
  Promise.resolve()
    .then(() => runWithRequest({ requestId }, () => handle(req, res)))
    .catch((error) => {
      const path = (req.url ?? "/").split("?")[0];
      const line = { level: "error", time: new Date().toISOString(), event: "server_error", path };
      process.stdout.write(`${JSON.stringify({ ...line, message: String(error?.message ?? error) })}\n`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
});
// Next streams; the front holds the client's patience, not this socket.
server.keepAliveTimeout = 60_000;
server.listen(socketPath, () => process.send?.({ ready: true }));
