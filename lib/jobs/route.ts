/**
 * A job's route, `/jobs/{type}/{id}` (and `/api/jobs/{type}/{id}`), checked once: by the page, the
 * route handler, the find box (with and without JavaScript) and the not-found view. Each surface
 * answers in its own way (page → notFound(), API → 400 envelope, find box → a hint or the list), from
 * this one parser. No zod: the find box and the not-found view run in the browser; the zod schemas of
 * lib/jobs/schemas.server.ts use the same patterns and say the same things (lib/jobs/route.test.ts).
 */
import { isJobType, JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { JOB_ID_MAX_LENGTH, JOB_ID_PATTERN } from "./list-params";

export type JobRouteProblem = "type" | "id";

export type JobRoute =
  | { ok: true; type: JobType; id: string }
  | {
      ok: false;
      /** the first part that is wrong (the type when both are) */
      problem: JobRouteProblem;
      /** every problem, as the route handler's 400 says it, e.g. `id: job id must be letters, digits, - or _` */
      message: string;
      /** each part that is fine on its own, or null: the not-found view names what it can */
      type: JobType | null;
      id: string | null;
    };

export const JOB_TYPE_MESSAGE = `type must be one of ${JOB_TYPES.join(", ")}`;
export const JOB_ID_MESSAGE = "job id must be letters, digits, - or _";

function received(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}

/** What is wrong with an id, in the order (and words) zod's `jobIdSchema` reports it. */
function idProblems(id: unknown): string[] {
  if (typeof id !== "string") return [`Invalid input: expected string, received ${received(id)}`];
  const problems: string[] = [];
  if (id.length < 1) problems.push("Too small: expected string to have >=1 characters");
  if (id.length > JOB_ID_MAX_LENGTH)
    problems.push(`Too big: expected string to have <=${JOB_ID_MAX_LENGTH} characters`);
  if (!JOB_ID_PATTERN.test(id)) problems.push(JOB_ID_MESSAGE);
  return problems;
}

/**
 * Check a job route's params as they arrive (no trimming, no decoding: a find box trims what was
 * typed before asking). Anything that is not exactly a job type and a job id is refused.
 */
export function parseJobRoute(params: { readonly type?: unknown; readonly id?: unknown }): JobRoute {
  const type = isJobType(params.type) ? params.type : null;
  const idIssues = idProblems(params.id);
  const id = idIssues.length === 0 ? (params.id as string) : null;
  if (type !== null && id !== null) return { ok: true, type, id };
  const messages = [
    ...(type === null ? [`type: ${JOB_TYPE_MESSAGE}`] : []),
    ...idIssues.map((issue) => `id: ${issue}`),
  ];
  return { ok: false, problem: type === null ? "type" : "id", message: messages.join("; "), type, id };
}

/** What a find box was given: a job id, and the job type when a pasted link names it. */
export interface JobReference {
  id: string;
  type: JobType | null;
  /** the query of a pasted dashboard link (its tab, error group, filter, zone), kept as the view to open */
  search: string;
}

/** The id segment of a link, decoded; null when it cannot be one. */
function idSegment(segment: string | undefined): string | null {
  if (segment === undefined) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return idProblems(decoded).length === 0 ? decoded : null;
}

/**
 * A job id as typed, or taken from a pasted link: the dashboard's own job page
 * (`https://host/jobs/item-create/ID?tab=errors`, or its `/api/jobs/item-create/ID`) or Klaviyo's API
 * (`https://a.klaviyo.com/api/catalog-item-bulk-create-jobs/ID/`, also with `/relationships/items`
 * after it). Null when the text is neither an id nor a link to a job. The input is trimmed here.
 */
export function parseJobReference(input: string): JobReference | null {
  const text = input.trim();
  if (idProblems(text).length === 0) return { id: text, type: null, search: "" };
  if (!text.includes("/")) return null;
  let url: URL;
  try {
    // A link without a scheme ("host/jobs/…") or a bare path ("/jobs/…") is read like one with it.
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text.replace(/^\/+/, "x.invalid/")}`);
  } catch {
    return null;
  }
  const segments = url.pathname.split("/").filter(Boolean);
  // The dashboard: /jobs/{type}/{id} or /api/jobs/{type}/{id}.
  const jobs = segments.indexOf("jobs");
  if (jobs >= 0 && isJobType(segments[jobs + 1])) {
    const id = idSegment(segments[jobs + 2]);
    if (id) return { id, type: segments[jobs + 1] as JobType, search: segments[0] === "api" ? "" : url.search };
  }
  // Klaviyo: /api/catalog-{resource}-bulk-{operation}-jobs/{id}[/…].
  const kind = segments.findIndex((s) => /^catalog-[a-z]+-bulk-[a-z]+-jobs$/.test(s));
  if (kind >= 0) {
    const type = JOB_TYPES.find((t) => JOB_TYPE_INFO[t].path === `/api/${segments[kind]}`) ?? null;
    const id = idSegment(segments[kind + 1]);
    if (id) return { id, type, search: "" };
  }
  return null;
}
