/**
 * What an alert says, once, whatever carries it: a title, lines of numbers, and the link to the
 * page that answers the question. Nothing secret goes in (no key, no channel URL).
 */
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

/** A path on the dashboard as a link: absolute from PUBLIC_URL, or the path itself without it. */
export function dashboardLink(publicUrl: string | undefined, path: string): string {
  return publicUrl ? `${publicUrl}${path}` : path;
}
