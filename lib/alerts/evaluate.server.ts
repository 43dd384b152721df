/**
 * Rule evaluation, after each collector pass, from the store alone (no Klaviyo call): the jobs
 * created lately, grouped into runs the way the run pages group them, each active rule checked
 * against them, and every alert decided through the outbox. Subjects are chosen so that one run
 * gives each rule one event however many passes see it (`run:<from>`), the in-progress rule one
 * per interval, and the collector's trouble one per episode (named by when it began); the outbox's
 * unique key does the rest.
 */
import { isTerminalStatus } from "../job-types";
import { runErrors } from "../runs/answers";
import { createdMs, groupRuns } from "../runs/group";
import { DEFAULT_GAP_MINUTES } from "../runs/params";
import { summarizeRun } from "../runs/summary";
import { activeRules, jobsCreatedSince, lastProgress, markRuleDone, type RuleRow } from "../store/alert-rules";
import { decideEvent } from "../store/alerts";
import type { Db } from "../store/open";
import type { Job } from "../types";
import {
  collectorBehindMessage,
  failureRate,
  failureRateMessage,
  inProgressMessage,
  jobMessage,
  newErrorGroupMessage,
  runFinishedMessage,
  stalledRunMessage,
  upstreamTroubleMessage,
} from "./compose";
import type { AlertMessage } from "./message";
import type { RuleKind, RuleScope } from "./rules";

export const RUN_GAP_MS = DEFAULT_GAP_MINUTES * 60_000;
/** Runs are watched while their jobs were created within this long. */
export const LOOKBACK_MS = 24 * 3_600_000;
/** The runs an error group is looked for in, to call it new, go back at most this far. */
export const ERROR_HISTORY_MS = 30 * 24 * 3_600_000;

/** How the collector and Klaviyo are doing, as the collector saw it at this evaluation. */
export interface WatchHealth {
  /** the end of the last good pass before the latest began (or the collector's start) */
  behindSince: number;
  /** since when Klaviyo has answered only 429s and 5xx, or not at all; null while it answers */
  upstreamTroubleSince: number | null;
}

export interface EvaluateOptions {
  db: Db;
  /** the stored account: its rules are checked against its jobs */
  account: string;
  now: number;
  /** what links start with: PUBLIC_URL, and `/a/{account}` with several accounts (see linkBase) */
  publicUrl?: string;
  /** unset: rules about the collector itself are not checked (nothing to judge them by) */
  health?: WatchHealth;
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

/** Error groups (code, title and field, as the run pages group them) of a run's jobs. */
const errorGroupsOf = (run: readonly Job[]) => runErrors(run).groups;

/**
 * Error groups in `run` that none of the `count` runs before it (in scope) had; null when no run
 * before it is held, since then nothing can be called new.
 */
function newErrorGroups(runs: Job[][], index: number, count: number, scope: RuleScope) {
  const run = runs[index]!;
  const ofType = (jobs: readonly Job[]) =>
    scope.kind === "type" ? jobs.filter((job) => job.type === scope.type) : jobs;
  const earlier = runs
    .slice(index + 1)
    .filter((candidate) => ofType(candidate).length > 0)
    .slice(0, count);
  if (earlier.length === 0) return null;
  const seen = new Set(earlier.flatMap((candidate) => errorGroupsOf(ofType(candidate)).map((group) => group.key)));
  return { groups: errorGroupsOf(ofType(run)).filter((group) => !seen.has(group.key)), compared: earlier.length };
}

interface RuleContext {
  /** newest first; those within LOOKBACK_MS, and (when a rule needs them) the older ones after */
  runs: Job[][];
  /** how many of `runs` are recent enough to be watched */
  recentRuns: number;
  jobs: Job[];
  progress: Map<string, number> | null;
  now: number;
  publicUrl?: string;
  health?: WatchHealth;
}

function evaluateRule(rule: RuleRow, context: RuleContext): Fired[] {
  const { runs, jobs, now, publicUrl } = context;
  const scope = rule.scope as RuleScope;
  const params = rule.params as {
    threshold?: number;
    minutes?: number;
    minIntervalMinutes?: number;
    runs?: number;
  };
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

  if (kind === "collector_trouble") {
    const health = context.health;
    if (!health) return [];
    const limitMs = (params.minutes ?? 10) * 60_000;
    const fired: Fired[] = [];
    if (now - health.behindSince >= limitMs) {
      fired.push({
        subject: `behind:${new Date(health.behindSince).toISOString()}`,
        message: collectorBehindMessage(now - health.behindSince, limitMs, publicUrl),
      });
    }
    const trouble = health.upstreamTroubleSince;
    if (trouble !== null && now - trouble >= limitMs) {
      fired.push({
        subject: `upstream:${new Date(trouble).toISOString()}`,
        message: upstreamTroubleMessage(now - trouble, limitMs, publicUrl),
      });
    }
    return fired;
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
  for (const [index, run] of runs.slice(0, context.recentRuns).entries()) {
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
    } else if (kind === "new_error_group") {
      const found = newErrorGroups(runs, index, params.runs ?? 5, scope);
      if (found && found.groups.length > 0) {
        fired.push({ subject, message: newErrorGroupMessage(run, found.groups, found.compared, publicUrl) });
      }
    }
  }
  return fired;
}

/** Checks every active rule of the account; returns how many new events were decided. */
export async function evaluateAlerts(options: EvaluateOptions): Promise<number> {
  const { db, account, now } = options;
  const rules = await activeRules(db, account);
  if (rules.length === 0) return 0;
  // A new error group is new against earlier runs, which may be older than the watched day.
  const since = now - (rules.some((rule) => rule.kind === "new_error_group") ? ERROR_HISTORY_MS : LOOKBACK_MS);
  const held = await jobsCreatedSince(db, account, new Date(since));
  const runs = groupRuns(held, RUN_GAP_MS);
  const recent = (job: Job) => createdMs(job) >= now - LOOKBACK_MS;
  const recentRuns = runs.filter((run) => run.some(recent)).length;
  const jobs = held.filter(recent);
  const progress = rules.some((rule) => rule.kind === "stalled") ? await lastProgress(db, account) : null;
  let decided = 0;
  for (const rule of rules) {
    const fired = evaluateRule(rule, {
      runs,
      recentRuns,
      jobs,
      progress,
      now,
      publicUrl: options.publicUrl,
      health: options.health,
    });
    for (const { subject, message } of fired) {
      const id = await decideEvent(db, {
        account,
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
