/**
 * The job lists' only filter: `equals(status,"…")` (docs/klaviyo.md#filtering). Strings may be double- or single-
 * quoted, with backslash escapes; anything else (another field or operator, an unquoted value, a
 * compound expression) is refused with a reason, which the handler turns into a 400 on `filter`.
 */
import { JOB_STATUSES, type KnownJobStatus } from "@/lib/job-types";

export type FilterResult = { ok: true; status: KnownJobStatus } | { ok: false; detail: string };

const EXPRESSION = /^\s*([a-z-]+)\s*\(\s*([A-Za-z_.]+)\s*,\s*(.*?)\s*\)\s*$/s;
const QUOTED = /^(["'])((?:\\.|(?!\1)[^\\])*)\1$/s;

export function parseStatusFilter(raw: string): FilterResult {
  const expression = EXPRESSION.exec(raw);
  if (!expression) return { ok: false, detail: "Invalid filter provided." };
  const [, operator, field, literal = ""] = expression;
  if (field !== "status")
    return {
      ok: false,
      detail: `'${field}' is not a valid field for filtering. Allowed field(s)/operator(s): status: equals.`,
    };
  if (operator !== "equals")
    return {
      ok: false,
      detail: `Filter operation '${operator}' not allowed for field 'status'. Allowed operator(s): equals.`,
    };
  const quoted = QUOTED.exec(literal);
  if (!quoted) return { ok: false, detail: "Invalid filter provided." };
  const value = (quoted[2] ?? "").replace(/\\(.)/gs, "$1");
  if (!(JOB_STATUSES as readonly string[]).includes(value)) {
    return {
      ok: false,
      detail: `'${value}' is not a valid value for field 'status'. Valid values: ${JOB_STATUSES.join(", ")}.`,
    };
  }
  return { ok: true, status: value as KnownJobStatus };
}
