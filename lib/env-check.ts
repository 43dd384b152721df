import { EnvError, loadEnv } from "./env";

/** Stops the process with the list of bad variables; used at server start-up. */
export function checkEnvOrExit(): void {
  try {
    loadEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
