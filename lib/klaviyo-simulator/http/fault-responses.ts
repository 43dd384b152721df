/**
 * What a faulty Klaviyo looks like on the wire. 500 and 503 come from Klaviyo's application as
 * JSON:API errors; 502, 504 and 524 come from the Cloudflare edge as HTML pages; a bot challenge is
 * a 403 HTML page with `cf-mitigated: challenge` (klaviyo-api-python#84).
 */
import { errorResponse, serverError, serviceUnavailable } from "./klaviyo-errors";

function rayId(): string {
  return `${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}-IAD`;
}

function html(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=UTF-8", server: "cloudflare", "cf-ray": rayId(), ...headers },
  });
}

export function challengeResponse(): Response {
  const body = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta name="robots" content="noindex,nofollow"></head>
<body><div class="main-wrapper" role="main"><h1>a.klaviyo.com</h1><h2>Verifying you are human. This may take a few seconds.</h2>
<noscript>Enable JavaScript and cookies to continue</noscript></div></body></html>`;
  return html(403, body, {
    "cf-mitigated": "challenge",
    "cache-control": "private, max-age=0, no-store, no-cache, must-revalidate",
  });
}

const EDGE_TITLES: Record<number, string> = {
  502: "502 Bad Gateway",
  504: "504 Gateway Time-out",
  524: "a.klaviyo.com | 524: A timeout occurred",
};

export function edgeErrorResponse(status: 502 | 504 | 524): Response {
  const title = EDGE_TITLES[status] ?? `${status}`;
  return html(
    status,
    `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>cloudflare</center></body></html>`,
  );
}

export function faultStatusResponse(status: 500 | 502 | 503 | 504 | 524, retryAfter?: number): Response {
  const headers: Record<string, string> = retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {};
  if (status === 500) return errorResponse(serverError(), headers);
  if (status === 503) return errorResponse(serviceUnavailable(), headers);
  const response = edgeErrorResponse(status);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** Valid-looking JSON with unquoted keys, the classic hand-written-JSON mistake. */
export function malformJson(text: string): string {
  const broken = text.replace(/"([A-Za-z_]+)":/g, "$1:");
  return broken === text ? `${text},` : broken;
}

/** The first half of the body, as when a connection drops mid-answer. */
export function truncateJson(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}
