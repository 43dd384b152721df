import { type NextRequest, NextResponse } from "next/server";
import { ACCOUNT_HEADER, accountPrefix, splitAccountPath } from "@/lib/accounts/path";
import { auditFromProxy } from "@/lib/audit/hook";
import { type Access, accessOf, roleIn, visibleTo } from "@/lib/auth/access";
import { ACCESS_HEADERS } from "@/lib/auth/access-headers";
import { readSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

/*
 * Runs before every page and API route: sign-in when credentials are configured (all but
 * /api/health, /api/metrics and the sign-in flow), the account of `/a/{account}/…` (checked against
 * the configuration, then served as the path without it, the account named in a request header that
 * only this sets), who may see that account and change things in it (lib/auth/access: decided here
 * for every page, API route and export, so hiding a link is never the only guard), and a
 * per-request CSP nonce for Next's inline scripts.
 */

// Signing out needs no session: from the sign-in page (or after expiry) it just lands there again.
// /api/ready answers load balancers; /api/metrics has a token of its own (METRICS_TOKEN), for a
// scraper that has no session.
const PUBLIC_PATHS = [
  "/api/health",
  "/api/ready",
  "/api/metrics",
  "/sign-in",
  "/api/auth/sign-in",
  "/api/auth/sign-out",
  "/api/auth/oidc/start",
  "/api/auth/oidc/callback",
];

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    // React and Recharts set element styles (bar widths, chart geometry); no style elements allowed.
    "style-src-attr 'unsafe-inline'",
    // Catalog thumbnails come from merchants' CDNs: https only.
    "img-src 'self' data: blob: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const noSuchAccount = () =>
  NextResponse.json(
    { error: { code: "not_found", message: "There is no such account." } },
    { status: 404, headers: { "cache-control": "no-store" } },
  );

const viewersCannotChange = () =>
  NextResponse.json(
    { error: { code: "forbidden", message: "Viewers can look and export but not change anything: ask an admin." } },
    { status: 403, headers: { "cache-control": "no-store" } },
  );

// Pages and routes about every account the person may see, not one account.
const SPANNING_PATHS = ["/overview", "/api/overview"];

// Reads, and the sign-in flow's own posts, are what a viewer may send.
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a request changes something (and so needs an admin of its account). */
function changes(method: string, pathname: string): boolean {
  return !READ_METHODS.has(method) && pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/");
}

/**
 * The session, and what its person may do: null when none, expired, or no longer allowed in.
 * `recheck`: a company sign-in older than OIDC_RECHECK_SECONDS, which the provider must confirm
 * (still signed in there, and in which groups) before it is used further.
 */
function whoIsAsking(request: NextRequest, env: ReturnType<typeof getEnv>, now = Date.now()) {
  const session = env.authEnabled
    ? readSessionToken(request.cookies.get(SESSION_COOKIE)?.value, env.SESSION_SECRET ?? "", now)
    : null;
  const recheck =
    session?.via === "oidc" && env.oidcEnabled && now - (session.issuedAt ?? 0) > env.OIDC_RECHECK_SECONDS * 1000;
  return { signedIn: session !== null, access: accessOf(session, env.access) as Access | null, recheck };
}

/**
 * A page load goes by the identity provider (silently: `prompt=none`) and comes back to the same
 * address with a renewed session, or to the sign-in page if the provider no longer vouches for the
 * person; an API call is told to reload (the page does so by itself, lib/queries/fetch-json.ts).
 */
function toRecheck(request: NextRequest, pathname: string, asked: string, search: string): NextResponse {
  if (pathname.startsWith("/api/") || request.method !== "GET") {
    return NextResponse.json(
      {
        error: {
          code: "reauthenticate",
          message: "Your company sign-in needs confirming with the identity provider: reload the page.",
        },
      },
      { status: 401, headers: { "cache-control": "no-store" } },
    );
  }
  const start = request.nextUrl.clone();
  start.pathname = "/api/auth/oidc/start";
  start.search = `?${new URLSearchParams({ next: asked + search, silent: "1" })}`;
  return NextResponse.redirect(start, 303);
}

function toSignIn(request: NextRequest, asked: string, search: string, error?: string): NextResponse {
  // Proxy responses need an absolute Location; nextUrl keeps the host the browser used.
  const signIn = request.nextUrl.clone();
  signIn.pathname = "/sign-in";
  signIn.search = `?${new URLSearchParams({ next: asked + search, ...(error ? { error } : {}) })}`;
  const response = NextResponse.redirect(signIn, 303);
  // A session that no longer lets anyone in is ended, not kept for the next request.
  if (error) response.cookies.delete(SESSION_COOKIE);
  return response;
}

export function proxy(request: NextRequest) {
  const env = getEnv();
  const { pathname: asked, search } = request.nextUrl;
  const inAccount = splitAccountPath(asked);
  // What the path stands for: `/a/brand-b/jobs` is `/jobs` in brand-b.
  const pathname = inAccount?.rest ?? asked;

  const isPublic = PUBLIC_PATHS.includes(pathname);
  const { signedIn, access, recheck } = whoIsAsking(request, env);
  if (access && recheck && !isPublic) return toRecheck(request, pathname, asked, search);
  if (!access && !isPublic) {
    if (pathname.startsWith("/api/")) {
      return NextResponse.json(
        { error: { code: "unauthorized", message: "Sign in to use the dashboard's API." } },
        { status: 401, headers: { "cache-control": "no-store" } },
      );
    }
    // Signed in, but the configuration no longer lets this person in (removed, or in no mapped group).
    return toSignIn(request, asked, search, signedIn ? "no-access" : undefined);
  }

  // The account is known before anything uses it; the header is only ever this proxy's. With it,
  // next.config.ts serves `/a/{account}/…` as the path without the account.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(ACCOUNT_HEADER);
  for (const name of Object.values(ACCESS_HEADERS)) requestHeaders.delete(name);
  const names = env.accounts.map((account) => account.name);
  if (inAccount && access && names.includes(inAccount.account) && roleIn(access, inAccount.account) === null) {
    // Someone reaching for an account that exists but is not theirs: recorded, then answered as below.
    auditFromProxy({
      actor: access.user,
      action: "denied",
      account: inAccount.account,
      target: `${request.method} ${asked}${search}`,
      detail: "an account this person may not see (answered 404)",
    });
  }
  if (inAccount) {
    // An account this person may not see answers exactly as one that does not exist (404, never 403,
    // which would say it exists): the page is left unrewritten, and the app's own 404 page answers.
    const known = names.includes(inAccount.account) && access !== null && roleIn(access, inAccount.account) !== null;
    if (known) requestHeaders.set(ACCOUNT_HEADER, inAccount.account);
    else if (pathname.startsWith("/api/")) return noSuchAccount();
  }
  if (access && !isPublic) {
    const visible = visibleTo(access, names);
    // The overview spans accounts: it needs some account to see, not the default one.
    const spanning = !inAccount && SPANNING_PATHS.includes(pathname);
    const account = inAccount?.account ?? (spanning ? visible[0] : undefined) ?? names[0]!;
    const role = roleIn(access, account);
    if (!role) {
      if (pathname.startsWith("/api/") || visible.length === 0) return noSuchAccount();
      // A link without an account means the default one; someone who may not see it gets the first
      // account they may see (an API caller got 404 above: a script must name its account).
      if (!inAccount) {
        const moved = request.nextUrl.clone();
        moved.pathname = `${accountPrefix(visible[0]!)}${pathname === "/" ? "/jobs" : pathname}`;
        return NextResponse.redirect(moved, 307);
      }
      // A page of an account they may not see goes on unrewritten, as for an unknown account: the
      // app's 404 page answers, told nothing about the person.
    } else {
      if (changes(request.method, pathname) && role !== "admin") {
        auditFromProxy({
          actor: access.user,
          action: "forbidden",
          account,
          target: `${request.method} ${asked}${search}`,
          detail: "a viewer's change (answered 403)",
        });
        return viewersCannotChange();
      }
      requestHeaders.set(ACCESS_HEADERS.user, encodeURIComponent(access.user));
      requestHeaders.set(ACCESS_HEADERS.role, role);
      requestHeaders.set(ACCESS_HEADERS.accounts, visible.map(encodeURIComponent).join(","));
      const adminOf = names.filter((name) => roleIn(access, name) === "admin");
      requestHeaders.set(ACCESS_HEADERS.adminOf, adminOf.map(encodeURIComponent).join(","));
      if (adminOf.length === names.length) requestHeaders.set(ACCESS_HEADERS.adminEverywhere, "1");
    }
  }

  if (pathname.startsWith("/api/")) return NextResponse.next({ request: { headers: requestHeaders } });

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  return response;
}

// Every request but static assets: prefetches too, or a prefetch header would skip the sign-in check.
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
