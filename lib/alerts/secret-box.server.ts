/**
 * Channel secrets at rest: AES-256-GCM with the key from ALERTS_SECRET_KEY, a fresh 12-byte nonce
 * per value, written `v1.<nonce>.<tag>.<ciphertext>` (base64url). The tag makes a wrong key or an
 * altered value fail loudly instead of decrypting to garbage.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export class SecretKeyMissing extends Error {
  constructor() {
    super("ALERTS_SECRET_KEY is not set: channels with secrets (webhook URLs, SMTP passwords) cannot be saved");
    this.name = "SecretKeyMissing";
  }
}

export function sealSecret(key: Buffer | null, plain: string): string {
  if (!key) throw new SecretKeyMissing();
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", nonce, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function openSecret(key: Buffer | null, sealed: string): string {
  if (!key) throw new SecretKeyMissing();
  const [version, nonce, tag, body] = sealed.split(".");
  if (version !== "v1" || nonce === undefined || tag === undefined || body === undefined) {
    throw new Error("a stored channel secret is not in a known format");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("a stored channel secret cannot be decrypted: ALERTS_SECRET_KEY is not the key it was saved with");
  }
}
