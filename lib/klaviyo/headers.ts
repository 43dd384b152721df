/**
 * Every header Klaviyo sees is built here and nowhere else. Pure (no `server-only`) so it can be unit
 * tested; the key it receives comes from the server-only door.
 */

/** Klaviyo asks integrations to identify themselves; the SDK sends `klaviyo-api-node/<version>`. */
export const USER_AGENT = "klaviyo-bulk-jobs-dashboard/0.1.0 (+server-side proxy)";

/** JSON:API media type, documented as the response type from revision 2024-10-15 on. */
export const JSON_API_MEDIA_TYPE = "application/vnd.api+json";

export function buildHeaders(options: { apiKey: string; revision: string }): Headers {
  return new Headers({
    Authorization: `Klaviyo-API-Key ${options.apiKey}`,
    revision: options.revision,
    Accept: JSON_API_MEDIA_TYPE,
    "User-Agent": USER_AGENT,
  });
}
