import "server-only";
import { currentStoreAccount } from "@/lib/accounts/current.server";
/**
 * "Keep" on a job or a run: its stored jobs are pinned, so the daily prune (HISTORY_DAYS) passes them
 * by. A job the collector has not recorded yet is recorded first, from Klaviyo, so keeping works on a
 * job opened a second after it was created.
 */
import { ApiError } from "@/lib/http/errors";
import type { JobType } from "@/lib/job-types";
import { getJobOrKept } from "@/lib/jobs/kept.server";
import { getStoredJob, rangePinState, recordJobs, setPinned, setRangePinned } from "@/lib/store/jobs";
import type { Store } from "@/lib/store/open";
import { currentStore } from "@/lib/store/shared";
import type { KeepState } from "./types";

function openStore(): Store {
  const store = currentStore();
  if (!store) throw new ApiError("store_unavailable", "The job history is not available: nothing can be kept now.");
  return store;
}

/** Runs a store call, answering `store_unavailable` when the store fails (never its own message). */
async function onStore<T>(work: (store: Store, account: string) => Promise<T>): Promise<T> {
  const store = openStore();
  try {
    return await work(store, await currentStoreAccount());
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("store_unavailable", "The job history did not answer: try again in a moment.");
  }
}

export function jobKeepState(query: { type: JobType; id: string }): Promise<KeepState> {
  return onStore(async (store, account) => {
    const stored = await getStoredJob(store.db, account, query.type, query.id);
    return { stored: stored ? 1 : 0, kept: stored?.pinned ? 1 : 0 };
  });
}

export async function keepJob(query: { type: JobType; id: string }, keep: boolean): Promise<KeepState> {
  const store = openStore();
  const account = await currentStoreAccount();
  const known = await onStore((s, a) => getStoredJob(s.db, a, query.type, query.id));
  if (!known) {
    if (!keep) return { stored: 0, kept: 0 };
    // Not collected yet: read it (404 when Klaviyo has no such job), and record it as it is now.
    const detail = await getJobOrKept(query);
    await onStore((s, a) => recordJobs(s.db, a, [detail.job], new Date(detail.fetchedAt)));
  }
  await onStore(() => setPinned(store.db, account, query.type, query.id, keep));
  return jobKeepState(query);
}

export function runKeepState(window: { from: Date; to: Date }): Promise<KeepState> {
  return onStore(async (store, account) => {
    const { jobs, pinned } = await rangePinState(store.db, account, window.from, window.to);
    return { stored: jobs, kept: pinned };
  });
}

export async function keepRun(window: { from: Date; to: Date }, keep: boolean): Promise<KeepState> {
  await onStore((store, account) => setRangePinned(store.db, account, window.from, window.to, keep));
  return runKeepState(window);
}
