// Validates the configuration once when the server process starts, whatever started it
// (`npm start`, `next start`, `next dev`): a bad value stops start-up with a message naming it.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvOrExit } = await import("./lib/env-check");
    checkEnvOrExit();
  }
}
