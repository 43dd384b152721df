/** Which job endpoint a path names. The pre-2024-10-15 trailing-slash forms are accepted too. */
import { JOB_TYPE_INFO, JOB_TYPES, type JobTypeInfo } from "@/lib/job-types";

export type RouteMatch =
  | { info: JobTypeInfo; operation: "list"; endpointKey: string }
  | { info: JobTypeInfo; operation: "get"; endpointKey: string; id: string };

const BY_PATH = new Map(JOB_TYPES.map((type) => [JOB_TYPE_INFO[type].path, JOB_TYPE_INFO[type]]));
const PATTERN = /^(\/api\/catalog-[a-z]+-bulk-[a-z]+-jobs)(?:\/([^/]+))?\/?$/;

export function matchRoute(pathname: string): RouteMatch | null {
  const match = PATTERN.exec(pathname);
  const info = match?.[1] ? BY_PATH.get(match[1]) : undefined;
  if (!match || !info) return null;
  const rawId = match[2];
  if (rawId === undefined) return { info, operation: "list", endpointKey: info.path };
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    id = rawId;
  }
  return { info, operation: "get", endpointKey: `${info.path}/{id}`, id };
}
