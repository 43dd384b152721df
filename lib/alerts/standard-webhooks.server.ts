/**
 * Signing as Standard Webhooks defines it: HMAC-SHA256, keyed with the base64 part of a `whsec_`
 * secret, over `{webhook-id}.{webhook-timestamp}.{body}`, sent as `v1,<base64 signature>`.
 */
import { createHmac } from "node:crypto";

export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${signature}`;
}

export function webhookHeaders(secret: string, id: string, timestampSeconds: number, body: string) {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signWebhook(secret, id, timestampSeconds, body),
  };
}
