import { browserAccountPrefix, inAccount } from "@/lib/accounts/path";

/** Why the server refused: its envelope's code (to branch on) and message (to show). */
export interface Problem {
  code: string;
  message: string;
}

/** Sends JSON to an alert route (in the page's account); the server's refusal (its envelope), else null. */
export async function sendJson(method: string, url: string, body?: unknown): Promise<Problem | null> {
  const response = await fetch(inAccount(browserAccountPrefix(), url), {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return {
    code: answer?.error?.code ?? "internal",
    message: answer?.error?.message ?? `The server answered ${response.status}.`,
  };
}
