/**
 * Klaviyo's `RateLimit-Remaining` for the status page. The client's observer is told each attempt's
 * status but not its headers, so the answers are read where Node's fetch (undici) reports them: its
 * `undici:request:headers` diagnostics channel, for requests to Klaviyo's origin only, and only that
 * one header. Real HTTP only: the in-process simulator answers without a request, so nothing is seen.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { jobTypeByPath } from "@/lib/job-types";

const CHANNEL = "undici:request:headers";

/** The client's endpoint id for a Klaviyo path (`item-create:list`, `item-create:get`), or null. */
export function endpointOfPath(path: string): string | null {
  const clean = (path.split("?")[0] ?? "").replace(/\/+$/, "");
  const list = jobTypeByPath(clean);
  if (list) return `${list.slug}:list`;
  const one = jobTypeByPath(clean.slice(0, clean.lastIndexOf("/")));
  return one ? `${one.slug}:get` : null;
}

/** undici gives raw headers as alternating names and values, Buffers or strings. */
function remainingOf(raw: unknown): number | null {
  if (!Array.isArray(raw)) return null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (String(raw[i]).toLowerCase() !== "ratelimit-remaining") continue;
    const match = /^\s*(\d+)/.exec(String(raw[i + 1]));
    return match?.[1] === undefined ? null : Number(match[1]);
  }
  return null;
}

interface HeadersMessage {
  request?: { origin?: unknown; path?: unknown };
  response?: { headers?: unknown };
}

type Listener = (message: unknown) => void;
const SLOT = Symbol.for("klaviyo-bulk-jobs.rate-limit-headers");
type Slot = { [SLOT]?: { origin: string; listener: Listener } };

/**
 * Reports `RateLimit-Remaining` of every answer from `baseUrl`'s origin to `report`. Once per
 * process (module layers share it); a new origin replaces the old subscription.
 */
export function watchRateLimitHeaders(baseUrl: string, report: (endpoint: string, remaining: number) => void): void {
  const origin = new URL(baseUrl).origin;
  const holder = globalThis as typeof globalThis & Slot;
  const current = holder[SLOT];
  if (current?.origin === origin) return;
  if (current) unsubscribe(CHANNEL, current.listener);
  const listener: Listener = (message) => {
    try {
      const { request, response } = message as HeadersMessage;
      if (String(request?.origin ?? "").replace(/\/+$/, "") !== origin) return;
      const endpoint = endpointOfPath(String(request?.path ?? ""));
      const remaining = remainingOf(response?.headers);
      if (endpoint !== null && remaining !== null) report(endpoint, remaining);
    } catch {
      // counting for a status page must never disturb a request
    }
  };
  subscribe(CHANNEL, listener);
  holder[SLOT] = { origin, listener };
}
