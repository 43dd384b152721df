import { browserAccountPrefix, inAccount } from "@/lib/accounts/path";
import { ApiError, parseErrorEnvelope } from "@/lib/http/errors";

/**
 * Fetch our own API, in the account of the page that is open (`/a/{account}/api/…`); a failed answer's
 * error envelope is turned back into an ApiError the UI can branch on.
 */
export async function fetchApi(url: string, signal?: AbortSignal, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(inAccount(browserAccountPrefix(), url), {
      ...init,
      signal,
      headers: { accept: "application/json", ...init.headers },
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("upstream_unavailable", "The dashboard server could not be reached.");
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const envelope = parseErrorEnvelope(body);
    if (envelope?.code === "reauthenticate") reloadToRecheck();
    if (envelope) {
      throw new ApiError(envelope.code, envelope.message, {
        status: response.status,
        retryAfter: envelope.retryAfter,
      });
    }
    throw new ApiError("internal", `The dashboard server answered ${response.status}.`, {
      status: response.status,
    });
  }
  return response;
}

const RELOADED_AT = "bj-recheck-reload-at";

/**
 * A company sign-in grown old is confirmed on a page load (the server sends the browser by the
 * identity provider and back), so the page reloads itself: at most once a minute, never in a loop
 * if the provider keeps the session from renewing (the error state then offers to sign in again).
 */
function reloadToRecheck(): void {
  if (typeof window === "undefined") return;
  try {
    const last = Number(window.sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < 60_000) return;
    window.sessionStorage.setItem(RELOADED_AT, String(Date.now()));
  } catch {
    // no session storage (private mode, say): reload anyway; the next load renews the session
  }
  window.location.reload();
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetchApi(url, signal);
  return (await response.json().catch(() => null)) as T;
}
