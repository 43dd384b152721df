/**
 * A 303 to a path on this site. The Location stays relative: behind a proxy or on 127.0.0.1 the
 * handler's `request.url` may name another host (e.g. `localhost`), and CSP `form-action 'self'`
 * would then block the redirect.
 */
export function seeOther(path: string, headers?: HeadersInit): Response {
  const all = new Headers(headers);
  all.set("location", path);
  return new Response(null, { status: 303, headers: all });
}
