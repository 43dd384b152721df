/**
 * Alert rules as people and files give them, validated once: a condition (`kind`) with its
 * parameters, a scope, and the channels it goes to. Unknown fields and out-of-range thresholds are
 * refused with a message naming them.
 */
import { z } from "zod";
import { JOB_TYPES } from "../job-types";

export const RULE_KINDS = [
  "run_finished",
  "failure_rate",
  "new_error_group",
  "stalled",
  "in_progress_share",
  "collector_trouble",
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RULE_KIND_LABELS: Record<RuleKind, string> = {
  run_finished: "A run finished",
  failure_rate: "A run's failure rate above a threshold",
  new_error_group: "An error group not seen in the last runs",
  stalled: "A job or run stalled",
  in_progress_share: "Jobs in progress near Klaviyo's 500 cap",
  collector_trouble: "The collector behind, or Klaviyo refusing",
};

const instant = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time such as 2026-12-01T10:00:00Z" });
const jobType = z.enum(JOB_TYPES, { message: `must be one of ${JOB_TYPES.join(", ")}` });

export const ruleScope = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("all") }),
    z.strictObject({ kind: z.literal("type"), type: jobType }),
    z.strictObject({ kind: z.literal("run"), from: instant, to: instant }),
    z.strictObject({
      kind: z.literal("job"),
      type: jobType,
      id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { message: "must be a job id" }),
    }),
  ],
  { error: () => ({ message: 'scope.kind must be "all", "type", "run" or "job"' }) },
);
export type RuleScope = z.infer<typeof ruleScope>;

const name = z
  .string()
  .trim()
  .min(1, { message: "must not be empty" })
  .max(80, { message: "must be at most 80 characters" });
const channels = z
  .array(z.string().min(1).max(100))
  .min(1, { message: "must name at least one channel" })
  .max(10, { message: "must name at most 10 channels" });
const common = {
  name,
  scope: ruleScope.default({ kind: "all" }),
  channels,
  muted: z.boolean().default(false),
};
const wholeNumber = (what: string, min: number, max: number, fallback: number) =>
  z
    .number({ message: `must be a number of ${what}` })
    .int({ message: `must be a whole number of ${what}` })
    .min(min, { message: `must be at least ${min} ${what}` })
    .max(max, { message: `must be at most ${max} ${what}` })
    .default(fallback);
/** The collector and Klaviyo are one for the whole dashboard: such a rule has no narrower scope. */
const wholeDashboard = z
  .strictObject({ kind: z.literal("all", { message: 'must be "all" for this kind of rule' }) })
  .default({ kind: "all" });
const percent = (min: number, fallback: number) =>
  z
    .number({ message: "must be a number (a percentage)" })
    .min(min, { message: `must be at least ${min} (a percentage)` })
    .max(100, { message: "must be at most 100 (a percentage)" })
    .default(fallback);

export const ruleInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("run_finished"), ...common }),
    z.strictObject({ kind: z.literal("failure_rate"), ...common, threshold: percent(0.1, 5) }),
    z.strictObject({
      kind: z.literal("new_error_group"),
      ...common,
      /** an error group (code and field) is new when none of this many runs before had it */
      runs: wholeNumber("runs", 1, 50, 5),
    }),
    z.strictObject({
      kind: z.literal("stalled"),
      ...common,
      minutes: z
        .number({ message: "must be a number of minutes" })
        .int({ message: "must be a whole number of minutes" })
        .min(1, { message: "must be at least 1 minute" })
        .max(1440, { message: "must be at most 1440 minutes (a day)" })
        .default(15),
    }),
    z.strictObject({
      kind: z.literal("in_progress_share"),
      ...common,
      threshold: percent(1, 90),
      /** at most one message per this many minutes while the count stays high */
      minIntervalMinutes: z
        .number({ message: "must be a number of minutes" })
        .int({ message: "must be a whole number of minutes" })
        .min(1, { message: "must be at least 1 minute" })
        .max(1440, { message: "must be at most 1440 minutes" })
        .default(60),
    }),
    z.strictObject({
      kind: z.literal("collector_trouble"),
      ...common,
      scope: wholeDashboard,
      /** how long the collector may go without a good pass, or Klaviyo answer 429/5xx, before it is told */
      minutes: wholeNumber("minutes", 2, 1440, 10),
    }),
  ],
  { error: () => ({ message: `kind must be one of ${RULE_KINDS.join(", ")}` }) },
);
export type RuleInput = z.infer<typeof ruleInput>;

/** A rule's parameters (what is not name, kind, scope, channels or muted). */
export function ruleParams(input: RuleInput): Record<string, number> {
  switch (input.kind) {
    case "run_finished":
      return {};
    case "failure_rate":
      return { threshold: input.threshold };
    case "new_error_group":
      return { runs: input.runs };
    case "stalled":
    case "collector_trouble":
      return { minutes: input.minutes };
    case "in_progress_share":
      return { threshold: input.threshold, minIntervalMinutes: input.minIntervalMinutes };
  }
}
