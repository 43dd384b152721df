/** Validates the configuration before the server starts; prints what is wrong and exits 1. */
import { loadEnvConfig } from "@next/env";
import { EnvError, isLoopbackHost, loadEnv } from "../lib/env";

// Read .env files the way `next start` will, so both see the same configuration.
loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });

try {
  const env = loadEnv();
  const upstream =
    env.upstream === "simulator" ? "the built-in Klaviyo simulator (no KLAVIYO_API_KEY set)" : env.KLAVIYO_BASE_URL;
  if (!env.authEnabled && !isLoopbackHost(env.HOST)) {
    console.warn(
      [
        "",
        "!!! WARNING: listening on " + env.HOST + " WITHOUT SIGN-IN. Anyone who can reach this port sees",
        "!!! your catalog jobs and spends your Klaviyo API quota. Set DASHBOARD_USERS or DASHBOARD_PASSWORD",
        "!!! (with SESSION_SECRET), or keep HOST=127.0.0.1 behind an authenticating reverse proxy.",
        "",
      ].join("\n"),
    );
  }
  console.log(
    `config ok: upstream ${upstream}, revision ${env.KLAVIYO_REVISION}, ${env.REDIS_URL ? "shared limiter in Redis" : "in-process limiter"}, ${env.authEnabled ? "sign-in required" : "no sign-in"}`,
  );
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
