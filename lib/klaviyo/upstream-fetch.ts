/**
 * One logical GET to Klaviyo: limiter → request with a timeout → retries on 429/503/504/524 (and on
 * timeouts and network errors: these are idempotent GETs) → defensive body reading → ApiError.
 *
 * The transport is `fetch` for Klaviyo or the simulator's `handle` in-process; everything else is
 * the same code path. Not server-only (no key in here: the caller passes built headers), so it can
 * be unit tested with fake transports.
 */
import { ApiError } from "@/lib/http/errors";
import type { Clock } from "./clock";
import {
  backoffDelayMs,
  RETRYABLE_STATUSES,
  type RetryPolicy,
  retryAfterDelayMs,
  retryAfterSeconds,
} from "./retry-policy";
import { classifyBody, errorForStatus, invalidBodyError, type UpstreamBody } from "./upstream-body";
import type { Endpoint, Priority, WindowLimiter } from "./window-limiter";

export type Transport = (request: Request) => Promise<Response>;

export interface UpstreamFetchConfig {
  transport: Transport;
  headers: Headers;
  limiter: WindowLimiter;
  clock: Clock;
  random: () => number;
  retry: RetryPolicy;
  /** per attempt, covering the body too */
  timeoutMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export interface UpstreamCall {
  endpoint: Endpoint;
  url: URL;
  /** for error messages, e.g. "item create job 01GSQ…" */
  subject: string;
  single: boolean;
  /** who is waiting for the answer (the limiter serves people first); a person when not said */
  priority?: Priority;
}

type Attempt =
  | { kind: "answer"; status: number; headers: Headers; body: UpstreamBody }
  | { kind: "timeout" }
  | { kind: "network" };

class AttemptTimeout extends Error {}

async function attempt(config: UpstreamFetchConfig, url: URL): Promise<Attempt> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Our own race, not only AbortSignal: the in-process simulator's handler may ignore the signal.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AttemptTimeout());
    }, config.timeoutMs);
  });
  try {
    return await Promise.race([
      (async (): Promise<Attempt> => {
        const response = await config.transport(
          new Request(url, { method: "GET", headers: config.headers, signal: controller.signal, redirect: "manual" }),
        );
        // A cut connection rejects here; treat it like any other network failure.
        const text = await response.text();
        return {
          kind: "answer",
          status: response.status,
          headers: response.headers,
          body: classifyBody(text, response.headers.get("content-type")),
        };
      })(),
      timeout,
    ]);
  } catch (error) {
    return error instanceof AttemptTimeout || controller.signal.aborted ? { kind: "timeout" } : { kind: "network" };
  } finally {
    clearTimeout(timer);
  }
}

function failureFor(result: Exclude<Attempt, { kind: "answer" }>): ApiError {
  return result.kind === "timeout"
    ? new ApiError("upstream_timeout", "Klaviyo did not answer in time.")
    : new ApiError("upstream_unavailable", "Klaviyo could not be reached.", { retryAfter: 5 });
}

/** Returns the parsed JSON body of a 2xx answer; throws ApiError for everything else. */
export async function fetchUpstream(config: UpstreamFetchConfig, call: UpstreamCall): Promise<unknown> {
  let slept = 0;
  const budgetMs = call.priority === "background" ? config.retry.budgetMs : config.retry.personBudgetMs;
  for (let attemptNo = 1; ; attemptNo++) {
    const permit = await config.limiter.acquire(call.endpoint, call.priority);
    const result = await attempt(config, call.url);

    let delayMs: number;
    let finalError: () => ApiError;
    if (result.kind === "answer") {
      const { status, headers, body } = result;
      if (status !== 429) await config.limiter.observe(permit, headers).catch(() => undefined);
      if (status >= 200 && status < 300) {
        if (body.kind !== "json") throw invalidBodyError(status, body);
        return body.value;
      }
      if (status >= 300 && status < 400) {
        // Never follow: a redirect could carry the key's request to a host we did not choose.
        throw new ApiError("upstream_error", `Klaviyo answered ${status} (a redirect, not followed).`);
      }
      const retryAfter = retryAfterSeconds(headers, body.kind === "json" ? body.value : null, config.clock.now());
      if (status === 429) await config.limiter.hold(call.endpoint, retryAfter ?? 1).catch(() => undefined);
      finalError = () => errorForStatus(status, body, { subject: call.subject, single: call.single, retryAfter });
      if (!RETRYABLE_STATUSES.has(status)) throw finalError();
      delayMs =
        retryAfter !== null
          ? retryAfterDelayMs(retryAfter, config.random)
          : backoffDelayMs(attemptNo - 1, config.retry, config.random);
    } else {
      finalError = () => failureFor(result);
      delayMs = backoffDelayMs(attemptNo - 1, config.retry, config.random);
    }

    // Bounded in count and in time: past either bound, report what the last answer meant.
    if (attemptNo >= config.retry.maxAttempts || slept + delayMs > budgetMs) throw finalError();
    slept += delayMs;
    await config.clock.sleep(delayMs);
  }
}
