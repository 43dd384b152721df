/**
 * What a merchant's integration submits, as "syncs": bursts of bulk jobs created within minutes of
 * each other. Klaviyo takes at most 100 operations per job, so a step of 3,800 item creates is 38
 * jobs. The mix below (half-hourly deltas, nightly refreshes, one clean-up, one big recent import)
 * gives every job kind a few pages of history over the last three days.
 */
import type { JobType } from "@/lib/job-types";
import { chance, type Rng, randFloat, randInt, rngFor } from "./prng";

export type SyncKind = "delta" | "nightly" | "cleanup" | "import";

export interface SyncStep {
  type: JobType;
  /** operations submitted in this step (split into jobs of at most 100) */
  ops: number;
  /** catalog number of the first entry; entry i of the step is `firstNumber + i` */
  firstNumber: number;
}

export interface SyncIntent {
  kind: SyncKind;
  /** when the integration wants to start, ms epoch */
  at: number;
  steps: SyncStep[];
  /** seconds between two jobs of a step */
  jobGap: readonly [number, number];
  /** seconds between two steps */
  stepGap: readonly [number, number];
}

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
const DAY = 24 * HOUR;
export const HISTORY_MS = 72 * HOUR;
/** Syncs keep coming for a day after the anchor, so a dashboard left open keeps seeing new jobs. */
export const HORIZON_MS = 24 * HOUR;

/** Numbers already in the merchant's catalog before the window (items, and categories). */
const EXISTING_ITEMS: readonly [number, number] = [1_000, 13_000];
const EXISTING_CATEGORIES: readonly [number, number] = [1, 420];
const VARIANTS_PER_ITEM = 4;

/** Hands out fresh catalog numbers so created resources never collide across syncs. */
class NumberPool {
  private nextItem = 20_000;
  private nextCategory = 1_000;
  items(count: number): number {
    const first = this.nextItem;
    this.nextItem += count;
    return first;
  }
  categories(count: number): number {
    const first = this.nextCategory;
    this.nextCategory += count;
    return first;
  }
}

function existingBlock(rng: Rng, range: readonly [number, number], count: number, perUnit = 1): number {
  const span = (range[1] - range[0]) * perUnit;
  return range[0] * perUnit + randInt(rng, 0, Math.max(0, span - count));
}

function deltaSteps(rng: Rng, pool: NumberPool): SyncStep[] {
  const steps: SyncStep[] = [];
  const add = (type: JobType, ops: number, firstNumber: number) => ops > 0 && steps.push({ type, ops, firstNumber });
  if (chance(rng, 0.45)) {
    const items = randInt(rng, 1, 160);
    const first = pool.items(items);
    add("item-create", items, first);
    add(
      "variant-create",
      Math.min(items * VARIANTS_PER_ITEM, Math.round(items * randFloat(rng, 1.5, 4))),
      first * VARIANTS_PER_ITEM,
    );
  }
  if (chance(rng, 0.9)) {
    const categories = randInt(rng, 1, 140);
    add("category-create", categories, pool.categories(categories));
  }
  if (chance(rng, 0.9)) {
    const ops = randInt(rng, 5, 320);
    add("item-update", ops, existingBlock(rng, EXISTING_ITEMS, ops));
  }
  if (chance(rng, 0.85)) {
    const ops = randInt(rng, 10, 520);
    add("variant-update", ops, existingBlock(rng, EXISTING_ITEMS, ops, VARIANTS_PER_ITEM));
  }
  if (chance(rng, 0.8)) {
    const ops = randInt(rng, 1, 160);
    add("category-update", ops, existingBlock(rng, EXISTING_CATEGORIES, ops));
  }
  if (chance(rng, 0.6)) {
    const ops = randInt(rng, 1, 180);
    add("variant-delete", ops, existingBlock(rng, EXISTING_ITEMS, ops, VARIANTS_PER_ITEM));
  }
  if (chance(rng, 0.8)) {
    const ops = randInt(rng, 1, 180);
    add("item-delete", ops, existingBlock(rng, EXISTING_ITEMS, ops));
  }
  if (chance(rng, 0.9)) {
    const ops = randInt(rng, 1, 130);
    add("category-delete", ops, existingBlock(rng, EXISTING_CATEGORIES, ops));
  }
  return steps;
}

function nightlySteps(rng: Rng): SyncStep[] {
  const items = randInt(rng, 3_000, 5_000);
  const variants = randInt(rng, 5_000, 8_000);
  const categories = randInt(rng, 200, 400);
  return [
    { type: "item-update", ops: items, firstNumber: existingBlock(rng, EXISTING_ITEMS, items) },
    {
      type: "variant-update",
      ops: variants,
      firstNumber: existingBlock(rng, EXISTING_ITEMS, variants, VARIANTS_PER_ITEM),
    },
    { type: "category-update", ops: categories, firstNumber: existingBlock(rng, EXISTING_CATEGORIES, categories) },
  ];
}

function cleanupSteps(rng: Rng): SyncStep[] {
  const variants = randInt(rng, 3_000, 5_000);
  const items = randInt(rng, 1_000, 1_500);
  const categories = randInt(rng, 50, 150);
  return [
    {
      type: "variant-delete",
      ops: variants,
      firstNumber: existingBlock(rng, EXISTING_ITEMS, variants, VARIANTS_PER_ITEM),
    },
    { type: "item-delete", ops: items, firstNumber: existingBlock(rng, EXISTING_ITEMS, items) },
    { type: "category-delete", ops: categories, firstNumber: existingBlock(rng, EXISTING_CATEGORIES, categories) },
  ];
}

/** A new storefront's first import: hundreds of jobs, enough to reach Klaviyo's 500-in-progress cap. */
function importSteps(rng: Rng, pool: NumberPool): SyncStep[] {
  const items = randInt(rng, 36_000, 40_000);
  const first = pool.items(items);
  const categories = randInt(rng, 420, 520);
  return [
    { type: "item-create", ops: items, firstNumber: first },
    { type: "variant-create", ops: Math.round(items * 1.1), firstNumber: first * VARIANTS_PER_ITEM },
    { type: "category-create", ops: categories, firstNumber: pool.categories(categories) },
  ];
}

/** Every sync the integration starts between `anchor - HISTORY_MS` and `anchor + HORIZON_MS`, in time order. */
export function planSyncs(seed: number, anchor: number): SyncIntent[] {
  const rng = rngFor(seed, "syncs", anchor);
  const pool = new NumberPool();
  const from = anchor - HISTORY_MS;
  const to = anchor + HORIZON_MS;
  const intents: SyncIntent[] = [];

  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    const at = day + 2 * HOUR + randInt(rng, 0, 20) * MINUTE; // the nightly cron, 02:00 UTC
    if (at >= from && at < to)
      intents.push({ kind: "nightly", at, steps: nightlySteps(rng), jobGap: [0.4, 2], stepGap: [5, 40] });
  }
  intents.push({
    kind: "cleanup",
    at: anchor - 30 * HOUR + randInt(rng, -120, 120) * MINUTE,
    steps: cleanupSteps(rng),
    jobGap: [0.5, 3],
    stepGap: [10, 60],
  });
  intents.push({
    kind: "import",
    at: anchor - 20 * MINUTE + randInt(rng, -4, 4) * MINUTE,
    steps: importSteps(rng, pool),
    jobGap: [0.3, 1],
    stepGap: [3, 20],
  });
  for (let at = from + randInt(rng, 0, 30) * MINUTE; at < to; at += randInt(rng, 35, 55) * MINUTE) {
    intents.push({ kind: "delta", at, steps: deltaSteps(rng, pool), jobGap: [0.4, 3.5], stepGap: [2, 45] });
  }
  return intents.sort((a, b) => a.at - b.at);
}
