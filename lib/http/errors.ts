/**
 * One error type with a closed set of codes, and one JSON envelope `{ error: { code, message } }`.
 * UI code branches on `code`, never on message text.
 */

export const ERROR_CODES = {
  bad_request: 400,
  unauthorized: 401,
  /** a company sign-in grown old: the page reloads, and the provider is asked again on the way */
  reauthenticate: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  upstream_auth: 502,
  upstream_invalid: 502,
  upstream_error: 502,
  upstream_unavailable: 503,
  upstream_timeout: 504,
  /** the job-history store does not answer (what needs it waits; live pages still work) */
  store_unavailable: 503,
  /** the front process refused the request: too many at once (scripts/server.mjs) */
  overloaded: 503,
  /** the front process has no Next process to ask: it is being started again */
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; retryAfter?: number };
}

/*
 * Next bundles server code into several module graphs (pages, route handlers), so one process can
 * hold two copies of this class, and a singleton made in one graph throws errors that the other
 * graph's `instanceof` would not recognise. A registered symbol brands every copy alike.
 */
const BRAND = Symbol.for("klaviyo-bulk-jobs.ApiError");

export class ApiError extends Error {
  readonly [BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly code: ErrorCode;
  readonly status: number;
  /** seconds, for 429/503 */
  readonly retryAfter?: number;

  constructor(code: ErrorCode, message: string, options: { retryAfter?: number; status?: number } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code];
    this.retryAfter = options.retryAfter;
  }

  toJSON(): ErrorEnvelope {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
      },
    };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && value in ERROR_CODES;
}

/** Read an error envelope from any JSON body; null when it is not one. */
export function parseErrorEnvelope(body: unknown): ErrorEnvelope["error"] | null {
  if (typeof body !== "object" || body === null || !("error" in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return null;
  const { code, message, retryAfter } = error as Record<string, unknown>;
  if (!isErrorCode(code) || typeof message !== "string") return null;
  return { code, message, ...(typeof retryAfter === "number" ? { retryAfter } : {}) };
}

export function isApiErrorCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof ApiError && error.code === code;
}
