/**
 * Klaviyo's JSON:API error documents (docs/klaviyo.md#errors): `{"errors":[{id, status, code, title, detail,
 * source, links, meta}]}`, served as `application/vnd.api+json`. Titles follow the ones seen in the
 * wild (Django REST framework's wording for auth and throttling).
 */

export const JSON_API = "application/vnd.api+json";

export interface ErrorSource {
  pointer?: string;
  parameter?: string;
}

export interface KlaviyoError {
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: ErrorSource;
  links?: Record<string, string>;
}

export function errorDocument(error: KlaviyoError): { errors: Array<Record<string, unknown>> } {
  return {
    errors: [
      {
        id: crypto.randomUUID(),
        status: error.status,
        code: error.code,
        title: error.title,
        detail: error.detail,
        ...(error.source ? { source: error.source } : {}),
        links: error.links ?? {},
        meta: {},
      },
    ],
  };
}

export function errorResponse(error: KlaviyoError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(errorDocument(error)), {
    status: error.status,
    headers: { "content-type": JSON_API, ...headers },
  });
}

export const invalidParameter = (parameter: string, detail: string): KlaviyoError => ({
  status: 400,
  code: "invalid",
  title: "Invalid input.",
  detail,
  source: { parameter },
});

export const invalidCursor = (): KlaviyoError => ({
  // Seen in klaviyo-api-python#9: the cursor error points at "/data/", not at the parameter.
  status: 400,
  code: "invalid",
  title: "Invalid input.",
  detail: "Invalid cursor provided.",
  source: { pointer: "/data/" },
});

export const notAuthenticated = (): KlaviyoError => ({
  status: 401,
  code: "not_authenticated",
  title: "Authentication credentials were not provided.",
  detail: "Missing or invalid authorization scheme. Please use Klaviyo-API-Key.",
});

export const authenticationFailed = (): KlaviyoError => ({
  status: 401,
  code: "authentication_failed",
  title: "Incorrect authentication credentials.",
  detail: "Incorrect authentication credentials.",
});

export const notFound = (detail: string): KlaviyoError => ({
  status: 404,
  code: "not_found",
  title: "Not found.",
  detail,
});

export const methodNotAllowed = (method: string): KlaviyoError => ({
  status: 405,
  code: "method_not_allowed",
  title: `Method "${method}" not allowed.`,
  detail: `Method "${method}" not allowed. The simulator serves GET only.`,
});

export const gone = (detail: string): KlaviyoError => ({ status: 410, code: "gone", title: "Gone.", detail });

export function throttled(retryAfterSeconds: number): KlaviyoError {
  const unit = retryAfterSeconds === 1 ? "second" : "seconds";
  return {
    status: 429,
    code: "throttled",
    title: "Request was throttled.",
    detail: `Request was throttled. Expected available in ${retryAfterSeconds} ${unit}.`,
    source: { pointer: "/data" },
    links: { type: "https://developers.klaviyo.com/en/docs/rate_limits_and_error_handling#rate-limits" },
  };
}

export const serverError = (): KlaviyoError => ({
  status: 500,
  code: "error",
  title: "A server error occurred.",
  detail: "A server error occurred.",
});

export const serviceUnavailable = (): KlaviyoError => ({
  status: 503,
  code: "service_unavailable",
  title: "Service unavailable.",
  detail: "Service temporarily unavailable. Check https://status.klaviyo.com and try again later.",
});
