/**
 * The generated catalog-sync history: every job with its timing, the catalog numbers it touches and
 * which of its entries fail and why. It is immutable and keyed only by (seed, anchor), so it is built
 * once and shared; job states at a given time are derived from it by store.ts on every read.
 */
import { JOB_TYPES, type JobType } from "@/lib/job-types";
import { ERROR_TEMPLATES } from "./job-errors";
import { chance, hashSeed, type Rng, randFloat, randInt, rngFor, weighted } from "./prng";
import { RETENTION_MS, type ScheduledJob, scheduleSyncs } from "./schedule";
import { planSyncs, type SyncKind } from "./sync-recipes";

export interface EntryFailure {
  /** index of the entry in the submitted payload */
  index: number;
  /** index into ERROR_TEMPLATES[type] */
  template: number;
}

export interface JobPlan extends ScheduledJob {
  syncId: string;
  /** when the job disappears from the API (a retention after it ended) */
  expiresAt: number;
  /** failing entries, by ascending index */
  failures: readonly EntryFailure[];
}

export interface SyncPlan {
  id: string;
  kind: SyncKind;
  jobs: readonly JobPlan[];
}

export interface Dataset {
  seed: number;
  anchor: number;
  /** per kind, newest first (created_at, then id, descending) */
  byType: Readonly<Record<JobType, readonly JobPlan[]>>;
  byId: ReadonlyMap<string, JobPlan>;
  syncs: readonly SyncPlan[];
}

const TEMPLATE_WEIGHTS = new Map<JobType, ReadonlyArray<readonly [number, number]>>(
  JOB_TYPES.map((type) => [type, ERROR_TEMPLATES[type].map((template, i) => [i, template.weight] as const)]),
);

function pickTemplate(rng: Rng, type: JobType): number {
  return weighted(rng, TEMPLATE_WEIGHTS.get(type) ?? []);
}

/**
 * Most jobs are clean; some lose a few entries; a few lose most of them. A sync whose feed is broken
 * for one kind (say every price arrives as "12,99") fails the same way across all its jobs of that kind.
 */
function failuresFor(seed: number, job: ScheduledJob): EntryFailure[] {
  const rng = rngFor(job.seed, "failures");
  const brokenFeed = hashSeed(seed, "broken-feed", job.syncIndex, job.type) % 100 < 4;
  let rate: number;
  let fixedTemplate: number | null = null;
  if (brokenFeed) {
    rate = randFloat(rng, 0.6, 1);
    fixedTemplate = pickTemplate(rngFor(seed, "broken-feed-template", job.syncIndex, job.type), job.type);
  } else {
    const profile = weighted(rng, [
      ["clean", 70],
      ["light", 22],
      ["medium", 6],
      ["heavy", 2],
    ] as const);
    if (profile === "clean") return [];
    rate =
      profile === "light"
        ? randFloat(rng, 0.01, 0.05)
        : profile === "medium"
          ? randFloat(rng, 0.05, 0.3)
          : randFloat(rng, 0.5, 1);
    if (profile === "heavy") fixedTemplate = pickTemplate(rng, job.type);
  }
  const failures: EntryFailure[] = [];
  for (let index = 0; index < job.total; index++) {
    if (chance(rng, rate)) failures.push({ index, template: fixedTemplate ?? pickTemplate(rng, job.type) });
  }
  // A "light" job still shows at least one error, otherwise it is just clean.
  if (failures.length === 0)
    failures.push({ index: randInt(rng, 0, job.total - 1), template: fixedTemplate ?? pickTemplate(rng, job.type) });
  return failures;
}

export function newestFirst(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function build(seed: number, anchor: number): Dataset {
  const scheduled = scheduleSyncs(seed, planSyncs(seed, anchor));
  const byType = Object.fromEntries(JOB_TYPES.map((type) => [type, [] as JobPlan[]])) as Record<JobType, JobPlan[]>;
  const byId = new Map<string, JobPlan>();
  const syncs: SyncPlan[] = scheduled.map((sync) => {
    const id = `sync-${String(sync.index + 1).padStart(3, "0")}`;
    const jobs = sync.jobs.map((job): JobPlan => {
      const plan = { ...job, syncId: id, expiresAt: job.endAt + RETENTION_MS, failures: failuresFor(seed, job) };
      byType[job.type].push(plan);
      byId.set(job.id, plan);
      return plan;
    });
    return { id, kind: sync.kind, jobs };
  });
  for (const type of JOB_TYPES) byType[type].sort(newestFirst);
  return { seed, anchor, byType, byId, syncs };
}

const cache = new Map<string, Dataset>();
const CACHE_LIMIT = 8;

/** The dataset for (seed, anchor); repeated calls (one per simulator in a test run) share one copy. */
export function generateDataset(seed: number, anchor: number): Dataset {
  const key = `${seed}:${anchor}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dataset = build(seed, anchor);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, dataset);
  return dataset;
}
