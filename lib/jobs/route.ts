/**
 * A job's route, `/jobs/{type}/{id}` (and `/api/jobs/{type}/{id}`), checked once: by the page, the
 * route handler, the find box (with and without JavaScript) and the not-found view. Each surface
 * answers in its own way (page → notFound(), API → 400 envelope, find box → a hint or the list), from
 * this one parser. No zod: the find box and the not-found view run in the browser; the zod schemas of
 * lib/jobs/schemas.server.ts use the same patterns and say the same things (lib/jobs/route.test.ts).
 */
import { isJobType, JOB_TYPES, type JobType } from "@/lib/job-types";
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
