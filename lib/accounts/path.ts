/**
 * The account in a URL: `/a/{account}/…`. A path without it is the default (first configured)
 * account's, so every single-account link keeps working. Pure, for the proxy, the server and the
 * browser alike; the account names themselves are checked against the configuration by the proxy.
 */

/** Set by the proxy (only by it: a caller's own is dropped) on a request that came as `/a/{account}/…`. */
export const ACCOUNT_HEADER = "x-dashboard-account";

const ACCOUNT_PATH = /^\/a\/([^/?#]+)(\/[^?#]*)?$/;

/** `/a/brand-b/jobs` → `{ account: "brand-b", rest: "/jobs" }`; null for a path without an account. */
export function splitAccountPath(pathname: string): { account: string; rest: string } | null {
  const match = ACCOUNT_PATH.exec(pathname);
  if (!match) return null;
  let account: string;
  try {
    account = decodeURIComponent(match[1]!);
  } catch {
    account = match[1]!;
  }
  return { account, rest: match[2] || "/" };
}

/** The prefix of an account's links: `/a/{name}`; "" for none (today's URLs). */
export function accountPrefix(name: string | null): string {
  return name ? `/a/${encodeURIComponent(name)}` : "";
}

/**
 * `href` inside the account of `prefix`: a path of the dashboard (`/jobs…`, `/api/…`) gets the prefix;
 * anything else (another site, `#main`, a relative link, one already in an account) is left alone.
 */
export function inAccount(prefix: string, href: string): string {
  if (!prefix || !href.startsWith("/") || href.startsWith("//") || splitAccountPath(href.replace(/[?#].*$/, ""))) {
    return href;
  }
  return href === "/" ? prefix : `${prefix}${href}`;
}

/** The path without its account part (`/a/brand-b/jobs` → `/jobs`). */
export function withoutAccount(pathname: string): string {
  return splitAccountPath(pathname)?.rest ?? pathname;
}

/** In the browser: the account prefix of the page that is open ("" outside an account's URLs). */
export function browserAccountPrefix(): string {
  if (typeof window === "undefined") return "";
  const found = splitAccountPath(window.location.pathname);
  return found ? accountPrefix(found.account) : "";
}

/**
 * Where the account switcher goes from the page at `pathname` + `search`: the same kind of page in
 * `account`. What names one account's things (a job, a run, a cursor into its list) does not carry
 * over: a job's page becomes its type's list, a run's page the recent runs, and cursors are dropped;
 * filters, search words, the date range and the zone stay.
 */
export function switchTarget(pathname: string, search: string, account: string): string {
  const path = withoutAccount(pathname);
  const params = new URLSearchParams(search);
  params.delete("cursor");
  const keep = (names: string[]) => {
    for (const name of [...params.keys()]) if (!names.includes(name)) params.delete(name);
  };
  let target = path;
  const job = /^\/jobs\/([^/]+)\/[^/]+$/.exec(path);
  if (job) {
    target = "/jobs";
    keep(["tz"]);
    params.set("type", decodeURIComponent(job[1]!));
  } else if (path === "/runs" || path.startsWith("/runs/")) {
    target = "/runs";
    keep(["tz"]);
  }
  const query = params.toString();
  return `${accountPrefix(account)}${target === "/" ? "" : target}${query ? `?${query}` : ""}`;
}
