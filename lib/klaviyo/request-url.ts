/**
 * The only URLs the proxy ever requests: our configured base URL + a path from lib/job-types.ts +
 * parameters that have passed our own schemas. Nothing from an incoming request or an upstream
 * answer (links, hosts, paths) is ever used as a URL. Pure, so it can be unit tested.
 */
import type { JobTypeInfo, KnownJobStatus } from "@/lib/job-types";

export function klaviyoListUrl(
  baseUrl: string,
  info: JobTypeInfo,
  page: { status?: KnownJobStatus; cursor?: string },
): URL {
  const url = new URL(`${baseUrl}${info.path}`);
  // The job endpoints filter on status only, with `equals`, and want the string quoted (docs/klaviyo.md#filtering).
  if (page.status) url.searchParams.set("filter", `equals(status,"${page.status}")`);
  if (page.cursor) url.searchParams.set("page[cursor]", page.cursor);
  return url;
}

export function klaviyoJobUrl(baseUrl: string, info: JobTypeInfo, id: string): URL {
  const url = new URL(`${baseUrl}${info.path}/${encodeURIComponent(id)}`);
  // Delete jobs have no `include` (their related ids are still in `relationships`).
  if (info.include) url.searchParams.set("include", info.include);
  return url;
}
