import "server-only";
/**
 * The in-process Klaviyo simulator used when no KLAVIYO_API_KEY is set. Kept on globalThis: Next
 * bundles route handlers and server components into separate module layers, and they must share
 * one simulated account (same jobs, same rate-limit windows).
 */
import { createSimulator } from "@/lib/klaviyo-simulator";

/** Not a secret: the in-process simulator only accepts this placeholder, and it never leaves the process. */
export const SIMULATOR_API_KEY = "pk_simulator_in_process";

export interface InProcessSimulator {
  handle(request: Request): Promise<Response>;
  clock: { now(): number };
}

const SLOT = Symbol.for("klaviyo-bulk-jobs.simulator");
type Slot = { [SLOT]?: { seed: number; simulator: InProcessSimulator } };

export function getSimulator(seed: number): InProcessSimulator {
  const slot = globalThis as typeof globalThis & Slot;
  const existing = slot[SLOT];
  if (existing && existing.seed === seed) return existing.simulator;
  const simulator = createSimulator({ seed, apiKey: SIMULATOR_API_KEY });
  slot[SLOT] = { seed, simulator };
  return simulator;
}
