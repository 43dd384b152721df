/**
 * Alert channels as people and files give them, validated once. A channel's secret part (the
 * webhook or Slack URL, the signing secret, the SMTP password) is stored encrypted and never sent
 * back in full; its shown part is what identifies it on the page.
 */
import { z } from "zod";
import { isLoopbackHost } from "../loopback";

export const CHANNEL_KINDS = ["webhook", "slack", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** https, or http to this machine (a local receiver in tests). */
const channelUrl = z.url({ message: "must be a URL" }).refine(
  (value) => {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHost(url.hostname));
  },
  { message: "must be an https:// URL (plain http only to this machine)" },
);

const name = z
  .string()
  .trim()
  .min(1, { message: "must not be empty" })
  .max(80, { message: "must be at most 80 characters" });

/** Standard Webhooks: `whsec_` then the key in base64 (24 to 64 bytes). */
export const signingSecret = z.string().refine(
  (value) => {
    const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(value);
    if (!match?.[1]) return false;
    const bytes = Buffer.from(match[1], "base64").length;
    return bytes >= 24 && bytes <= 64;
  },
  { message: "must be whsec_ followed by 24 to 64 random bytes in base64" },
);

export const channelInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("webhook"), name, url: channelUrl, signingSecret }),
    z.strictObject({ kind: z.literal("slack"), name, url: channelUrl }),
    z.strictObject({
      kind: z.literal("email"),
      name,
      host: z.string().trim().min(1, { message: "must name the SMTP server" }),
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
      secure: z.boolean().default(false),
      user: z.string().optional(),
      password: z.string().optional(),
      from: z.email({ message: "must be an email address" }),
      to: z
        .array(z.email({ message: "must be email addresses" }))
        .min(1, { message: "must name at least one address" }),
    }),
  ],
  { error: () => ({ message: 'kind must be "webhook", "slack" or "email"' }) },
);
export type ChannelInput = z.infer<typeof channelInput>;

/** Each kind's secret fields: sealed in the store, and in ALERTS_FILE only references to the environment. */
export const SECRET_FIELDS = {
  webhook: ["url", "signingSecret"],
  slack: ["url"],
  email: ["password"],
} as const satisfies Record<ChannelKind, readonly string[]>;

export interface ChannelParts {
  settings: Record<string, unknown>;
  /** what is encrypted, or null when the channel has nothing secret */
  secret: Record<string, string> | null;
}

const hostOf = (url: string) => new URL(url).host;

/** Splits a channel into what may be shown and what must be sealed. */
export function splitChannel(input: ChannelInput): ChannelParts {
  const given = input as Record<string, unknown>;
  const secretEntries = SECRET_FIELDS[input.kind].flatMap((field) => {
    const value = given[field];
    return typeof value === "string" && value !== "" ? [[field, value] as const] : [];
  });
  const secret = secretEntries.length > 0 ? Object.fromEntries(secretEntries) : null;
  switch (input.kind) {
    case "webhook":
    case "slack":
      return { settings: { host: hostOf(input.url) }, secret };
    case "email": {
      const { host, port, secure, user, from, to } = input;
      return { settings: { host, port, secure, user, from, to }, secret };
    }
  }
}

/** A secret as the page may show it: its first characters, then dots. */
export function maskSecret(value: string): string {
  return value.length <= 8 ? "••••" : `${value.slice(0, Math.min(12, Math.floor(value.length / 4)))}••••`;
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".");
      if (issue.code === "unrecognized_keys")
        return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${path ? ` in ${path}` : ""}`;
      return path ? `${path} ${issue.message}` : issue.message;
    })
    .join("; ");
}
