import "server-only";
/**
 * The account a request is about, read once per use from the header the proxy sets for
 * `/a/{account}/…` (after checking the name against the configuration). Without it (a link without
 * an account, or work outside a request such as a script) it is the default account.
 */
import { headers } from "next/headers";
import { getEnv } from "../env";
import { ApiError } from "../http/errors";
import type { Account } from "./config";
import { ACCOUNT_HEADER, accountPrefix, inAccount } from "./path";

async function requested(): Promise<string | null> {
  try {
    return (await headers()).get(ACCOUNT_HEADER);
  } catch {
    // outside a request (collector, scripts, unit tests calling a handler directly)
    return null;
  }
}

export async function currentAccount(): Promise<Account> {
  const { accounts } = getEnv();
  const name = await requested();
  if (name === null) return accounts[0]!;
  const account = accounts.find((a) => a.name === name);
  // The proxy answers 404 before this; a name it did not check is never used.
  if (!account) throw new ApiError("not_found", "There is no such account.");
  return account;
}

/** What the current account's stored rows carry. */
export async function currentStoreAccount(): Promise<string> {
  return (await currentAccount()).storeId;
}

/**
 * The prefix of this request's links: `/a/{account}` when it came with one, or when several accounts
 * are configured (so links say which); "" for the one account of today's URLs.
 */
export async function currentAccountPrefix(): Promise<string> {
  const { accounts } = getEnv();
  const name = await requested();
  if (name === null && accounts.length === 1) return "";
  return accountPrefix((await currentAccount()).name);
}

/** `path` in this request's account (for redirects and links built on the server). */
export async function accountHref(path: string): Promise<string> {
  return inAccount(await currentAccountPrefix(), path);
}
