/**
 * One request to a job endpoint, in the order Klaviyo's stack answers it: the edge (faults), then
 * authentication, the rate limiter, the revision header, the query, and finally the data. Every
 * answer after the limiter carries the RateLimit-* headers of the steady window; a 429 carries only
 * Retry-After (docs/klaviyo.md#rate-limits).
 */
import type { SimClock } from "@/lib/klaviyo-simulator/controls/clock";
import {
  type AnswerFault,
  type BodyFault,
  DEFAULT_HANG_MS,
  type Faults,
} from "@/lib/klaviyo-simulator/controls/faults";
import { sleep } from "@/lib/klaviyo-simulator/controls/sleep";
import type { StatsRecorder } from "@/lib/klaviyo-simulator/controls/stats";
import type { Dataset } from "@/lib/klaviyo-simulator/world/dataset";
import { findVisiblePlan, visiblePlans } from "@/lib/klaviyo-simulator/world/store";
import { authenticate } from "./auth";
import { encodeCursor } from "./cursor";
import { type DocumentContext, getOneDocument, listDocument } from "./documents";
import {
  challengeResponse,
  edgeErrorResponse,
  faultStatusResponse,
  malformJson,
  truncateJson,
} from "./fault-responses";
import {
  authenticationFailed,
  errorResponse,
  gone,
  invalidCursor,
  invalidParameter,
  JSON_API,
  methodNotAllowed,
  notAuthenticated,
  notFound,
  throttled,
} from "./klaviyo-errors";
import { paginate } from "./paginate";
import { parseJobQuery } from "./query";
import type { RateLimiter } from "./rate-limiter";
import { resolveRevision, revisionFeatures } from "./revision";
import { matchRoute, type RouteMatch } from "./routes";

export interface HandlerContext {
  /** built on first use, so creating a simulator costs nothing until it is asked something */
  dataset: () => Dataset;
  clock: SimClock;
  faults: Faults;
  limiter: RateLimiter;
  stats: StatsRecorder;
  apiKey?: string;
}

export async function handleApiRequest(ctx: HandlerContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const route = matchRoute(url.pathname);
  ctx.stats.request(route?.endpointKey ?? null);
  if (!route) return errorResponse(notFound(`No endpoint matches '${url.pathname}'.`));
  if (request.method !== "GET") return errorResponse(methodNotAllowed(request.method), { allow: "GET" });

  const fault = ctx.faults.plan(route.info.slug, route.operation);
  if (fault.delayMs > 0) await sleep(fault.delayMs, request.signal);
  let response = fault.answer ? await faultAnswer(fault.answer, request.signal) : serve(ctx, request, url, route);
  if (response.status === 429) ctx.stats.throttled(route.endpointKey);
  if (fault.bodyFault) response = await corrupt(response, fault.bodyFault);
  return response;
}

async function faultAnswer(rule: AnswerFault, signal: AbortSignal): Promise<Response> {
  switch (rule.kind) {
    case "throttle": {
      const retryAfter = rule.retryAfter ?? 1;
      return errorResponse(throttled(retryAfter), { "retry-after": String(retryAfter) });
    }
    case "status":
      return faultStatusResponse(rule.status, rule.retryAfter);
    case "html403":
      return challengeResponse();
    case "timeout":
      await sleep(rule.hangMs ?? DEFAULT_HANG_MS, signal);
      return edgeErrorResponse(524);
  }
}

async function corrupt(response: Response, fault: BodyFault): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(fault === "malformed-json" ? malformJson(text) : truncateJson(text), {
    status: response.status,
    headers,
  });
}

function withParams(origin: string, path: string, params: URLSearchParams, cursor: string | null): string {
  const next = new URLSearchParams(params);
  next.delete("page[cursor]");
  if (cursor !== null) next.set("page[cursor]", cursor);
  const query = next.toString();
  return `${origin}${path}${query ? `?${query}` : ""}`;
}

function serve(ctx: HandlerContext, request: Request, url: URL, route: RouteMatch): Response {
  const auth = authenticate(request.headers.get("authorization"), ctx.apiKey);
  if (!auth.ok) return errorResponse(auth.reason === "missing" ? notAuthenticated() : authenticationFailed());

  const now = ctx.clock.now();
  const rate = ctx.limiter.take(auth.key, route.endpointKey, route.info.tier, now);
  if (!rate.allowed)
    return errorResponse(throttled(rate.retryAfterSeconds), { "retry-after": String(rate.retryAfterSeconds) });
  const headers: Record<string, string> = {
    "ratelimit-limit": String(rate.limit),
    "ratelimit-remaining": String(rate.remaining),
    "ratelimit-reset": String(rate.resetSeconds),
  };

  const optOut = request.headers.get("x-klaviyo-revision-fall-forward-opt-out")?.trim() === "1";
  const revision = resolveRevision(request.headers.get("revision"), optOut, now);
  if (!revision.ok) {
    return errorResponse(
      revision.status === 410 ? gone(revision.detail) : invalidParameter("revision", revision.detail),
      headers,
    );
  }
  // Simulator-only: lets tests see which revision answered a fall-forward.
  headers["x-simulator-revision-served"] = revision.served;
  const features = revisionFeatures(revision.served);

  const parsed = parseJobQuery(url.searchParams, route.info, route.operation, features);
  if (!parsed.ok) {
    const problem = parsed.problem;
    return errorResponse(
      problem.kind === "cursor" ? invalidCursor() : invalidParameter(problem.parameter, problem.detail),
      headers,
    );
  }
  const query = parsed.query;
  const dataset = ctx.dataset();
  const docs: DocumentContext = { seed: dataset.seed, origin: url.origin, at: now };
  const self = withParams(url.origin, route.info.path, url.searchParams, url.searchParams.get("page[cursor]"));

  if (route.operation === "list") {
    const page = paginate(visiblePlans(dataset, route.info.slug, now, query.status ?? undefined), query.cursor);
    const body = listDocument(docs, page.items, query.jobFields, {
      self,
      next: page.next ? withParams(url.origin, route.info.path, url.searchParams, encodeCursor(page.next)) : null,
      prev: page.prev ? withParams(url.origin, route.info.path, url.searchParams, encodeCursor(page.prev)) : null,
    });
    return json(body, headers);
  }

  const plan = findVisiblePlan(dataset, route.info.slug, route.id, now);
  if (!plan) {
    return errorResponse(
      notFound(`A ${route.info.label.toLowerCase()} job with id '${route.id}' does not exist.`),
      headers,
    );
  }
  const selfOne = withParams(url.origin, `${route.info.path}/${encodeURIComponent(route.id)}`, url.searchParams, null);
  const body = getOneDocument(docs, plan, {
    fields: query.jobFields,
    include: query.include,
    relatedFields: query.relatedFields,
    selfLink: features.getOneSelfLink ? selfOne : null,
  });
  return json(body, headers);
}

function json(body: unknown, headers: Record<string, string>): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": JSON_API, ...headers } });
}
