"use client";

import type { ErrorCode } from "@/lib/http/errors";
import { NextTry } from "./next-try";
import { SignInAgain } from "./sign-in-again";

/** `retrying`: what the page does about it on its own, said only where the page does retry. */
const EXPLANATIONS: Record<ErrorCode, { title: string; body: string; retrying?: string }> = {
  rate_limited: {
    title: "Klaviyo's rate limit is spent for now",
    body: "Your account's Klaviyo rate limit for this kind of request (or the dashboard's share of it) is spent for the moment; rather than keep this page waiting, the dashboard says so. Your catalog sync is not affected.",
    retrying: "It will try again on its own.",
  },
  upstream_unavailable: {
    title: "Klaviyo is not answering",
    body: "Klaviyo returned a server error or could not be reached. This is usually brief; see status.klaviyo.com.",
    retrying: "The page keeps trying.",
  },
  upstream_timeout: {
    title: "Klaviyo took too long to answer",
    body: "The request timed out.",
    retrying: "The page keeps trying.",
  },
  upstream_auth: {
    title: "Klaviyo refused the API key",
    body: "Check that KLAVIYO_API_KEY is a private key (pk_…) of this account with the Catalogs: Read scope, then restart the dashboard.",
  },
  upstream_invalid: {
    title: "Klaviyo sent an answer that makes no sense",
    body: "The answer was not a JSON:API document (for example an HTML challenge page or a cut-off body). Nothing from it was kept.",
    retrying: "The page keeps trying.",
  },
  upstream_error: {
    title: "Klaviyo answered with an error",
    body: "Klaviyo rejected the request. Try again, or go back to the first page.",
  },
  bad_request: {
    title: "This link has an invalid part",
    body: "Part of the address is not something the dashboard understands, so nothing was sent to Klaviyo.",
  },
  unauthorized: {
    title: "Sign-in needed",
    body: "Your session has ended. Sign in again to come back to this page as it is.",
  },
  overloaded: {
    title: "The dashboard is busy",
    body: "Too many pages and requests reached it at once, so it turned this one away rather than keep you waiting.",
    retrying: "The page tries again by itself.",
  },
  unavailable: {
    title: "The dashboard is starting again",
    body: "Its server process stopped and is being started again; nothing you saved is lost.",
    retrying: "The page keeps trying.",
  },
  reauthenticate: {
    title: "Checking your sign-in",
    body: "Company sign-ins are confirmed with the identity provider from time to time. The page reloads to do so and comes back as it is.",
  },
  forbidden: { title: "Not allowed", body: "Your account may not see this." },
  not_found: { title: "Not found", body: "Klaviyo has no such job. Jobs disappear once they expire." },
  store_unavailable: {
    title: "The job history is not answering",
    body: "The dashboard's store of jobs did not answer. Live pages still read Klaviyo; what needs the history waits until the store is back.",
  },
  internal: {
    title: "Something went wrong in the dashboard",
    body: "The dashboard server hit an unexpected error. Try again; if it persists, check the server log.",
  },
};

export function errorCodeOf(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code in EXPLANATIONS ? (code as ErrorCode) : "internal";
}

/** Upstream trouble in words, with what the user can do. */
export function ErrorState({
  error,
  onRetry,
  retrying,
  compact = false,
  retriesOnItsOwn = true,
  nextTryAt = null,
}: {
  error: unknown;
  onRetry?: () => void;
  retrying?: boolean;
  compact?: boolean;
  /** false where nothing is retried unless the user asks (a download) */
  retriesOnItsOwn?: boolean;
  /** when the view reads again on its own (epoch ms): counted down on screen */
  nextTryAt?: number | null;
}) {
  const code = errorCodeOf(error);
  const explanation = EXPLANATIONS[code];
  const { title } = explanation;
  const body =
    retriesOnItsOwn && explanation.retrying ? `${explanation.body} ${explanation.retrying}` : explanation.body;
  const message = (error as { message?: unknown } | null)?.message;
  const retryAfter = (error as { retryAfter?: unknown } | null)?.retryAfter;
  return (
    <div
      role="alert"
      data-error-code={code}
      className={`rounded-lg border border-danger bg-danger-soft text-ink ${compact ? "px-3 py-2 text-sm" : "p-4"}`}
    >
      <p className="font-semibold text-danger">{title}</p>
      {/* Compact means the view still shows data: say that it is not the latest. */}
      {compact ? (
        <p className="mt-1">Couldn&apos;t refresh: what you see is the last copy read.</p>
      ) : (
        <p className="mt-1 text-sm">{body}</p>
      )}
      {typeof message === "string" && message ? <p className="mt-1 text-xs text-ink-muted">Detail: {message}</p> : null}
      {typeof retryAfter === "number" && retryAfter > 0 ? (
        <p className="mt-1 text-xs text-ink-muted">Klaviyo asks to wait {retryAfter} s.</p>
      ) : null}
      {retriesOnItsOwn && nextTryAt !== null ? <NextTry key={nextTryAt} at={nextTryAt} /> : null}
      {code === "unauthorized" || code === "reauthenticate" ? (
        <SignInAgain />
      ) : onRetry ? (
        <button
          type="button"
          onClick={onRetry}
          disabled={retrying}
          className="mt-2 rounded-md border border-line bg-surface px-3 py-1 text-sm font-medium hover:bg-surface-muted disabled:opacity-60"
        >
          {retrying ? "Retrying…" : "Retry now"}
        </button>
      ) : null}
    </div>
  );
}
