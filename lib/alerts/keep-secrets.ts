/**
 * Editing a channel without its secrets: the page never has them (they are sealed at rest and
 * shown masked), so a PUT that leaves a secret field out means "keep the stored one". The stored
 * value is put back into the body before it is validated, so an edit passes the very schema a
 * new channel does. An empty string is not "keep": it is a value (clearing an SMTP password).
 */
import { type ChannelKind, SECRET_FIELDS } from "./channels";

/** The secret fields of `kind` that `body` leaves out, when it is an object of that kind. */
export function omittedSecretFields(body: unknown, kind: string): string[] {
  if (!isRecord(body) || body.kind !== kind || !(kind in SECRET_FIELDS)) return [];
  return SECRET_FIELDS[kind as ChannelKind].filter((field) => body[field] === undefined);
}

/**
 * `body` with each omitted secret field taken from `stored`. Only for the channel's own kind: a
 * channel changed to another kind has no secrets to keep and must be given them, as when created.
 */
export function withKeptSecrets(body: unknown, kind: string, stored: Record<string, string> | null): unknown {
  const omitted = omittedSecretFields(body, kind);
  if (!isRecord(body) || omitted.length === 0 || !stored) return body;
  const kept = Object.fromEntries(omitted.flatMap((field) => (field in stored ? [[field, stored[field]]] : [])));
  return { ...body, ...kept };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
