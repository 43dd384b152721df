import { type NextRequest, NextResponse } from "next/server";
import { ACCOUNT_HEADER, splitAccountPath } from "@/lib/accounts/path";
import { readSessionToken, SESSION_COOKIE } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

/*
 * Runs before every page and API route: sign-in when credentials are configured (all but
 * /api/health, /api/metrics and the sign-in flow), the account of `/a/{account}/…` (checked against
 * the configuration, then served as the path without it, the account named in a request header that
 * only this sets), and a per-request CSP nonce for Next's inline scripts.
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

export function proxy(request: NextRequest) {
  const env = getEnv();
  const { pathname: asked, search } = request.nextUrl;
  const inAccount = splitAccountPath(asked);
  // What the path stands for: `/a/brand-b/jobs` is `/jobs` in brand-b.
  const pathname = inAccount?.rest ?? asked;

  if (env.authEnabled && !PUBLIC_PATHS.includes(pathname)) {
    const session = readSessionToken(request.cookies.get(SESSION_COOKIE)?.value, env.SESSION_SECRET ?? "");
    if (!session) {
      if (pathname.startsWith("/api/")) {
        return NextResponse.json(
          { error: { code: "unauthorized", message: "Sign in to use the dashboard's API." } },
          { status: 401, headers: { "cache-control": "no-store" } },
        );
      }
      // Proxy responses need an absolute Location; nextUrl keeps the host the browser used.
      const signIn = request.nextUrl.clone();
      signIn.pathname = "/sign-in";
      signIn.search = `?${new URLSearchParams({ next: asked + search })}`;
      return NextResponse.redirect(signIn, 303);
    }
  }

  // The account is known before anything uses it; the header is only ever this proxy's. With it,
  // next.config.ts serves `/a/{account}/…` as the path without the account.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.delete(ACCOUNT_HEADER);
  if (inAccount) {
    const known = env.accounts.some((account) => account.name === inAccount.account);
    if (known) requestHeaders.set(ACCOUNT_HEADER, inAccount.account);
    // A page of an unknown account is left unrewritten: the app's own 404 page answers.
    else if (pathname.startsWith("/api/")) return noSuchAccount();
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
