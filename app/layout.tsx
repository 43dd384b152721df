import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { Suspense } from "react";
import { AccountProvider, Link } from "@/components/account-link";
import { AccountSwitcher } from "@/components/account-switcher";
import { FindJob, FindJobFallback } from "@/components/find-job";
import { HistoryNote } from "@/components/history-note";
import { KeepZoneLink } from "@/components/keep-zone-link";
import { PendingHint } from "@/components/pending-hint";
import { RoleProvider } from "@/components/role";
import { THEME_SCRIPT, ThemeSwitcher } from "@/components/theme";
import BaseLink from "@/components/ui/link";
import { UpstreamBadge } from "@/components/upstream-badge";
import { currentAccount, currentAccountPrefix } from "@/lib/accounts/current.server";
import { currentAccess } from "@/lib/auth/current-access.server";
import { getEnv } from "@/lib/env";
import { requestTime } from "@/lib/http/request-time";
import { PAGE_TITLE_TEMPLATE } from "@/lib/page-title";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bulk jobs · Klaviyo catalog", template: PAGE_TITLE_TEMPLATE },
  description: "Watch Klaviyo catalog bulk jobs: progress, errors and the items each job touched.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f6f7f9" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0f14" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { authEnabled } = getEnv();
  const account = await currentAccount();
  const accountPrefix = await currentAccountPrefix();
  // Null on the sign-in page: nothing there is for anyone in particular.
  const access = await currentAccess();
  // "Sign out" only for someone signed in: the sign-in page offered it to everyone.
  const signedIn = authEnabled && access !== null;
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <Providers serverNow={requestTime()}>
          <AccountProvider prefix={accountPrefix}>
            <RoleProvider role={access?.role ?? "viewer"}>
              <header className="border-b border-line bg-surface">
                <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
                  <Link href="/jobs" className="flex items-center gap-2 font-semibold">
                    <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5 fill-accent">
                      <rect x="3" y="4" width="18" height="4" rx="1" />
                      <rect x="3" y="10" width="12" height="4" rx="1" />
                      <rect x="3" y="16" width="7" height="4" rx="1" />
                    </svg>
                    Catalog bulk jobs
                  </Link>
                  <nav aria-label="Main" className="flex flex-wrap gap-x-4 gap-y-1 text-sm *:whitespace-nowrap">
                    {/* The links keep ?tz; until the URL is read (a static render), they are plain. */}
                    <Suspense
                      fallback={
                        <>
                          <Link href="/jobs" className="text-ink-muted hover:text-ink">
                            Jobs
                          </Link>
                          <Link href="/runs" className="text-ink-muted hover:text-ink">
                            Sync runs
                          </Link>
                          <Link href="/trends" className="text-ink-muted hover:text-ink">
                            Trends
                          </Link>
                          <Link href="/status" className="text-ink-muted hover:text-ink">
                            Status
                          </Link>
                          <Link href="/alerts" className="text-ink-muted hover:text-ink">
                            Alerts
                          </Link>
                        </>
                      }
                    >
                      <KeepZoneLink href="/jobs" className="text-ink-muted hover:text-ink">
                        Jobs
                        <PendingHint />
                      </KeepZoneLink>
                      <KeepZoneLink href="/runs" className="text-ink-muted hover:text-ink">
                        Sync runs
                        <PendingHint />
                      </KeepZoneLink>
                      <KeepZoneLink href="/trends" className="text-ink-muted hover:text-ink">
                        Trends
                        <PendingHint />
                      </KeepZoneLink>
                      <KeepZoneLink href="/status" className="text-ink-muted hover:text-ink">
                        Status
                        <PendingHint />
                      </KeepZoneLink>
                      <KeepZoneLink href="/alerts" className="text-ink-muted hover:text-ink">
                        Alerts
                        <PendingHint />
                      </KeepZoneLink>
                    </Suspense>
                    {/* Spans accounts, so it is outside every /a/{account}: a plain link, not the account's. */}
                    {access && access.accounts.length > 1 ? (
                      <BaseLink href="/overview" className="text-ink-muted hover:text-ink">
                        Overview
                        <PendingHint />
                      </BaseLink>
                    ) : null}
                  </nav>
                  <div className="ml-auto flex flex-wrap items-center gap-3">
                    {/* One box on every page, for someone who may search; the plain form until the URL is read. */}
                    {!authEnabled || signedIn ? (
                      <Suspense fallback={<FindJobFallback />}>
                        <FindJob />
                      </Suspense>
                    ) : null}
                    {access && access.accounts.length > 1 ? (
                      <AccountSwitcher accounts={access.accounts} current={account.name} />
                    ) : null}
                    <UpstreamBadge upstream={account.upstream} />
                    <ThemeSwitcher />
                    {signedIn && access?.role === "viewer" ? (
                      <span
                        className="rounded-full border border-line px-2 py-0.5 text-xs text-ink-muted"
                        title={`Signed in as ${access.user}: you can look and export here, not change anything.`}
                      >
                        Viewer
                      </span>
                    ) : null}
                    {signedIn ? (
                      <form method="post" action="/api/auth/sign-out" title={`Signed in as ${access?.user}`}>
                        <button
                          type="submit"
                          className="rounded-md border border-line px-2 py-1 text-xs text-ink-muted hover:text-ink"
                        >
                          Sign out
                        </button>
                      </form>
                    ) : null}
                  </div>
                </div>
              </header>
              <main id="main" className="mx-auto max-w-7xl px-4 py-6">
                {/* Only for someone who may ask: the sign-in page has nothing to say about the history. */}
                {!authEnabled || signedIn ? <HistoryNote /> : null}
                {children}
              </main>
            </RoleProvider>
          </AccountProvider>
        </Providers>
      </body>
    </html>
  );
}
