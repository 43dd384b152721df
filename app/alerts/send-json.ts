import { browserAccountPrefix, inAccount } from "@/lib/accounts/path";

/** Sends JSON to an alert route (in the page's account); the server's message when it refuses (its envelope), else null. */
export async function sendJson(method: string, url: string, body?: unknown): Promise<string | null> {
  const response = await fetch(inAccount(browserAccountPrefix(), url), {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return null;
  const answer = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return answer?.error?.message ?? `The server answered ${response.status}.`;
}
