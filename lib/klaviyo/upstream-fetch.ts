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
  /** told about waits and attempts (logs, metrics); never given the headers */
  observer?: UpstreamObserver;
}

/** What an attempt came to: Klaviyo's status, or no answer at all. */
export type AttemptOutcome = number | "timeout" | "network";

export interface UpstreamObserver {
  /** the limiter granted budget (or refused it) after `waitMs` */
  waited?(event: { endpoint: string; priority: Priority; waitMs: number }): void;
  attempted?(event: {
    endpoint: string;
    /** the URL's path only: no query string */
    path: string;
    priority: Priority;
    attempt: number;
    outcome: AttemptOutcome;
    durationMs: number;
  }): void;
  /** the read failed with rate_limited (no budget within its priority's longest wait) */
  rateLimited?(event: { endpoint: string; priority: Priority }): void;
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

/** Observers count and log; one that throws must never fail a read. */
function tell(report: () => void): void {
  try {
    report();
  } catch {
    // nothing to do: the read goes on
  }
}

/** Returns the parsed JSON body of a 2xx answer; throws ApiError for everything else. */
export async function fetchUpstream(config: UpstreamFetchConfig, call: UpstreamCall): Promise<unknown> {
  try {
    return await fetchWithRetries(config, call);
  } catch (error) {
    if (error instanceof ApiError && error.code === "rate_limited") {
      tell(() => config.observer?.rateLimited?.({ endpoint: call.endpoint.id, priority: call.priority ?? "person" }));
    }
    throw error;
  }
}

async function acquire(config: UpstreamFetchConfig, call: UpstreamCall) {
  const startedAt = performance.now();
  const report = () =>
    tell(() =>
      config.observer?.waited?.({
        endpoint: call.endpoint.id,
        priority: call.priority ?? "person",
        waitMs: performance.now() - startedAt,
      }),
    );
  try {
    const permit = await config.limiter.acquire(call.endpoint, call.priority);
    report();
    return permit;
  } catch (error) {
    report();
    throw error;
  }
}

async function observedAttempt(config: UpstreamFetchConfig, call: UpstreamCall, attemptNo: number) {
  const startedAt = performance.now();
  const result = await attempt(config, call.url);
  const durationMs = performance.now() - startedAt;
  tell(() =>
    config.observer?.attempted?.({
      endpoint: call.endpoint.id,
      path: call.url.pathname,
      priority: call.priority ?? "person",
      attempt: attemptNo,
      outcome: result.kind === "answer" ? result.status : result.kind,
      durationMs,
    }),
  );
  return result;
}

async function fetchWithRetries(config: UpstreamFetchConfig, call: UpstreamCall): Promise<unknown> {
  let slept = 0;
  const budgetMs = call.priority === "background" ? config.retry.budgetMs : config.retry.personBudgetMs;
  for (let attemptNo = 1; ; attemptNo++) {
    const permit = await acquire(config, call);
    const result = await observedAttempt(config, call, attemptNo);

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
