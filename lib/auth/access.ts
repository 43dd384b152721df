/**
 * Who may do what, in which account. Two roles: a `viewer` reads and exports; an `admin` also
 * changes things (alert rules and channels, keeping jobs and runs). Each person's roles hold in some
 * accounts or in all (`*`). Decided afresh on every request from the configuration and the session,
 * so removing a user or changing their accounts takes effect at their next request.
 *
 * - No sign-in, or the one shared DASHBOARD_PASSWORD: everyone is admin of every account.
 * - DASHBOARD_USERS: `name:hash` (admin of all, as before) or `name:role:accounts:hash`, accounts
 *   joined by `+` or `*` for all.
 * - Company sign-in: OIDC_GROUP_ROLES maps the provider's groups (`group=role:accounts`, entries
 *   joined by commas); unset, everyone the provider signs in is admin of all.
 *
 * Pure (no Node or Next imports): the proxy, server code and tests share it.
 */

export const ROLES = ["viewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  role: Role;
  /** account names, or "*" for every account */
  accounts: "*" | string[];
}

export interface LocalUser {
  hash: string;
  grant: Grant;
}

export interface Access {
  user: string;
  grants: Grant[];
}

export const EVERYONE_ADMIN: Grant = { role: "admin", accounts: "*" };

export class AccessConfigError extends Error {
  constructor(
    readonly variable: "DASHBOARD_USERS" | "OIDC_GROUP_ROLES",
    message: string,
  ) {
    super(message);
    this.name = "AccessConfigError";
  }
}

function parseAccounts(text: string, known: string[], variable: AccessConfigError["variable"], who: string) {
  if (text === "*") return "*" as const;
  const names = text.split("+");
  for (const name of names) {
    if (!known.includes(name))
      throw new AccessConfigError(variable, `${who} names account "${name}", which is not configured`);
  }
  return names;
}

function parseRole(text: string, variable: AccessConfigError["variable"], who: string): Role {
  if ((ROLES as readonly string[]).includes(text)) return text as Role;
  throw new AccessConfigError(variable, `${who} has role "${text}": it must be viewer or admin`);
}

/** DASHBOARD_USERS, checked against the configured accounts. */
export function parseUserEntries(value: string | undefined, accounts: string[]): Map<string, LocalUser> {
  const users = new Map<string, LocalUser>();
  for (const entry of value ? value.split(",") : []) {
    const parts = entry.split(":");
    const name = parts[0] ?? "";
    const who = `user "${name}"`;
    if (users.has(name)) throw new AccessConfigError("DASHBOARD_USERS", `${who} is listed twice`);
    if (!(parts.at(-1) ?? "").startsWith("scrypt$"))
      throw new AccessConfigError("DASHBOARD_USERS", `${who}: the hash must come from \`npm run hash-password\``);
    if (parts.length === 2) {
      users.set(name, { hash: parts[1]!, grant: EVERYONE_ADMIN });
    } else if (parts.length === 4) {
      const role = parseRole(parts[1]!, "DASHBOARD_USERS", who);
      const granted = parseAccounts(parts[2]!, accounts, "DASHBOARD_USERS", who);
      users.set(name, { hash: parts[3]!, grant: { role, accounts: granted } });
    } else {
      throw new AccessConfigError("DASHBOARD_USERS", `${who} must be name:hash or name:role:accounts:hash`);
    }
  }
  return users;
}

/** OIDC_GROUP_ROLES: `group=role:accounts` entries, checked against the configured accounts. */
export function parseGroupRoles(value: string | undefined, accounts: string[]): Map<string, Grant[]> {
  const groups = new Map<string, Grant[]>();
  for (const entry of value ? value.split(",") : []) {
    const at = entry.lastIndexOf("=");
    const group = entry.slice(0, at).trim();
    const [role, granted, extra] = entry.slice(at + 1).split(":");
    const who = `group "${group}"`;
    if (at <= 0 || role === undefined || granted === undefined || extra !== undefined)
      throw new AccessConfigError("OIDC_GROUP_ROLES", `"${entry}" must be group=role:accounts (accounts: a+b or *)`);
    const grant = {
      role: parseRole(role.trim(), "OIDC_GROUP_ROLES", who),
      accounts: parseAccounts(granted.trim(), accounts, "OIDC_GROUP_ROLES", who),
    };
    groups.set(group, [...(groups.get(group) ?? []), grant]);
  }
  return groups;
}

export interface AccessConfig {
  authEnabled: boolean;
  users: Map<string, LocalUser> | null;
  groupRoles: Map<string, Grant[]> | null;
}

/**
 * What a signed-in person may do, or null when they may do nothing (a user no longer configured,
 * a company identity in none of the mapped groups): they are then treated as signed out.
 */
export function accessOf(
  session: { user: string; via?: "oidc"; groups?: string[] } | null,
  config: AccessConfig,
): Access | null {
  if (!config.authEnabled) return { user: "anonymous", grants: [EVERYONE_ADMIN] };
  if (!session) return null;
  if (session.via === "oidc") {
    if (!config.groupRoles) return { user: session.user, grants: [EVERYONE_ADMIN] };
    const grants = (session.groups ?? []).flatMap((group) => config.groupRoles?.get(group) ?? []);
    return grants.length ? { user: session.user, grants } : null;
  }
  if (!config.users) return { user: session.user, grants: [EVERYONE_ADMIN] };
  const local = config.users.get(session.user);
  return local ? { user: session.user, grants: [local.grant] } : null;
}

/** The person's role in an account: the highest any grant gives there; null when they may not see it. */
export function roleIn(access: Access, account: string): Role | null {
  let role: Role | null = null;
  for (const grant of access.grants) {
    if (grant.accounts === "*" || grant.accounts.includes(account)) {
      if (grant.role === "admin") return "admin";
      role = "viewer";
    }
  }
  return role;
}

/** The accounts a person may see, in configured order. */
export function visibleTo(access: Access, accounts: string[]): string[] {
  return accounts.filter((account) => roleIn(access, account) !== null);
}
