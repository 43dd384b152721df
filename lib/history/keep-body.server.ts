import "server-only";
import { z } from "zod";
import { ApiError } from "@/lib/http/errors";

const keepBody = z.strictObject({ keep: z.boolean() });

/** The body of `PUT …/keep`: `{ "keep": true }` or `{ "keep": false }`, as JSON (so a cross-site form cannot send it). */
export async function readKeepBody(request: Request): Promise<boolean> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new ApiError("bad_request", 'send {"keep": true} or {"keep": false} as application/json');
  }
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ApiError("bad_request", "the body is not JSON");
  }
  const parsed = keepBody.safeParse(raw);
  if (!parsed.success) throw new ApiError("bad_request", 'send {"keep": true} or {"keep": false}');
  return parsed.data.keep;
}
