/**
 * Lays the syncs' jobs on a timeline the way Klaviyo would run them:
 * - an account has at most MAX_IN_PROGRESS jobs queued or processing; a client that hits the cap
 *   retries its POST when a slot frees, so the rest of its sync slides later;
 * - a pool of WORKERS processes jobs first-in first-out, each at a per-kind speed, so a big import
 *   leaves a long queue that later syncs wait behind;
 * - a few jobs are cancelled part-way through.
 */
import { JOB_TYPE_INFO, type JobType } from "@/lib/job-types";
import { ulid } from "./ids";
import { MinHeap } from "./min-heap";
import { chance, hashSeed, type Rng, randFloat, randInt, rngFor } from "./prng";
import type { SyncIntent, SyncKind } from "./sync-recipes";

export const MAX_OPS_PER_JOB = 100;
export const MAX_IN_PROGRESS = 500;
export const WORKERS = 12;
export const RETENTION_MS = 7 * 24 * 3_600_000;
const CANCEL_RATE = 0.012;

export interface ScheduledJob {
  type: JobType;
  id: string;
  syncIndex: number;
  seed: number;
  createdAt: number;
  startAt: number;
  /** time to process every entry; the job finishes at startAt + durationMs unless cancelled */
  durationMs: number;
  /** finish or cancellation time */
  endAt: number;
  cancelled: boolean;
  total: number;
  firstNumber: number;
}

export interface ScheduledSync {
  index: number;
  kind: SyncKind;
  jobs: ScheduledJob[];
}

/** Milliseconds one operation takes: deletes are cheap, items and variants carry images to fetch. */
function msPerOp(rng: Rng, type: JobType): number {
  const { resource, operation } = JOB_TYPE_INFO[type];
  if (operation === "delete") return randFloat(rng, 60, 250);
  if (resource === "category") return randFloat(rng, 150, 500);
  if (resource === "variant") return randFloat(rng, 250, 900);
  return randFloat(rng, 350, 1_100);
}

export function scheduleSyncs(seed: number, intents: readonly SyncIntent[]): ScheduledSync[] {
  const active = new MinHeap(); // end times of jobs queued or processing
  const workers = new MinHeap(); // when each worker is next free
  for (let i = 0; i < WORKERS; i++) workers.push(-Infinity);
  const syncs: ScheduledSync[] = [];
  let lastCreated = -Infinity;
  let jobCounter = 0;

  intents.forEach((intent, intentIndex) => {
    // A delta whose slot is taken by a sync still submitting is skipped, like a cron that sees a lock.
    if (intent.at <= lastCreated && intent.kind === "delta") return;
    const rng = rngFor(seed, "schedule", intentIndex);
    const sync: ScheduledSync = { index: syncs.length, kind: intent.kind, jobs: [] };
    let clock = Math.max(intent.at, lastCreated + randInt(rng, 60, 240) * 1_000) + randInt(rng, 0, 20_000);

    intent.steps.forEach((step, stepIndex) => {
      if (stepIndex > 0) clock += randFloat(rng, intent.stepGap[0], intent.stepGap[1]) * 1_000;
      for (let offset = 0; offset < step.ops; offset += MAX_OPS_PER_JOB) {
        if (offset > 0) clock += randFloat(rng, intent.jobGap[0], intent.jobGap[1]) * 1_000;
        while ((active.peek() ?? Infinity) <= clock) active.pop();
        if (active.size >= MAX_IN_PROGRESS) {
          // Klaviyo refuses the POST; the client tries again just after the next job ends.
          clock = (active.pop() as number) + randInt(rng, 50, 1_500);
          while ((active.peek() ?? Infinity) <= clock) active.pop();
        }
        const createdAt = Math.round(clock);
        const total = Math.min(MAX_OPS_PER_JOB, step.ops - offset);
        const jobSeed = hashSeed(seed, "job", jobCounter);
        const jobRng = rngFor(jobSeed, "timing");
        const startAt = Math.max(createdAt + randInt(jobRng, 500, 3_000), workers.pop() as number);
        const durationMs = Math.round(total * msPerOp(jobRng, step.type));
        const cancelled = chance(jobRng, CANCEL_RATE);
        const endAt = cancelled
          ? startAt + Math.round(durationMs * randFloat(jobRng, 0.05, 0.9))
          : startAt + durationMs;
        workers.push(endAt);
        active.push(endAt);
        sync.jobs.push({
          type: step.type,
          id: ulid(createdAt, rngFor(jobSeed, "id")),
          syncIndex: sync.index,
          seed: jobSeed,
          createdAt,
          startAt,
          durationMs,
          endAt,
          cancelled,
          total,
          firstNumber: step.firstNumber + offset,
        });
        jobCounter++;
        lastCreated = createdAt;
      }
    });
    if (sync.jobs.length > 0) syncs.push(sync);
  });
  return syncs;
}
