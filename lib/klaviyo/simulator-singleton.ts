import "server-only";
/**
 * The in-process Klaviyo simulators: one when no KLAVIYO_API_KEY is set, one per simulated account
 * when several are configured. Kept on globalThis: Next bundles route handlers and server components
 * into separate module layers, and they must share each simulated account (same jobs, same
 * rate-limit windows).
 */
import { createSimulator } from "@/lib/klaviyo-simulator";

/** Not a secret: the in-process simulator only accepts this placeholder, and it never leaves the process. */
export const SIMULATOR_API_KEY = "pk_simulator_in_process";

export interface InProcessSimulator {
  handle(request: Request): Promise<Response>;
  clock: { now(): number };
}

const SLOT = Symbol.for("klaviyo-bulk-jobs.simulators");
type Slot = { [SLOT]?: Map<string, InProcessSimulator> };

/** The simulator of `seed` accepting `apiKey` (a placeholder per simulated account; never a real key). */
export function getSimulator(seed: number, apiKey: string = SIMULATOR_API_KEY): InProcessSimulator {
  const slot = globalThis as typeof globalThis & Slot;
  const simulators = (slot[SLOT] ??= new Map());
  const id = `${seed}|${apiKey}`;
  let simulator = simulators.get(id);
  if (!simulator) {
    simulator = createSimulator({ seed, apiKey });
    simulators.set(id, simulator);
  }
  return simulator;
}
