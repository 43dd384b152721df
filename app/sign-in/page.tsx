import type { Metadata } from "next";
import { safeReturnPath } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sign in" };

const MESSAGES: Record<string, (wait: string) => string> = {
  invalid: () => "That name and password do not match.",
  "invalid-password": () => "That password is not right.",
  throttled: (wait) => `Too many failed attempts from here. Try again in ${wait}.`,
  busy: (wait) =>
    `Too many wrong passwords have been tried recently. A browser that has signed in here before can sign in now; from this one, try again in ${wait}.`,
  "no-access": () =>
    "Your sign-in worked, but this dashboard is not open to you (or no longer is). Ask one of its admins.",
  "oidc-unavailable": () => "The identity provider did not answer. Try again in a moment.",
  "oidc-denied": () => "The identity provider did not let you sign in here.",
  "oidc-failed": () => "The identity provider's answer could not be verified, so you are not signed in. Try again.",
  "oidc-expired": () => "That sign-in took too long or began in another browser. Start again.",
  "oidc-ended": () =>
    "Your company sign-in has ended: the identity provider no longer has you signed in here. Sign in again.",
};

/** "12 seconds", "3 minutes"; a missing or odd value reads "a little while". */
function waitText(value: unknown): string {
  const seconds = typeof value === "string" && /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0)) return "a little while";
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  const { DASHBOARD_USERS, DASHBOARD_PASSWORD, oidcEnabled, OIDC_NAME } = getEnv();
  const local = Boolean(DASHBOARD_USERS || DASHBOARD_PASSWORD);
  // With one shared password there is no name to get wrong.
  const code = params.error === "invalid" && !DASHBOARD_USERS ? "invalid-password" : params.error;
  const error = typeof code === "string" ? MESSAGES[code]?.(waitText(params.wait)) : undefined;
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-line bg-surface p-6">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-ink-muted">This dashboard is for your team only.</p>
      {error ? (
        <p role="alert" className="mt-3 rounded-md border border-danger bg-danger-soft px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      {oidcEnabled ? (
        // A plain link: the first leg is a GET that sends the browser to the identity provider.
        <a
          href={`/api/auth/oidc/start?${new URLSearchParams({ next })}`}
          className="mt-4 block w-full rounded-md bg-accent px-3 py-2 text-center text-sm font-semibold text-accent-ink"
        >
          Sign in with {OIDC_NAME}
        </a>
      ) : null}
      {oidcEnabled && local ? (
        <p className="mt-4 flex items-center gap-2 text-xs text-ink-muted" aria-hidden="true">
          <span className="h-px flex-1 bg-line" />
          or with a password
          <span className="h-px flex-1 bg-line" />
        </p>
      ) : null}
      {local ? (
        <form method="post" action="/api/auth/sign-in" className="mt-4 space-y-3">
          <input type="hidden" name="next" value={next} />
          {DASHBOARD_USERS ? (
            <label className="block text-sm">
              <span className="mb-1 block">Name</span>
              <input
                name="user"
                required
                autoComplete="username"
                className="w-full rounded-md border border-line bg-surface px-2 py-1.5"
              />
            </label>
          ) : null}
          <label className="block text-sm">
            <span className="mb-1 block">Password</span>
            <input
              name="password"
              type="password"
              required
              autoComplete="current-password"
              className="w-full rounded-md border border-line bg-surface px-2 py-1.5"
            />
          </label>
          <button
            type="submit"
            className={
              // Beside company sign-in, the password is the second way in: one filled button only.
              oidcEnabled
                ? "w-full rounded-md border border-line bg-surface px-3 py-2 text-sm font-semibold"
                : "w-full rounded-md bg-accent px-3 py-2 text-sm font-semibold text-accent-ink"
            }
          >
            Sign in
          </button>
        </form>
      ) : null}
    </div>
  );
}
