/**
 * Defensive reading of whatever Klaviyo (or something in front of it) sent back, and the mapping of
 * upstream failures onto our closed set of error codes. Pure, so it can be unit tested.
 *
 * Bodies are never assumed to be JSON: Cloudflare's bot challenge is a 403 with an HTML page
 * (klaviyo-api-python#84), gateways answer 5xx with HTML, and a cut connection truncates JSON.
 */
import { ApiError } from "@/lib/http/errors";
import { errorDocumentSchema } from "./schema";

export type UpstreamBody =
  | { kind: "json"; value: unknown }
  | { kind: "html" }
  | { kind: "empty" }
  | { kind: "malformed" };

export function classifyBody(text: string, contentType: string | null): UpstreamBody {
  const trimmed = text.trimStart();
  if (trimmed === "") return { kind: "empty" };
  if (/html/i.test(contentType ?? "") || trimmed.startsWith("<")) return { kind: "html" };
  try {
    return { kind: "json", value: JSON.parse(trimmed) as unknown };
  } catch {
    return { kind: "malformed" };
  }
}

/** The first error's `code` and `detail`, when the body is a Klaviyo error document. */
export function upstreamErrorInfo(body: UpstreamBody): { code: string | null; detail: string | null } {
  if (body.kind !== "json") return { code: null, detail: null };
  const document = errorDocumentSchema.safeParse(body.value);
  const first = document.success ? document.data.errors[0] : undefined;
  return { code: first?.code ?? null, detail: first?.detail ?? null };
}

export function invalidBodyError(status: number, body: UpstreamBody): ApiError {
  const what =
    body.kind === "html"
      ? "an HTML page instead of JSON (a bot-protection challenge or an outage page)"
      : body.kind === "empty"
        ? "an empty body"
        : "malformed JSON";
  return new ApiError("upstream_invalid", `Klaviyo answered ${status} with ${what}.`);
}

export interface ErrorContext {
  /** e.g. "item create job 01GSQ…" or "item create job list", for messages */
  subject: string;
  /** for 404s: whether the request named one resource (a 404 on a list means something else broke) */
  single: boolean;
  retryAfter: number | null;
}

/**
 * Map a final (no longer retried) non-2xx answer to an ApiError. Klaviyo's `detail` text may change
 * without notice (docs/klaviyo.md#errors), so decisions use status and code only; detail only goes into
 * messages, and callers redact those.
 */
export function errorForStatus(status: number, body: UpstreamBody, context: ErrorContext): ApiError {
  const retryAfter = context.retryAfter ?? undefined;
  if (status === 429) {
    return new ApiError("rate_limited", "Klaviyo's rate limit for this endpoint is spent; try again shortly.", {
      retryAfter: retryAfter ?? 1,
    });
  }
  if (status === 503) {
    return new ApiError("upstream_unavailable", "Klaviyo is unavailable right now.", { retryAfter });
  }
  if (status === 504 || status === 524) {
    return new ApiError("upstream_timeout", `Klaviyo timed out (${status}).`, { retryAfter });
  }
  if (status >= 500) {
    // Klaviyo's own failure (500) or its edge's (a 502 HTML page), whatever the body: an outage to
    // wait out, not a request of ours it rejected nor an answer that makes no sense. Still not retried.
    return new ApiError(
      "upstream_unavailable",
      `Klaviyo answered ${status}, a server error, for the ${context.subject}.`,
      { retryAfter },
    );
  }
  if (body.kind !== "json") return invalidBodyError(status, body);

  const { code, detail } = upstreamErrorInfo(body);
  const label = code ? `${status} ${code}` : String(status);
  if (status === 404 && context.single) {
    return new ApiError("not_found", `Klaviyo has no ${context.subject}.`);
  }
  if (status === 400) {
    // Our own input is validated before it leaves; a 400 here is usually a stale or foreign cursor.
    const suffix = detail ? `: ${detail.slice(0, 200)}` : ".";
    return new ApiError("bad_request", `Klaviyo rejected the request for the ${context.subject}${suffix}`);
  }
  if (status === 401 || status === 403) {
    return new ApiError(
      "upstream_auth",
      `Klaviyo refused the dashboard's API key (${label}); it needs the catalogs:read scope.`,
    );
  }
  return new ApiError("upstream_error", `Klaviyo answered ${label} for the ${context.subject}.`);
}
