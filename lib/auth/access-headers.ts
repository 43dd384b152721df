/**
 * What the proxy tells the rest of the server about the person asking, in request headers only it
 * sets (a caller's own are dropped): read by ./current-access.server.
 */
export const ACCESS_HEADERS = {
  /** the person, URI-encoded */
  user: "x-dashboard-user",
  /** their role in the request's account */
  role: "x-dashboard-role",
  /** the accounts they may see, URI-encoded, comma-separated, in configured order */
  accounts: "x-dashboard-accounts",
  /** "1" for an admin of every account (who reads the whole audit log) */
  adminEverywhere: "x-dashboard-admin-everywhere",
  /** the accounts they are admin of, URI-encoded, comma-separated (whose audit entries they read) */
  adminOf: "x-dashboard-admin-of",
} as const;
