import type { Metadata } from "next";
import { Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { RelativeTime } from "@/components/relative-time";
import { SearchResults } from "@/components/search-results";
import { paramsOf, parseSkuRequest, searchHref, skuHref } from "@/lib/search/query";
import { readFailure, skuStory } from "@/lib/search/read.server";
import type { SkuAnswer } from "@/lib/search/types";
import { timeZoneParser } from "@/lib/time-zone";

export const dynamic = "force-dynamic";

/** A path segment as the router gives it; one that is not valid percent-encoding stays as it came. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: PageProps<"/skus/[sku]">): Promise<Metadata> {
  return { title: `SKU ${decoded((await params).sku).slice(0, 60)}` };
}

/**
 * `/skus/{sku}[?cursor=…][&tz=utc]`: every job of the history that touched one SKU or external id,
 * newest first, with what happened to it each time and a link to the job's error group.
 */
export default async function SkuPage({ params, searchParams }: PageProps<"/skus/[sku]">) {
  const sku = decoded((await params).sku);
  const query = paramsOf(await searchParams);
  const tz = timeZoneParser.parseServerSide(query.get("tz") ?? undefined);
  query.delete("tz");
  const parsed = parseSkuRequest(sku, query);
  if (!parsed.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">SKU</h1>
        <ErrorState error={{ code: "bad_request", message: parsed.message }} />
      </div>
    );
  }
  let answer: SkuAnswer;
  try {
    answer = await skuStory(parsed.value.sku, parsed.value.cursor);
  } catch (error) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold break-all">SKU {sku}</h1>
        <ErrorState error={readFailure(error)} />
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-xl font-semibold break-all">SKU {answer.sku}</h1>
        <p className="text-sm text-ink-muted">
          Every job of the history that touched it, newest first
          {answer.asOf ? (
            <>
              , as of the collector’s last pass <RelativeTime iso={answer.asOf} tz={tz} />
            </>
          ) : null}
          . A failed entry counts only when its error names this SKU.
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          {parsed.value.cursor ? (
            <Link href={skuHref(answer.sku, tz)} className="text-accent underline">
              ← Newest jobs
            </Link>
          ) : null}
          <Link href={searchHref(answer.sku, null, tz)} className="text-accent underline">
            Search for “{answer.sku}” everywhere
          </Link>
        </p>
      </div>
      {answer.results.length === 0 ? (
        <p className="rounded-lg border border-line bg-surface px-3 py-4 text-sm">
          The history holds no job that touched this SKU.
        </p>
      ) : (
        <SearchResults results={answer.results} tz={tz} skuLinks={false} />
      )}
      {answer.nextCursor ? (
        <Link
          href={`${skuHref(answer.sku)}?cursor=${answer.nextCursor}${tz === "utc" ? "&tz=utc" : ""}`}
          className="text-sm text-accent underline"
        >
          Older jobs →
        </Link>
      ) : null}
    </div>
  );
}
