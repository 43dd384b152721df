import "server-only";
/**
 * The person a request is from, as the proxy decided (lib/auth/access) and told in headers only it
 * sets. Null on the public pages (sign-in), where the proxy decides nothing.
 */
import { headers } from "next/headers";
import { getEnv } from "../env";
import type { Role } from "./access";
import { ACCESS_HEADERS } from "./access-headers";

export interface CurrentAccess {
  user: string;
  /** their role in the request's account */
  role: Role;
  /** the accounts they may see, in configured order */
  accounts: string[];
  /** admin of every account: reads the whole audit log */
  adminEverywhere: boolean;
  /** the accounts they are admin of: they read those accounts' audit entries */
  adminOf: string[];
}

export async function currentAccess(): Promise<CurrentAccess | null> {
  let given: Headers;
  try {
    given = await headers();
  } catch {
    // Outside a request (the collector, scripts, a unit test calling a handler): the server itself.
    return {
      user: "system",
      role: "admin",
      accounts: getEnv().accounts.map((account) => account.name),
      adminEverywhere: true,
      adminOf: getEnv().accounts.map((account) => account.name),
    };
  }
  const role = given.get(ACCESS_HEADERS.role);
  if (role !== "admin" && role !== "viewer") return null;
  return {
    user: decodeURIComponent(given.get(ACCESS_HEADERS.user) ?? ""),
    role,
    accounts: (given.get(ACCESS_HEADERS.accounts) ?? "").split(",").filter(Boolean).map(decodeURIComponent),
    adminEverywhere: given.get(ACCESS_HEADERS.adminEverywhere) === "1",
    adminOf: (given.get(ACCESS_HEADERS.adminOf) ?? "").split(",").filter(Boolean).map(decodeURIComponent),
  };
}
