/**
 * Sends one alert through one channel and says what came of it: sent, worth retrying (network,
 * timeout, 408, 429, 5xx, SMTP 4xx), or refused for good (another 4xx, SMTP 5xx), which marks the
 * channel broken. Errors name the status or the failure, never the channel's URL or password.
 */
import { createTransport } from "nodemailer";
import type { ChannelKind } from "./channels";
import { type AlertMessage, plainText } from "./message";
import { webhookHeaders } from "./standard-webhooks.server";

export type SendOutcome = { ok: true } | { ok: false; retry: boolean; error: string };

export interface OutgoingAlert {
  /** stable across retries and restarts: the receiver's key for dropping a duplicate */
  id: string;
  kind: string;
  subject: string;
  message: AlertMessage;
  /** when it was decided */
  decidedAt: string;
}

export interface SendTarget {
  kind: ChannelKind;
  settings: Record<string, unknown>;
  secret: Record<string, string> | null;
}

const TIMEOUT_MS = 10_000;

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if ((error as Error).name === "TimeoutError") return `no answer within ${TIMEOUT_MS / 1000} s`;
  return cause?.code ? `could not connect (${cause.code})` : "could not connect";
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...headers },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, retry: true, error: networkReason(error) };
  }
  await response.body?.cancel().catch(() => {});
  if (response.status >= 200 && response.status < 300) return { ok: true };
  const retry = response.status === 408 || response.status === 429 || response.status >= 500;
  return { ok: false, retry, error: `answered HTTP ${response.status}` };
}

function slackBody(message: AlertMessage): string {
  const link = /^https?:\/\//.test(message.link) ? `<${message.link}|Open in the dashboard>` : message.link;
  return JSON.stringify({
    text: plainText(message),
    blocks: [
      { type: "header", text: { type: "plain_text", text: message.title.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: [...message.lines, link].join("\n") } },
    ],
  });
}

async function sendEmail(target: SendTarget, alert: OutgoingAlert): Promise<SendOutcome> {
  const settings = target.settings as {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    from: string;
    to: string[];
  };
  const password = target.secret?.password;
  const transport = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: settings.user ? { user: settings.user, pass: password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: alert.message.title,
      text: plainText(alert.message),
      messageId: `<${alert.id}@klaviyo-bulk-jobs-dashboard>`,
      headers: { "X-Alert-Kind": alert.kind },
    });
    return { ok: true };
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    if (code !== undefined) return { ok: false, retry: code < 500, error: `the mail server answered ${code}` };
    const reason = (error as { code?: string }).code;
    return { ok: false, retry: true, error: reason ? `could not deliver (${reason})` : "could not deliver" };
  } finally {
    transport.close();
  }
}

export async function sendAlert(target: SendTarget, alert: OutgoingAlert, nowMs = Date.now()): Promise<SendOutcome> {
  switch (target.kind) {
    case "slack": {
      const url = target.secret?.url;
      if (!url) return { ok: false, retry: false, error: "the channel has no URL" };
      return post(url, slackBody(alert.message), {});
    }
    case "webhook": {
      const url = target.secret?.url;
      const secret = target.secret?.signingSecret;
      if (!url || !secret) return { ok: false, retry: false, error: "the channel has no URL or signing secret" };
      const body = JSON.stringify({
        type: `alert.${alert.kind}`,
        timestamp: alert.decidedAt,
        data: { id: alert.id, subject: alert.subject, ...alert.message },
      });
      return post(url, body, webhookHeaders(secret, alert.id, Math.floor(nowMs / 1000), body));
    }
    case "email":
      return sendEmail(target, alert);
  }
}
