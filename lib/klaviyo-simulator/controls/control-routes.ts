/**
 * `/__simulator/*`: the simulator's own control surface, for tests and scripts that drive it over
 * HTTP. No auth (it is never Klaviyo); plain JSON in and out; bad input is a 400 naming the problem.
 */
import { z } from "zod";
import type { RateLimiter } from "@/lib/klaviyo-simulator/http/rate-limiter";
import type { SimClock } from "./clock";
import { type Faults, faultRuleSchema } from "./faults";
import type { StatsRecorder } from "./stats";

export const CONTROL_PREFIX = "/__simulator";

export interface ControlContext {
  seed: number;
  clock: SimClock;
  faults: Faults;
  stats: StatsRecorder;
  limiter: RateLimiter;
}

const clockBodySchema = z
  .strictObject({
    advanceMs: z.number().finite().optional(),
    scale: z.number().finite().min(0).max(1_000_000).optional(),
    set: z.number().finite().min(0).optional(),
  })
  .refine((body) => body.advanceMs !== undefined || body.scale !== undefined || body.set !== undefined, {
    message: "give at least one of advanceMs, scale, set",
  });

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
}

function problem(status: number, message: string, issues?: unknown): Response {
  return reply(status, { error: { message, ...(issues ? { issues } : {}) } });
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  try {
    return { ok: true, value: text.trim() === "" ? {} : JSON.parse(text) };
  } catch {
    return { ok: false, response: problem(400, "body is not valid JSON") };
  }
}

function clockState(clock: SimClock) {
  const now = clock.now();
  return { now, nowIso: new Date(now).toISOString(), scale: clock.getScale() };
}

export async function handleControlRequest(ctx: ControlContext, request: Request, url: URL): Promise<Response> {
  const route = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "") || "/";
  const method = request.method;

  if (route === "/health" && method === "GET")
    return reply(200, { ok: true, seed: ctx.seed, ...clockState(ctx.clock) });
  if (route === "/stats" && method === "GET") return reply(200, ctx.stats.snapshot());

  if (route === "/clock" && method === "GET") return reply(200, clockState(ctx.clock));
  if (route === "/clock" && method === "POST") {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const parsed = clockBodySchema.safeParse(body.value);
    if (!parsed.success) return problem(400, "invalid clock change", parsed.error.issues);
    const { set, advanceMs, scale } = parsed.data;
    if (set !== undefined) ctx.clock.set(set);
    if (advanceMs !== undefined) ctx.clock.advance(advanceMs);
    if (scale !== undefined) ctx.clock.setScale(scale);
    return reply(200, clockState(ctx.clock));
  }

  if (route === "/faults" && method === "GET") return reply(200, { faults: ctx.faults.list() });
  if (route === "/faults" && method === "POST") {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const parsed = faultRuleSchema.safeParse(body.value);
    if (!parsed.success) return problem(400, "invalid fault rule", parsed.error.issues);
    return reply(201, { fault: ctx.faults.set(parsed.data), faults: ctx.faults.list() });
  }
  if (route === "/faults" && method === "DELETE") {
    ctx.faults.clear();
    return reply(200, { faults: [] });
  }
  const single = /^\/faults\/([^/]+)$/.exec(route);
  if (single?.[1] && method === "DELETE") {
    return ctx.faults.remove(decodeURIComponent(single[1]))
      ? reply(200, { faults: ctx.faults.list() })
      : problem(404, "no such fault");
  }

  if (route === "/reset" && method === "POST") {
    ctx.faults.clear();
    ctx.stats.reset();
    ctx.limiter.reset();
    return reply(200, { ok: true });
  }

  const known = ["/health", "/stats", "/clock", "/faults", "/reset"].includes(route) || single !== null;
  return known
    ? problem(405, `${method} is not allowed on ${url.pathname}`)
    : problem(404, `no control route ${url.pathname}`);
}
