/**
 * The header's one box, decided in one place for the browser and for the form without JavaScript:
 * a pasted job link, or a job id shaped as Klaviyo's (a ULID), opens the job; any other text opens the
 * search (whose page still goes straight to a job the history holds under exactly that id).
 */
import { type JobReference, parseJobReference } from "@/lib/jobs/route";
import { checkSearchText } from "./query";

/** Klaviyo's job ids are ULIDs: 26 Crockford base32 characters, upper case. */
export const KLAVIYO_JOB_ID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export type BoxTarget =
  | { kind: "job"; reference: JobReference }
  | { kind: "search"; text: string }
  | { kind: "invalid"; message: string };

export const BOX_HINT = "Type a job id or link, a SKU or external id, an error code or words from an error.";

export function targetOf(raw: string): BoxTarget {
  const checked = checkSearchText(raw);
  if (!checked.ok) return { kind: "invalid", message: `${checked.message.replace(/^q: /, "")}. ${BOX_HINT}` };
  const text = checked.value;
  const reference = parseJobReference(text);
  if (reference && (reference.type !== null || text.includes("/") || KLAVIYO_JOB_ID.test(reference.id))) {
    return { kind: "job", reference };
  }
  return { kind: "search", text };
}
