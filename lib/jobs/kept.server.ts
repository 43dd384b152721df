import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * One job for a person: live from Klaviyo while Klaviyo has it; once Klaviyo answers 404 (the job
 * passed its expires_at), the copy the store kept, with its errors and items and the date it went.
 */
import { ApiError } from "@/lib/http/errors";
import type { JobType } from "@/lib/job-types";
import { getJob } from "@/lib/klaviyo";
import { getStoredJob, markGone } from "@/lib/store/jobs";
import { currentStore } from "@/lib/store/shared";
import type { Job, JobDetail } from "@/lib/types";

export async function getJobOrKept(query: { type: JobType; id: string }): Promise<JobDetail> {
  try {
    return await getJob(query);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "not_found")) throw error;
    const store = currentStore();
    if (!store) throw error;
    const account = await currentStoreAccount();
    const stored = await getStoredJob(store.db, account, query.type, query.id).catch(() => null);
    if (!stored) throw error;
    const goneAt = stored.goneAt ?? new Date().toISOString();
    if (!stored.goneAt) await markGone(store.db, account, query.type, query.id, new Date(goneAt)).catch(() => {});
    const job: Job = {
      type: stored.type,
      id: stored.id,
      status: stored.status,
      createdAt: stored.createdAt,
      completedAt: stored.completedAt,
      expiresAt: stored.expiresAt,
      totalCount: stored.totalCount,
      completedCount: stored.completedCount,
      failedCount: stored.failedCount,
      errors: stored.errors,
      relatedIds: stored.relatedIds,
    };
    const { included, observedAt } = stored;
    return { job, included: included ?? [], fetchedAt: observedAt, kept: { goneAt, observedAt } };
  }
}
