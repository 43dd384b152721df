/**
 * Catalog data is merchant-supplied and may be hostile (`javascript:` URLs, `data:` images). Only
 * absolute http(s) URLs become links, and only https images load (mixed content aside, the page's CSP
 * allows https images only). Everything else is shown as plain text.
 */

function parseAbsolute(raw: string | null | undefined): URL | null {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 2048) return null;
  try {
    // No base: a relative or scheme-relative value ("//evil.example") is refused, not resolved here.
    return new URL(raw);
  } catch {
    return null;
  }
}

/** The URL to link to, or null when it must stay text. */
export function safeLinkUrl(raw: string | null | undefined): string | null {
  const url = parseAbsolute(raw);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return null;
  // Credentials in a link are a phishing trick (https://shop.example@evil.example/).
  if (url.username || url.password) return null;
  return url.href;
}

/** The image to load, or null when none should be requested. */
export function safeImageUrl(raw: string | null | undefined): string | null {
  const href = safeLinkUrl(raw);
  return href && href.startsWith("https:") ? href : null;
}
