/**
 * The dataset as the API shows it at a moment: which jobs exist (created and not yet expired), their
 * status, counts, errors and relationships. The HTTP handler and tests elsewhere read the same store,
 * so aggregates checked against it are what the simulator serves.
 */
import { JOB_TYPES, type JobType, type KnownJobStatus } from "@/lib/job-types";
import type { SimClock } from "@/lib/klaviyo-simulator/controls/clock";
import { formatTimestamp } from "@/lib/klaviyo-simulator/http/timestamps";
import type { Dataset, JobPlan } from "./dataset";
import {
  failedBefore,
  isVisible,
  type JobErrorSnapshot,
  jobErrorsAt,
  processedAt,
  statusAt,
  succeededEntries,
} from "./job-state";
import type { SyncKind } from "./sync-recipes";

export interface JobSnapshot {
  type: JobType;
  id: string;
  /** the sync (burst) this job belongs to */
  syncId: string;
  status: KnownJobStatus;
  /** wire-format timestamps, exactly as the API writes them */
  createdAt: string;
  completedAt: string | null;
  expiresAt: string | null;
  totalCount: number;
  completedCount: number;
  failedCount: number;
  errors: JobErrorSnapshot[];
  /** `$custom:::$default:::…` ids of the resources created, updated or deleted so far */
  relatedIds: string[];
}

export interface SyncSnapshot {
  id: string;
  kind: SyncKind;
  /** wire-format created_at of its first and last visible job */
  firstCreatedAt: string;
  lastCreatedAt: string;
  jobs: Array<{ type: JobType; id: string; status: KnownJobStatus }>;
}

export interface SimulatorStore {
  readonly seed: number;
  /** jobs of one kind the API would list at `at` (default: the clock), newest first */
  listJobs(type: JobType, options?: { status?: KnownJobStatus; at?: number }): JobSnapshot[];
  /** one job as get-one would show it, or null where the API answers 404 */
  getJob(type: JobType, id: string, at?: number): JobSnapshot | null;
  /** every visible job of every kind, newest first */
  listAllJobs(at?: number): JobSnapshot[];
  /** the syncs (bursts) that have at least one visible job, oldest first */
  listSyncs(at?: number): SyncSnapshot[];
}

/** The job at `at` without its related ids (which cost one id per processed entry to build). */
export function stateOf(seed: number, plan: JobPlan, at: number): Omit<JobSnapshot, "relatedIds"> {
  const status = statusAt(plan, at);
  const processed = processedAt(plan, at);
  const failed = failedBefore(plan, processed);
  const ended = status === "complete" || status === "cancelled";
  return {
    type: plan.type,
    id: plan.id,
    syncId: plan.syncId,
    status,
    createdAt: formatTimestamp(plan.createdAt),
    completedAt: ended ? formatTimestamp(plan.endAt) : null,
    expiresAt: ended ? formatTimestamp(plan.expiresAt) : null,
    totalCount: plan.total,
    completedCount: processed - failed,
    failedCount: failed,
    errors: jobErrorsAt(seed, plan, processed),
  };
}

export function relatedIdsOf(seed: number, plan: JobPlan, at: number): string[] {
  return succeededEntries(seed, plan, processedAt(plan, at)).map((entry) => entry.id);
}

export function snapshotOf(seed: number, plan: JobPlan, at: number): JobSnapshot {
  return { ...stateOf(seed, plan, at), relatedIds: relatedIdsOf(seed, plan, at) };
}

/** Visible plans of one kind at `at`, newest first, optionally of one status. Cheap: no snapshots. */
export function visiblePlans(dataset: Dataset, type: JobType, at: number, status?: KnownJobStatus): JobPlan[] {
  const plans = dataset.byType[type];
  const out: JobPlan[] = [];
  for (const plan of plans) {
    if (!isVisible(plan, at)) continue;
    if (status && statusAt(plan, at) !== status) continue;
    out.push(plan);
  }
  return out;
}

export function findVisiblePlan(dataset: Dataset, type: JobType, id: string, at: number): JobPlan | null {
  const plan = dataset.byId.get(id);
  return plan && plan.type === type && isVisible(plan, at) ? plan : null;
}

export function createStore(seed: number, dataset: () => Dataset, clock: SimClock): SimulatorStore {
  return {
    seed,
    listJobs: (type, options = {}) => {
      const at = options.at ?? clock.now();
      return visiblePlans(dataset(), type, at, options.status).map((plan) => snapshotOf(seed, plan, at));
    },
    getJob: (type, id, at = clock.now()) => {
      const plan = findVisiblePlan(dataset(), type, id, at);
      return plan ? snapshotOf(seed, plan, at) : null;
    },
    listAllJobs: (at = clock.now()) =>
      JOB_TYPES.flatMap((type) => visiblePlans(dataset(), type, at))
        .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
        .map((plan) => snapshotOf(seed, plan, at)),
    listSyncs: (at = clock.now()) =>
      dataset().syncs.flatMap((sync) => {
        const jobs = sync.jobs.filter((plan) => isVisible(plan, at));
        const first = jobs[0];
        const last = jobs[jobs.length - 1];
        if (!first || !last) return [];
        return [
          {
            id: sync.id,
            kind: sync.kind,
            firstCreatedAt: formatTimestamp(first.createdAt),
            lastCreatedAt: formatTimestamp(last.createdAt),
            jobs: jobs.map((plan) => ({ type: plan.type, id: plan.id, status: statusAt(plan, at) })),
          },
        ];
      }),
  };
}
