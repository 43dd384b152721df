/**
 * Faults that tests switch on, for one job kind or all ("*"), optionally for the list or get-one
 * only, for a number of requests or until cleared. Setting a rule with the same endpoint, operation
 * and kind replaces the earlier one. Per request: every matching "slow" rule adds its delay; the
 * first matching answer-rule (throttle, status, timeout, html403; kind-specific before "*") answers
 * instead of the API; a malformed/truncated-json rule corrupts whatever body is then sent.
 */
import { z } from "zod";
import { JOB_TYPES, type JobType } from "@/lib/job-types";

export const FAULT_STATUSES = [500, 502, 503, 504, 524] as const;
/** How long a "timeout" hangs when the client never gives up. */
export const DEFAULT_HANG_MS = 5 * 60_000;

const common = {
  endpoint: z.union([z.enum(JOB_TYPES), z.literal("*")]),
  /** list or get-one only; both when absent */
  operation: z.enum(["list", "get"]).optional(),
  /** how many requests the rule affects; unlimited when absent */
  remaining: z.number().int().positive().optional(),
};

export const faultRuleSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...common, kind: z.literal("throttle"), retryAfter: z.number().int().min(0).max(3_600).optional() }),
  z.strictObject({
    ...common,
    kind: z.literal("status"),
    status: z.literal(FAULT_STATUSES),
    retryAfter: z.number().int().min(0).max(3_600).optional(),
  }),
  z.strictObject({ ...common, kind: z.literal("slow"), delayMs: z.number().int().min(0).max(600_000) }),
  z.strictObject({ ...common, kind: z.literal("timeout"), hangMs: z.number().int().min(0).max(3_600_000).optional() }),
  z.strictObject({ ...common, kind: z.literal("html403") }),
  z.strictObject({ ...common, kind: z.literal("malformed-json") }),
  z.strictObject({ ...common, kind: z.literal("truncated-json") }),
]);

export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultKind = FaultRule["kind"];
export type AnswerFault = Extract<FaultRule, { kind: "throttle" | "status" | "timeout" | "html403" }>;
export type BodyFault = "malformed-json" | "truncated-json";

export interface ActiveFault {
  id: string;
  rule: FaultRule;
  /** requests it will still affect; null: unlimited */
  remaining: number | null;
  /** requests it has affected */
  hits: number;
}

export interface FaultController {
  /** validate and add a rule (replacing one with the same endpoint, operation and kind) */
  set(rule: FaultRule): ActiveFault;
  remove(id: string): boolean;
  clear(): void;
  list(): ActiveFault[];
}

export interface FaultPlan {
  delayMs: number;
  answer: AnswerFault | null;
  bodyFault: BodyFault | null;
}

const ANSWER_KINDS = new Set<FaultKind>(["throttle", "status", "timeout", "html403"]);

export class Faults implements FaultController {
  private rules: ActiveFault[] = [];
  private counter = 0;

  set(rule: FaultRule): ActiveFault {
    const parsed = faultRuleSchema.parse(rule);
    this.rules = this.rules.filter(
      ({ rule: other }) =>
        !(other.endpoint === parsed.endpoint && other.operation === parsed.operation && other.kind === parsed.kind),
    );
    const active: ActiveFault = {
      id: `fault-${++this.counter}`,
      rule: parsed,
      remaining: parsed.remaining ?? null,
      hits: 0,
    };
    this.rules.push(active);
    return { ...active };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((fault) => fault.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((fault) => ({ ...fault }));
  }

  /** Decide, and consume, what the faults do to one request. */
  plan(endpoint: JobType, operation: "list" | "get"): FaultPlan {
    const matching = this.rules
      .filter(
        ({ rule }) =>
          (rule.endpoint === endpoint || rule.endpoint === "*") && (rule.operation ?? operation) === operation,
      )
      .sort((a, b) => Number(a.rule.endpoint === "*") - Number(b.rule.endpoint === "*"));
    const used: ActiveFault[] = [];
    let delayMs = 0;
    let answer: AnswerFault | null = null;
    let bodyFault: BodyFault | null = null;
    for (const fault of matching) {
      const { rule } = fault;
      if (rule.kind === "slow") {
        delayMs += rule.delayMs;
        used.push(fault);
      } else if (ANSWER_KINDS.has(rule.kind) && !answer) {
        answer = rule as AnswerFault;
        used.push(fault);
      } else if ((rule.kind === "malformed-json" || rule.kind === "truncated-json") && !bodyFault) {
        bodyFault = rule.kind;
        used.push(fault);
      }
    }
    for (const fault of used) {
      fault.hits++;
      if (fault.remaining !== null) fault.remaining--;
    }
    this.rules = this.rules.filter((fault) => fault.remaining === null || fault.remaining > 0);
    return { delayMs, answer, bodyFault };
  }
}
