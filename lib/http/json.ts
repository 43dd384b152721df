/**
 * How the dashboard's API answers: JSON that browsers and proxies never cache (job state is live),
 * and errors in the one envelope of ./errors, with `Retry-After` when the error carries a wait.
 */
import type { ApiError } from "./errors";

export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: { "Cache-Control": "no-store", ...init.headers },
  });
}

export function apiErrorResponse(error: ApiError): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers["Retry-After"] = String(error.retryAfter);
  return jsonResponse(error.toJSON(), { status: error.status, headers });
}
