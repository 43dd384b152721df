import { ApiError, parseErrorEnvelope } from "../errors";

/** Fetch our own API and turn its error envelope back into an ApiError the UI can branch on. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError("upstream_unavailable", "The dashboard server could not be reached.");
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const envelope = parseErrorEnvelope(body);
    if (envelope) {
      throw new ApiError(envelope.code, envelope.message, {
        status: response.status,
        retryAfter: envelope.retryAfter,
      });
    }
    throw new ApiError("internal", `The dashboard server answered ${response.status}.`, {
      status: response.status,
    });
  }
  return body as T;
}
