import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * Where a job id lives when it is not under the type a link names. Klaviyo has no job search and an
 * id does not say its type, so the other types are asked one by one, a few at once: a bounded search
 * (eight reads at most), made for a person who opened a link, through the one Klaviyo door and its limiter.
 * The job history is asked first: a job it holds under another type costs no Klaviyo read at all.
 */
import { ApiError, type ErrorCode } from "@/lib/http/errors";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType } from "@/lib/job-types";
import { getJob } from "@/lib/klaviyo";
import { typesOfId } from "@/lib/store/jobs";
import { currentStore } from "@/lib/store/shared";

export type JobLookup =
  | { kind: "found"; type: JobType }
  /** no other type has it */
  | { kind: "missing" }
  /** the search stopped before every type answered (rate limited, Klaviyo failing, or too slow) */
  | { kind: "incomplete"; code: ErrorCode | "timeout"; checked: JobType[] };

/** Reads in flight at once: enough to answer quickly, few enough to leave the budget to the rest. */
export const LOOKUP_CONCURRENCY = 3;
/** A page waits this long for the search at most; then it says the search could not finish. */
export const LOOKUP_DEADLINE_MS = 8_000;

/** The other types, those of the same resource first (an item id under "item create" is most likely an item's). */
export function otherTypes(type: JobType): JobType[] {
  const resource = JOB_TYPE_INFO[type].resource;
  const others = JOB_TYPES.filter((t) => t !== type);
  return [
    ...others.filter((t) => JOB_TYPE_INFO[t].resource === resource),
    ...others.filter((t) => JOB_TYPE_INFO[t].resource !== resource),
  ];
}

/** The other types the history holds this id under; none when it cannot say (no store, or it failed). */
async function storedTypes(id: string): Promise<JobType[]> {
  const store = currentStore();
  if (!store) return [];
  return typesOfId(store.db, await currentStoreAccount(), id).catch(() => []);
}

export async function lookUpElsewhere(
  type: JobType,
  id: string,
  options: { deadlineMs?: number; read?: typeof getJob; stored?: (id: string) => Promise<JobType[]> } = {},
): Promise<JobLookup> {
  const known = (await (options.stored ?? storedTypes)(id)).find((t) => t !== type);
  if (known) return { kind: "found", type: known };
  const read = options.read ?? getJob;
  const queue = otherTypes(type);
  const checked: JobType[] = [];
  let result: JobLookup | null = null;

  async function worker() {
    for (let next = queue.shift(); next && !result; next = queue.shift()) {
      try {
        await read({ type: next, id }, "person");
        result ??= { kind: "found", type: next };
      } catch (error) {
        if (error instanceof ApiError && error.code === "not_found") checked.push(next);
        else result ??= { kind: "incomplete", code: error instanceof ApiError ? error.code : "internal", checked };
      }
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.deadlineMs ?? LOOKUP_DEADLINE_MS);
  });
  const workers = Promise.all(Array.from({ length: LOOKUP_CONCURRENCY }, worker));
  const outcome = await Promise.race([workers, deadline]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    queue.length = 0;
    return result ?? { kind: "incomplete", code: "timeout", checked: [...checked] };
  }
  return result ?? { kind: "missing" };
}
