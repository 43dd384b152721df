/**
 * The words and figures of each alert, from list data only (no Klaviyo call): a run's summary, a
 * failure rate, a new error group, a stall, the in-progress count, the collector's trouble. Links
 * name the page that answers the question.
 */
import { formatCount, formatDuration } from "../format";
import { fieldParam, jobDetailPath } from "../jobs/detail-params";
import { type RunErrorGroup, runErrors } from "../runs/answers";
import { runHref } from "../runs/params";
import { KLAVIYO_MAX_IN_PROGRESS, runTiming, summarizeRun } from "../runs/summary";
import type { Job } from "../types";
import { type AlertMessage, dashboardLink } from "./message";

const TOP_GROUPS = 3;

/** Failed operations out of processed ones, as a percentage with one decimal. */
export function failureRate(completed: number, failed: number): number {
  const processed = completed + failed;
  return processed === 0 ? 0 : Math.round((failed / processed) * 1000) / 10;
}

function topErrorLines(jobs: readonly Job[], publicUrl: string | undefined): { lines: string[]; links: string[] } {
  return errorGroupLines(runErrors(jobs).groups.slice(0, TOP_GROUPS), publicUrl);
}

/** A line per error group, each with the link that opens it on one of its jobs. */
function errorGroupLines(
  groups: readonly RunErrorGroup[],
  publicUrl: string | undefined,
): { lines: string[]; links: string[] } {
  const links = groups.map((group) => {
    const job = group.jobs[0]!;
    const query = new URLSearchParams({ tab: "errors", code: group.code, field: fieldParam(group.field) });
    return dashboardLink(publicUrl, `${jobDetailPath(job.type, job.id)}?${query}`);
  });
  const lines = groups.map(
    (group, i) =>
      `• ${group.code}: ${group.title}${group.field ? ` (${group.field})` : ""} — ${formatCount(group.count)} in ${formatCount(group.jobs.length)} job${group.jobs.length === 1 ? "" : "s"}: ${links[i]}`,
  );
  return { lines, links };
}

export function runLink(jobs: readonly Job[], publicUrl: string | undefined): string {
  const summary = summarizeRun(jobs);
  return dashboardLink(publicUrl, runHref(Date.parse(summary.from), Date.parse(summary.to)));
}

export function runFinishedMessage(jobs: readonly Job[], now: number, publicUrl: string | undefined): AlertMessage {
  const summary = summarizeRun(jobs);
  const timing = runTiming(summary, now);
  const durationMs = timing.state === "finished" ? timing.durationMs : timing.elapsedMs;
  const ops = summary.operations;
  const rate = failureRate(ops.completed, ops.failed);
  const errors = topErrorLines(jobs, publicUrl);
  return {
    title: `Run finished: ${formatCount(summary.jobCount)} jobs, ${formatCount(ops.failed)} of ${formatCount(ops.total)} operations failed (${rate} %)`,
    lines: [
      `Run ${summary.from} – ${summary.to}, took ${formatDuration(durationMs)}`,
      `Operations: ${formatCount(ops.completed)} done, ${formatCount(ops.failed)} failed${ops.skipped ? `, ${formatCount(ops.skipped)} cancelled` : ""}`,
      ...(errors.lines.length > 0 ? ["Top error groups:", ...errors.lines] : []),
    ],
    link: runLink(jobs, publicUrl),
    numbers: {
      from: summary.from,
      to: summary.to,
      jobs: summary.jobCount,
      durationSeconds: Math.round(durationMs / 1000),
      operations: ops.total,
      done: ops.completed,
      failed: ops.failed,
      failureRatePercent: rate,
    },
    errorGroups: errors.links,
  };
}

export function failureRateMessage(
  jobs: readonly Job[],
  threshold: number,
  publicUrl: string | undefined,
): AlertMessage {
  const summary = summarizeRun(jobs);
  const ops = summary.operations;
  const rate = failureRate(ops.completed, ops.failed);
  const errors = topErrorLines(jobs, publicUrl);
  return {
    title: `Failure rate ${rate} % (above ${threshold} %) in the run from ${summary.from}`,
    lines: [
      `${formatCount(ops.failed)} of ${formatCount(ops.completed + ops.failed)} processed operations failed, in ${formatCount(summary.jobsWithFailures)} of ${formatCount(summary.jobCount)} jobs${summary.running ? ` (${formatCount(summary.running)} jobs still running)` : ""}`,
      ...(errors.lines.length > 0 ? ["Top error groups:", ...errors.lines] : []),
    ],
    link: runLink(jobs, publicUrl),
    numbers: {
      from: summary.from,
      to: summary.to,
      jobs: summary.jobCount,
      done: ops.completed,
      failed: ops.failed,
      failureRatePercent: rate,
      thresholdPercent: threshold,
    },
    errorGroups: errors.links,
  };
}

export function newErrorGroupMessage(
  jobs: readonly Job[],
  groups: readonly RunErrorGroup[],
  runsCompared: number,
  publicUrl: string | undefined,
): AlertMessage {
  const summary = summarizeRun(jobs);
  const first = groups[0]!;
  const errors = errorGroupLines(groups.slice(0, TOP_GROUPS), publicUrl);
  const more = groups.length - TOP_GROUPS;
  return {
    title:
      groups.length === 1
        ? `New error in the run from ${summary.from}: ${first.code}${first.field ? ` (${first.field})` : ""}, not seen in the ${runsCompared} runs before`
        : `${groups.length} new error groups in the run from ${summary.from}, not seen in the ${runsCompared} runs before`,
    lines: [...errors.lines, ...(more > 0 ? [`and ${formatCount(more)} more on the run's page`] : [])],
    link: runLink(jobs, publicUrl),
    numbers: {
      from: summary.from,
      to: summary.to,
      newGroups: groups.length,
      entries: groups.reduce((sum, group) => sum + group.count, 0),
      runsCompared,
    },
    errorGroups: errors.links,
  };
}

export function collectorBehindMessage(behindMs: number, limitMs: number, publicUrl: string | undefined): AlertMessage {
  return {
    title: `The collector is behind: no good pass for ${formatDuration(behindMs)}`,
    lines: [
      `Over ${formatDuration(limitMs)} without recording what Klaviyo holds: job history, runs and alerts are stale. The status page says why.`,
    ],
    link: dashboardLink(publicUrl, "/status"),
    numbers: { behindSeconds: Math.round(behindMs / 1000), limitSeconds: Math.round(limitMs / 1000) },
  };
}

export function upstreamTroubleMessage(
  troubleMs: number,
  limitMs: number,
  publicUrl: string | undefined,
): AlertMessage {
  return {
    title: `Klaviyo has answered only 429 or 5xx (or not at all) for ${formatDuration(troubleMs)}`,
    lines: [
      `Over ${formatDuration(limitMs)} without a good answer: the collector and the pages are waiting on Klaviyo. The status page shows the calls and 429s.`,
    ],
    link: dashboardLink(publicUrl, "/status"),
    numbers: { troubleSeconds: Math.round(troubleMs / 1000), limitSeconds: Math.round(limitMs / 1000) },
  };
}

export function stalledRunMessage(jobs: readonly Job[], idleMs: number, publicUrl: string | undefined): AlertMessage {
  const summary = summarizeRun(jobs);
  return {
    title: `Run from ${summary.from} stalled: no progress for ${formatDuration(idleMs)}`,
    lines: [
      `${formatCount(summary.inProgress)} jobs queued or processing, ${formatCount(summary.operations.pending)} operations waiting`,
    ],
    link: runLink(jobs, publicUrl),
    numbers: {
      from: summary.from,
      to: summary.to,
      inProgress: summary.inProgress,
      idleSeconds: Math.round(idleMs / 1000),
    },
  };
}

export function jobMessage(
  job: Job,
  what: "finished" | "stalled",
  idleMs: number,
  publicUrl: string | undefined,
): AlertMessage {
  const rate = failureRate(job.completedCount, job.failedCount);
  return {
    title:
      what === "finished"
        ? `Job ${job.type} ${job.id} ${job.status}: ${formatCount(job.failedCount)} of ${formatCount(job.totalCount)} operations failed`
        : `Job ${job.type} ${job.id} stalled: no progress for ${formatDuration(idleMs)}`,
    lines: [
      `Status ${job.status}; operations ${formatCount(job.completedCount)} done, ${formatCount(job.failedCount)} failed of ${formatCount(job.totalCount)}`,
    ],
    link: dashboardLink(publicUrl, jobDetailPath(job.type, job.id)),
    numbers: {
      type: job.type,
      id: job.id,
      status: job.status,
      operations: job.totalCount,
      done: job.completedCount,
      failed: job.failedCount,
      failureRatePercent: rate,
    },
  };
}

export function inProgressMessage(count: number, threshold: number, publicUrl: string | undefined): AlertMessage {
  return {
    title: `${formatCount(count)} jobs in progress: ${Math.round((count / KLAVIYO_MAX_IN_PROGRESS) * 100)} % of Klaviyo's ${KLAVIYO_MAX_IN_PROGRESS} cap`,
    lines: [`At or above ${threshold} %: Klaviyo refuses new bulk jobs at ${KLAVIYO_MAX_IN_PROGRESS}.`],
    link: dashboardLink(publicUrl, "/status"),
    numbers: { inProgress: count, cap: KLAVIYO_MAX_IN_PROGRESS, thresholdPercent: threshold },
  };
}
