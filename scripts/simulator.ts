/**
 * `npm run simulator -- --port 4010 [--seed 42] [--api-key pk_…] [--host 127.0.0.1]`
 * Serves the Klaviyo simulator over HTTP. Point KLAVIYO_BASE_URL at it to exercise real HTTP.
 * The key is never printed.
 */
import { parseArgs } from "node:util";
import { createSimulator } from "../lib/klaviyo-simulator";
import { startServer } from "../lib/klaviyo-simulator/controls/node-server";

const USAGE = `Usage: npm run simulator -- [--port 4010] [--host 127.0.0.1] [--seed 42] [--api-key pk_…] [--time-scale 1] [--no-rate-limits]
  --port            TCP port (default: $SIMULATOR_PORT or 4010; 0 picks a free one)
  --host            interface to listen on (default 127.0.0.1)
  --seed            seed of the generated job history (default 42)
  --api-key         accept only this private key (default: any well-formed pk_ key)
  --time-scale      simulated seconds per real second (default 1; 0 freezes time)
  --no-rate-limits  never answer 429 (RateLimit-* headers are still sent)
Control routes: GET /__simulator/stats, POST /__simulator/clock, POST|GET|DELETE /__simulator/faults, POST /__simulator/reset`;

function fail(message: string): never {
  console.error(`simulator: ${message}\n${USAGE}`);
  process.exit(2);
}

function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  return value;
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        seed: { type: "string" },
        "api-key": { type: "string" },
        "time-scale": { type: "string" },
        "no-rate-limits": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = integer("port", values.port ?? process.env.SIMULATOR_PORT, 4010, 0, 65_535);
  const seed = integer("seed", values.seed, 42, 0, 2 ** 32 - 1);
  const timeScale = values["time-scale"] === undefined ? 1 : Number(values["time-scale"]);
  if (!Number.isFinite(timeScale) || timeScale < 0)
    fail(`--time-scale must be a number >= 0, got '${values["time-scale"]}'`);
  const apiKey = values["api-key"];
  if (apiKey !== undefined && !/^pk_[A-Za-z0-9_-]{6,128}$/.test(apiKey))
    fail("--api-key must look like a private key (pk_…)");

  const simulator = createSimulator({ seed, apiKey, timeScale, rateLimits: !values["no-rate-limits"] });
  simulator.store.listSyncs(); // build the history now rather than on the first request
  startServer((request) => simulator.handle(request), { port, host: values.host ?? "127.0.0.1" }).then(
    (server) => {
      const keyNote = apiKey ? "one configured key" : "any well-formed key";
      console.log(`Klaviyo simulator listening on ${server.url} (seed ${seed}, ${keyNote}, time x${timeScale})`);
      const stop = () => void server.close().finally(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => fail(`cannot listen: ${error instanceof Error ? error.message : String(error)}`),
  );
}

main();
