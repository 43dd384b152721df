import "server-only";
/**
 * The alert routes' common frame: request logging, the store and the request's account (whose rows
 * alone a handler sees), and errors in the one envelope.
 */
import { ApiError } from "../http/errors";
import { jsonResponse } from "../http/json";
import { toErrorResponse } from "../klaviyo";
import { observed } from "../observability/route";
import { type AlertScope, alertScope } from "./service.server";

type Handler<Args extends unknown[]> = (scope: AlertScope, request: Request, ...args: Args) => Promise<unknown>;

export function alertRoute<Args extends unknown[]>(handler: Handler<Args>, status = 200) {
  return observed(async (request: Request, ...args: Args): Promise<Response> => {
    try {
      if (new URL(request.url).search !== "" && request.method !== "GET") {
        throw new ApiError("bad_request", "this route takes no query parameters");
      }
      const body = await handler(await alertScope(), request, ...args);
      return body === undefined ? new Response(null, { status: 204 }) : jsonResponse(body, { status });
    } catch (error) {
      return toErrorResponse(error);
    }
  });
}
