// Validates the configuration once when the server process starts, whatever started it
// (`npm start`, `next start`, `next dev`): a bad value stops start-up with a message naming it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvOrExit } = await import("./lib/env-check");
    checkEnvOrExit();
    // With a shared budget, connect to Redis now: until the connection is ready, the limiter counts
    // in this process alone, and the first requests after a start must not spend more than their share.
    if (process.env.REDIS_URL) {
      const { getKlaviyoClient } = await import("./lib/klaviyo/door");
      getKlaviyoClient();
    }
  }
}
