import type { RuleView } from "@/lib/alerts/types";

export function scopeText(rule: RuleView): string {
  const scope = rule.scope;
  switch (scope.kind) {
    case "all":
      return "all jobs";
    case "type":
      return `${scope.type} jobs`;
    case "run":
      return `the run ${scope.from} – ${scope.to}`;
    case "job":
      return `job ${scope.type} ${scope.id}`;
  }
}

export function paramsText(rule: RuleView): string {
  const p = rule.params;
  if (rule.kind === "failure_rate") return `above ${p.threshold} %`;
  if (rule.kind === "stalled") return `${p.minutes} min without progress`;
  if (rule.kind === "in_progress_share") return `${p.threshold} % of 500, at most every ${p.minIntervalMinutes} min`;
  if (rule.kind === "new_error_group") return `not in the ${p.runs} runs before`;
  if (rule.kind === "collector_trouble") return `for ${p.minutes} min`;
  return "";
}
