import "server-only";
/**
 * The accounts a person may see across (the overview's sections), as the proxy decided for this
 * request (lib/auth/access): one function, so the page and the API that span accounts can never
 * disagree about who sees what.
 */
import { currentAccess } from "../auth/current-access.server";
import { getEnv } from "../env";
import type { Account } from "./config";

export async function visibleAccounts(): Promise<Account[]> {
  const visible = (await currentAccess())?.accounts ?? [];
  return getEnv().accounts.filter((account) => visible.includes(account.name));
}
