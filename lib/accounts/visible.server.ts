import "server-only";
/**
 * The accounts a person may see across (the overview's sections). Today everyone sees every configured
 * account; per-person roles and scopes will narrow this one function, so the page and the API that
 * span accounts can never disagree about who sees what.
 */
import { getEnv } from "../env";
import type { Account } from "./config";

export async function visibleAccounts(): Promise<Account[]> {
  return getEnv().accounts;
}
