import "server-only";
/**
 * What the job history can say right now, for the pages: whether the store answers, where its
 * history starts, and how fresh the collector is. Read with a short timeout and remembered for a few
 * seconds: every page asks, and none may wait on a stopped database.
 */
import { currentStoreAccount } from "@/lib/accounts/current.server";
import { getMeta, storedSummary } from "@/lib/store/jobs";
import { currentStore, pingStore, storeState, withTimeout } from "@/lib/store/shared";
import type { HistoryFacts } from "./types";

const REMEMBER_MS = 5_000;
const TIMEOUT_MS = 1_500;

let last: { at: number; facts: HistoryFacts } | null = null;
let downSince: string | null = null;

async function read(): Promise<HistoryFacts> {
  const state = storeState();
  const store = currentStore();
  const down = (): HistoryFacts => {
    downSince ??= new Date().toISOString();
    return { state: "down", since: null, jobs: null, lastPass: null, downSince };
  };
  if (state.state === "opening") return { state: "starting", since: null, jobs: null, lastPass: null, downSince: null };
  if (state.state === "unreachable" || !store) return down();
  if ((await pingStore(TIMEOUT_MS)) !== "ok") return down();
  const account = await currentStoreAccount();
  try {
    const [since, lastPass, summary] = await withTimeout(
      Promise.all([
        getMeta<string>(store.db, `history_since:${account}`),
        getMeta<string>(store.db, `last_pass:${account}`),
        storedSummary(store.db, account),
      ]),
      TIMEOUT_MS,
    );
    downSince = null;
    return { state: "up", since, jobs: summary.jobs, lastPass, downSince: null };
  } catch {
    return down();
  }
}

export async function historyFacts(now = Date.now()): Promise<HistoryFacts> {
  if (last && now - last.at < REMEMBER_MS) return last.facts;
  const facts = await read();
  last = { at: now, facts };
  return facts;
}

/** Forgets the remembered answer (tests). */
export function forgetHistoryFacts(): void {
  last = null;
  downSince = null;
}
