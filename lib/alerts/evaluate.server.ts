/**
 * Rule evaluation, after each collector pass, from the store alone (no Klaviyo call): the jobs
 * created lately, grouped into runs the way the run pages group them, each active rule checked
 * against them, and every alert decided through the outbox. Subjects are chosen so that one run
 * gives each rule one event however many passes see it (`run:<from>`), and the in-progress rule
 * one per interval; the outbox's unique key does the rest.
 */
import { isTerminalStatus } from "../job-types";
import { createdMs, groupRuns } from "../runs/group";
import { DEFAULT_GAP_MINUTES } from "../runs/params";
import { summarizeRun } from "../runs/summary";
import { activeRules, jobsCreatedSince, lastProgress, markRuleDone, type RuleRow } from "../store/alert-rules";
import { decideEvent } from "../store/alerts";
import type { Db } from "../store/open";
import type { Job } from "../types";
import {
  failureRate,
  failureRateMessage,
  inProgressMessage,
  jobMessage,
  runFinishedMessage,
  stalledRunMessage,
} from "./compose";
import type { AlertMessage } from "./message";
import type { RuleKind, RuleScope } from "./rules";

export const RUN_GAP_MS = DEFAULT_GAP_MINUTES * 60_000;
/** Runs are watched while their jobs were created within this long. */
export const LOOKBACK_MS = 24 * 3_600_000;

export interface EvaluateOptions {
  db: Db;
  account: string;
  now: number;
  publicUrl?: string;
}

/**
 * When a run finished: all its jobs are final and the gap has passed since its last job was created
 * (a later job would have joined it until then); the later of that and its last completion. Null
 * while it may still change.
 */
export function runFinishedAt(jobs: readonly Job[], now: number): number | null {
  if (jobs.some((job) => !isTerminalStatus(job.status))) return null;
  const lastCreated = Math.max(...jobs.map(createdMs));
  if (now - lastCreated < RUN_GAP_MS) return null;
  const lastCompleted = Math.max(...jobs.map((job) => (job.completedAt ? Date.parse(job.completedAt) : 0)));
  return Math.max(lastCreated + RUN_GAP_MS, lastCompleted);
}

function runInScope(run: readonly Job[], scope: RuleScope): boolean {
  switch (scope.kind) {
    case "all":
      return true;
    case "type":
      return run.some((job) => job.type === scope.type);
    case "run": {
      const from = Date.parse(scope.from);
      const to = Date.parse(scope.to);
      return run.some((job) => createdMs(job) >= from && createdMs(job) <= to);
    }
    case "job":
      return false;
  }
}

interface Fired {
  subject: string;
  message: AlertMessage;
}

function evaluateRule(
  rule: RuleRow,
  context: { runs: Job[][]; jobs: Job[]; progress: Map<string, number> | null; now: number; publicUrl?: string },
): Fired[] {
  const { runs, jobs, now, publicUrl } = context;
  const scope = rule.scope as RuleScope;
  const params = rule.params as { threshold?: number; minutes?: number; minIntervalMinutes?: number };
  const createdAt = rule.createdAt.getTime();
  const kind = rule.kind as RuleKind;
  const moved = (job: Job) =>
    Math.max(
      context.progress?.get(`${job.type}/${job.id}`) ?? 0,
      createdMs(job),
      job.completedAt ? Date.parse(job.completedAt) : 0,
    );

  if (scope.kind === "job") {
    const job = jobs.find((candidate) => candidate.type === scope.type && candidate.id === scope.id);
    if (!job) return [];
    const subject = `job:${job.type}/${job.id}`;
    if (kind === "run_finished" && isTerminalStatus(job.status)) {
      return [{ subject, message: jobMessage(job, "finished", 0, publicUrl) }];
    }
    if (kind === "failure_rate" && failureRate(job.completedCount, job.failedCount) > (params.threshold ?? 5)) {
      return [{ subject, message: jobMessage(job, "finished", 0, publicUrl) }];
    }
    if (kind === "stalled" && !isTerminalStatus(job.status) && now - moved(job) >= (params.minutes ?? 15) * 60_000) {
      return [{ subject, message: jobMessage(job, "stalled", now - moved(job), publicUrl) }];
    }
    return [];
  }

  if (kind === "in_progress_share") {
    const count = jobs.filter(
      (job) =>
        (job.status === "queued" || job.status === "processing") && (scope.kind !== "type" || job.type === scope.type),
    ).length;
    const threshold = params.threshold ?? 90;
    if (count < (threshold / 100) * 500) return [];
    const intervalMs = (params.minIntervalMinutes ?? 60) * 60_000;
    return [
      {
        subject: `in-progress:${Math.floor(now / intervalMs)}`,
        message: inProgressMessage(count, threshold, publicUrl),
      },
    ];
  }

  const fired: Fired[] = [];
  for (const run of runs) {
    if (!runInScope(run, scope)) continue;
    const subject = `run:${summarizeRun(run).from}`;
    const finishedAt = runFinishedAt(run, now);
    // A rule speaks of runs that end after it was made (a watch on one run: whenever it ends).
    const before = scope.kind !== "run" && finishedAt !== null && finishedAt < createdAt;
    if (before) continue;
    if (kind === "run_finished" && finishedAt !== null) {
      fired.push({ subject, message: runFinishedMessage(run, now, publicUrl) });
    } else if (kind === "failure_rate") {
      const ops = summarizeRun(run).operations;
      const threshold = params.threshold ?? 5;
      if (failureRate(ops.completed, ops.failed) > threshold) {
        fired.push({ subject, message: failureRateMessage(run, threshold, publicUrl) });
      }
    } else if (kind === "stalled" && finishedAt === null) {
      const running = run.filter((job) => !isTerminalStatus(job.status));
      const idle = now - Math.max(...run.map(moved));
      if (running.length > 0 && idle >= (params.minutes ?? 15) * 60_000) {
        fired.push({ subject, message: stalledRunMessage(run, idle, publicUrl) });
      }
    }
  }
  return fired;
}

/** Checks every active rule; returns how many new events were decided. */
export async function evaluateAlerts(options: EvaluateOptions): Promise<number> {
  const { db, account, now } = options;
  const rules = await activeRules(db);
  if (rules.length === 0) return 0;
  const jobs = await jobsCreatedSince(db, account, new Date(now - LOOKBACK_MS));
  const runs = groupRuns(jobs, RUN_GAP_MS);
  const progress = rules.some((rule) => rule.kind === "stalled") ? await lastProgress(db, account) : null;
  let decided = 0;
  for (const rule of rules) {
    const fired = evaluateRule(rule, { runs, jobs, progress, now, publicUrl: options.publicUrl });
    for (const { subject, message } of fired) {
      const id = await decideEvent(db, {
        ruleId: rule.id,
        subject,
        kind: rule.kind,
        title: message.title,
        message,
        channelIds: rule.channelIds,
        at: new Date(now),
      });
      if (id) decided += 1;
    }
    if (rule.oneOff && fired.length > 0) await markRuleDone(db, rule.id, new Date(now));
  }
  return decided;
}
