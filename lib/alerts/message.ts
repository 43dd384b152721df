/**
 * What an alert says, once, whatever carries it: a title, lines of numbers, and the link to the
 * page that answers the question. Nothing secret goes in (no key, no channel URL).
 */
import { accountPrefix } from "../accounts/path";

export interface AlertMessage {
  title: string;
  lines: string[];
  /** absolute when PUBLIC_URL is set, else a path on the dashboard */
  link: string;
  /** the figures, for receivers that read JSON */
  numbers: Record<string, number | string | null>;
  [key: string]: unknown;
}

export function plainText(message: AlertMessage): string {
  return [message.title, ...message.lines, message.link].join("\n");
}

/**
 * What an account's links start with: PUBLIC_URL, then `/a/{account}` when several accounts are
 * configured (a link must say whose job it is); undefined when both are empty (a bare path).
 */
export function linkBase(publicUrl: string | undefined, account: string, accountCount: number): string | undefined {
  const base = `${publicUrl ?? ""}${accountCount > 1 ? accountPrefix(account) : ""}`;
  return base || undefined;
}

/** A path on the dashboard as a link: absolute from PUBLIC_URL, or the path itself without it. */
export function dashboardLink(publicUrl: string | undefined, path: string): string {
  return publicUrl ? `${publicUrl}${path}` : path;
}
