/**
 * The account stored rows belong to: named from the key's fingerprint (never the key itself), or
 * `default` on the built-in simulator. One account today; several accounts add names, not a migration.
 */
import type { Env } from "../env";
import { keyFingerprint } from "../klaviyo/secret";

export function accountName(env: Pick<Env, "KLAVIYO_API_KEY">): string {
  return env.KLAVIYO_API_KEY ? `key-${keyFingerprint(env.KLAVIYO_API_KEY)}` : "default";
}
