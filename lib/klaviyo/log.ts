import "server-only";
/** Server-side error logging that never prints the API key, even if a message or stack carries it. */
import { logger } from "@/lib/observability/logger";
import { redact } from "./secret";

export function logServerError(context: string, error: unknown, secret: Parameters<typeof redact>[1]): void {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}\n${error.stack ?? ""}`
      : `non-error thrown: ${String(error)}`;
  logger().error({ event: "server_error", context: `klaviyo: ${context}`, error: redact(text, secret) });
}
