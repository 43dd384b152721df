/**
 * What an edit changed, in words for the change log ("who changed what"). Shown values are what the
 * page shows anyway; secret fields are named ("signing secret replaced"), never their values.
 */
import type { ChannelKind } from "./channels";
import { SECRET_FIELDS } from "./channels";

type Shown = Record<string, unknown>;

const SECRET_LABELS: Record<string, string> = { url: "URL", signingSecret: "signing secret", password: "password" };

function shown(value: unknown): string {
  if (value === undefined || value === null || value === "") return "none";
  if (Array.isArray(value)) return value.map(shown).join(", ");
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `field a → b` for each shown field whose value differs (compared as JSON: arrays and scopes too). */
export function shownChanges(before: Shown, after: Shown): string[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => `${field} ${shown(before[field])} → ${shown(after[field])}`);
}

/** Which of the channel's secret fields were set, replaced or removed; by name only. */
export function secretChanges(
  kind: ChannelKind,
  before: Record<string, string> | null,
  after: Record<string, string> | null,
): string[] {
  return SECRET_FIELDS[kind].flatMap((field) => {
    const was = before?.[field];
    const now = after?.[field];
    const label = SECRET_LABELS[field] ?? field;
    if (was === now) return [];
    if (!now) return [`${label} removed`];
    return [was ? `${label} replaced` : `${label} set`];
  });
}

/** "a; b; c", or a plain word when the edit changed nothing. */
export function joinChanges(changes: string[]): string {
  return changes.length > 0 ? changes.join("; ") : "nothing changed";
}
