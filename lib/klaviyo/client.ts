/**
 * The Klaviyo client as the app sees it: validated queries in, app types out, with the cache and
 * single-flight in front of the limiter and retries. Built once per process by ./door (which owns
 * the key); everything is injected, so tests build their own with fake transports.
 */
import type { z } from "zod";
import { ApiError } from "@/lib/http/errors";
import { isTerminalStatus, type JobType, jobTypeInfo, type KnownJobStatus } from "@/lib/job-types";
import { cursorSchema, jobIdSchema, jobStatusSchema, jobTypeSchema, parseWith } from "@/lib/jobs/schemas.server";
import type { JobDetail, JobPage, Upstream } from "@/lib/types";
import { type Clock, systemClock } from "./clock";
import { buildHeaders } from "./headers";
import { klaviyoJobUrl, klaviyoListUrl } from "./request-url";
import { toJobDetail, toJobPage } from "./reshape";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy";
import { jobDocumentSchema, jobListDocumentSchema } from "./schema";
import { redact } from "./secret";
import { type CacheLookup, createSingleFlightCache, type SingleFlightCache } from "./ttl-cache";
import {
  DEFAULT_TIMEOUT_MS,
  fetchUpstream,
  type Transport,
  type UpstreamFetchConfig,
  type UpstreamObserver,
} from "./upstream-fetch";
import type { Priority, WindowLimiter } from "./window-limiter";

export interface ListJobsQuery {
  type: JobType;
  status?: KnownJobStatus;
  cursor?: string;
}

export interface GetJobQuery {
  type: JobType;
  id: string;
}

export interface CacheTtl {
  listMs: number;
  runningJobMs: number;
  finishedJobMs: number;
}

/** Lists change as jobs start; running jobs move every second or so; finished jobs never change. */
export const DEFAULT_TTL: CacheTtl = { listMs: 3_000, runningJobMs: 2_000, finishedJobMs: 5 * 60_000 };

export interface KlaviyoClientConfig {
  upstream: Upstream;
  baseUrl: string;
  apiKey: string;
  revision: string;
  transport: Transport;
  limiter: WindowLimiter;
  clock?: Clock;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  ttl?: Partial<CacheTtl>;
  observer?: ClientObserver;
}

/** Logs and metrics hook in here; the client works the same without. */
export interface ClientObserver extends UpstreamObserver {
  cacheLookup?(event: { cache: "list" | "job"; result: CacheLookup }): void;
}

export interface KlaviyoClient {
  readonly upstream: Upstream;
  /** `priority`: who waits for the answer; a person unless said (see ./window-limiter). */
  listJobs(query: ListJobsQuery, priority?: Priority): Promise<JobPage>;
  getJob(query: GetJobQuery, priority?: Priority): Promise<JobDetail>;
  readonly cacheStats: SingleFlightCache<unknown>["stats"];
}

function parsed<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = parseWith(schema, input);
  if (!result.ok) throw new ApiError("bad_request", `${what}: ${result.message}`);
  return result.data;
}

function parseUpstream<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? ` (${issue.path.join(".") || "document"}: ${issue.message})` : "";
    throw new ApiError("upstream_invalid", `Klaviyo's answer did not look like ${what}${where}.`);
  }
  return result.data;
}

/**
 * How long an answer is kept for the next asker. Background reads (the collector) keep nothing: they
 * would fill people's cache with copies nobody asked for, and a person opening a job Klaviyo has just
 * forgotten must be told so (and shown the kept copy), not served a copy the collector read minutes ago.
 */
const keep = (priority: Priority | undefined, ttlMs: number) => (priority === "background" ? 0 : ttlMs);

/**
 * Which in-flight read a request may share. A background read may sit at the limiter for seconds
 * (it yields to people and spends a small share), so a person never joins one: they make their own
 * call at their own priority. Background reads share among themselves.
 */
const flightOf = (priority: Priority | undefined, key: string) =>
  priority === "background" ? `background:${key}` : key;

export function createKlaviyoClient(config: KlaviyoClientConfig): KlaviyoClient {
  const clock = config.clock ?? systemClock;
  const ttl = { ...DEFAULT_TTL, ...config.ttl };
  const fetchConfig: UpstreamFetchConfig = {
    transport: config.transport,
    headers: buildHeaders({ apiKey: config.apiKey, revision: config.revision }),
    limiter: config.limiter,
    clock,
    random: config.random ?? Math.random,
    retry: { ...DEFAULT_RETRY_POLICY, ...config.retry },
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    observer: config.observer,
  };
  const observer = config.observer;
  const pages = createSingleFlightCache<JobPage>({
    now: () => clock.now(),
    onLookup: (result) => observer?.cacheLookup?.({ cache: "list", result }),
  });
  const details = createSingleFlightCache<JobDetail>({
    now: () => clock.now(),
    onLookup: (result) => observer?.cacheLookup?.({ cache: "job", result }),
  });
  const fetchedAt = () => new Date(clock.now()).toISOString();

  /** Nothing we emit may carry the key, even if an upstream message echoed it back. */
  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError) {
        const message = redact(error.message, config.apiKey);
        if (message === error.message) throw error;
        throw new ApiError(error.code, message, { retryAfter: error.retryAfter, status: error.status });
      }
      throw error;
    }
  }

  return {
    upstream: config.upstream,
    get cacheStats() {
      const [a, b] = [pages.stats, details.stats];
      return { hits: a.hits + b.hits, joins: a.joins + b.joins, loads: a.loads + b.loads };
    },

    listJobs(query, priority) {
      return guarded(() => {
        const type = parsed(jobTypeSchema, query.type, "type");
        const status = query.status === undefined ? undefined : parsed(jobStatusSchema, query.status, "status");
        const cursor = query.cursor === undefined ? undefined : parsed(cursorSchema, query.cursor, "cursor");
        const info = jobTypeInfo(type);
        const key = `list:${type}:${status ?? ""}:${cursor ?? ""}`;
        return pages.get(
          key,
          async () => {
            const body = await fetchUpstream(fetchConfig, {
              endpoint: { id: `${type}:list`, tier: info.tier },
              url: klaviyoListUrl(config.baseUrl, info, { status, cursor }),
              subject: `${info.label.toLowerCase()} job list`,
              single: false,
              priority,
            });
            const document = parseUpstream(jobListDocumentSchema, body, "a job list");
            return { value: toJobPage(type, status ?? null, document, fetchedAt()), ttlMs: keep(priority, ttl.listMs) };
          },
          flightOf(priority, key),
        );
      });
    },

    getJob(query, priority) {
      return guarded(() => {
        const type = parsed(jobTypeSchema, query.type, "type");
        const id = parsed(jobIdSchema, query.id, "id");
        const info = jobTypeInfo(type);
        const key = `job:${type}:${id}`;
        return details.get(
          key,
          async () => {
            const body = await fetchUpstream(fetchConfig, {
              endpoint: { id: `${type}:get`, tier: info.tier },
              url: klaviyoJobUrl(config.baseUrl, info, id),
              subject: `${info.label.toLowerCase()} job with id ${id}`,
              single: true,
              priority,
            });
            const document = parseUpstream(jobDocumentSchema, body, "a job");
            const detail = toJobDetail(type, document, fetchedAt());
            const ttlMs = isTerminalStatus(detail.job.status) ? ttl.finishedJobMs : ttl.runningJobMs;
            return { value: detail, ttlMs: keep(priority, ttlMs) };
          },
          flightOf(priority, key),
        );
      });
    },
  };
}
