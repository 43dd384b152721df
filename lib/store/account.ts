/**
 * The account stored rows belong to: named from the key's fingerprint (never the key itself), or
 * `default` on the built-in simulator. With several accounts each has its own (lib/accounts/config).
 */
import type { Env } from "../env";

/** The default (first configured) account's. */
export function accountName(env: Pick<Env, "accounts">): string {
  return env.accounts[0]!.storeId;
}
