/**
 * Every route handler goes through `observed`: it takes the caller's `x-request-id` (when it is a
 * sane short token) or makes one, runs the handler inside that request's context (so upstream calls
 * log the same id), answers with `x-request-id`, and writes one line per request: method, path
 * (never the query), status, duration and request id. Nothing of the request's headers or body.
 */
import { logger } from "./logger";
import { requestIdFrom, runWithRequest } from "./request-context.mjs";

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // immutable headers (e.g. a fetched Response): copy it
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}

export function observed<Args extends unknown[]>(
  handler: (request: Request, ...args: Args) => Response | Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return (request, ...args) => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const startedAt = performance.now();
    const line = (status: number) => {
      const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
      const fields = { event: "request", method: request.method, path: new URL(request.url).pathname, status };
      logger()[status >= 500 ? "error" : "info"]({ ...fields, durationMs });
    };
    return runWithRequest({ requestId }, async () => {
      try {
        const response = await handler(request, ...args);
        line(response.status);
        return withRequestId(response, requestId);
      } catch (error) {
        line(500);
        throw error;
      }
    });
  };
}
