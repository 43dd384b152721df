/**
 * A job's state at a moment, derived from its plan: queued until a worker picks it up, processing
 * with entries completing (or failing) one by one at a steady pace, then complete; a cancelled job
 * stops part-way. Errors and relationships are revealed as their entries are processed.
 */

import { JOB_TYPE_INFO, type KnownJobStatus } from "@/lib/job-types";
import { formatErrorPointer } from "@/lib/jobs/error-pointer";
import { type CatalogKind, catalogResourceId, externalId } from "./catalog";
import type { JobPlan } from "./dataset";
import { uuid } from "./ids";
import { ERROR_TEMPLATES } from "./job-errors";
import { randInt, rngFor } from "./prng";

export interface JobErrorSnapshot {
  id: string;
  code: string;
  title: string;
  detail: string;
  source: { pointer: string };
}

export function isVisible(plan: JobPlan, at: number): boolean {
  return plan.createdAt <= at && at < plan.expiresAt;
}

export function statusAt(plan: JobPlan, at: number): KnownJobStatus {
  if (at < plan.startAt) return "queued";
  if (at < plan.endAt) return "processing";
  return plan.cancelled ? "cancelled" : "complete";
}

/** How many entries have been processed (succeeded or failed) by `at`. */
export function processedAt(plan: JobPlan, at: number): number {
  const elapsed = Math.min(at, plan.endAt) - plan.startAt;
  if (elapsed <= 0) return 0;
  return Math.min(plan.total, Math.floor((elapsed * plan.total) / plan.durationMs));
}

/** When entry `index` is processed. */
export function entryProcessedAt(plan: JobPlan, index: number): number {
  return plan.startAt + Math.ceil(((index + 1) * plan.durationMs) / plan.total);
}

export function catalogKindOf(plan: JobPlan): CatalogKind {
  return JOB_TYPE_INFO[plan.type].resource;
}

export function failedBefore(plan: JobPlan, processed: number): number {
  let count = 0;
  for (const failure of plan.failures) {
    if (failure.index >= processed) break;
    count++;
  }
  return count;
}

export function jobErrorsAt(seed: number, plan: JobPlan, processed: number): JobErrorSnapshot[] {
  const kind = catalogKindOf(plan);
  const templates = ERROR_TEMPLATES[plan.type];
  const errors: JobErrorSnapshot[] = [];
  for (const failure of plan.failures) {
    if (failure.index >= processed) break;
    const template = templates[failure.template];
    if (!template) continue;
    const external = externalId(seed, kind, plan.firstNumber + failure.index);
    const detail = template.detail({
      rng: rngFor(plan.seed, "error-detail", failure.index),
      externalId: external,
      resourceId: catalogResourceId(external),
      index: failure.index,
    });
    errors.push({
      id: uuid(rngFor(plan.seed, "error-id", failure.index)),
      code: template.code,
      title: template.title,
      detail,
      source: { pointer: formatErrorPointer(failure.index, template.field) },
    });
  }
  return errors;
}

export interface RelatedEntry {
  index: number;
  number: number;
  id: string;
  processedAt: number;
}

/** The entries that went through (created, updated or deleted) among the first `processed`. */
export function succeededEntries(seed: number, plan: JobPlan, processed: number): RelatedEntry[] {
  const kind = catalogKindOf(plan);
  const failed = new Set(plan.failures.map((failure) => failure.index));
  const entries: RelatedEntry[] = [];
  for (let index = 0; index < processed; index++) {
    if (failed.has(index)) continue;
    const number = plan.firstNumber + index;
    entries.push({
      index,
      number,
      id: catalogResourceId(externalId(seed, kind, number)),
      processedAt: entryProcessedAt(plan, index),
    });
  }
  return entries;
}

/** An updated resource was created long before; a created one at the moment it was processed. */
export function createdTimeOf(plan: JobPlan, entry: RelatedEntry): number {
  if (JOB_TYPE_INFO[plan.type].operation === "create") return entry.processedAt;
  return entry.processedAt - randInt(rngFor(plan.seed, "created", entry.number), 20, 900) * 86_400_000;
}
