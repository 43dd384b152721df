import type { Metadata } from "next";
import { prefetchForPage, withPrefetched } from "@/components/prefetched";
import { getQueryClient } from "@/lib/queries/query-client";
import { statusQuery } from "@/lib/queries/status";
import { readStatus } from "@/lib/status/read.server";
import { StatusView } from "./status-view";

export const metadata: Metadata = { title: "Status" };
export const dynamic = "force-dynamic";

/** Never waits on Klaviyo: the report is this process's own figures and the store's (which has a short timeout). */
const DEADLINE_MS = 1_200;

export default async function StatusPage() {
  const queryClient = getQueryClient();
  await prefetchForPage(queryClient, statusQuery().queryKey, readStatus, DEADLINE_MS);
  return withPrefetched(queryClient, <StatusView />);
}
