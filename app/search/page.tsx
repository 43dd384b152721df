import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Anchor, Link } from "@/components/account-link";
import { ErrorState } from "@/components/error-state";
import { RelativeTime } from "@/components/relative-time";
import { SearchResults } from "@/components/search-results";
import { accountHref, currentStoreAccount } from "@/lib/accounts/current.server";
import { DEFAULT_JOB_TYPE } from "@/lib/job-types";
import { jobDetailPath } from "@/lib/jobs/detail-params";
import { isJobId } from "@/lib/jobs/list-params";
import { paramsOf, parseSearchParams, SEARCH_GROUP_LABELS, searchHref } from "@/lib/search/query";
import { readFailure, search } from "@/lib/search/read.server";
import type { SearchAnswer } from "@/lib/search/types";
import { typesOfId } from "@/lib/store/jobs";
import { currentStore } from "@/lib/store/shared";
import { timeZoneParser } from "@/lib/time-zone";

export const dynamic = "force-dynamic";

export async function generateMetadata({ searchParams }: PageProps<"/search">): Promise<Metadata> {
  const q = paramsOf(await searchParams)
    .get("q")
    ?.trim();
  return { title: q ? `Search: ${q.slice(0, 60)}` : "Search" };
}

/** A job the history holds under exactly this id opens at once, as a job id typed in the box does. */
async function storedJobPath(text: string): Promise<string | null> {
  const store = currentStore();
  if (!store || !isJobId(text)) return null;
  const types = await typesOfId(store.db, await currentStoreAccount(), text).catch(() => []);
  return types.length === 1 ? jobDetailPath(types[0]!, text) : null;
}

/**
 * `/search?q=…[&cursor=…][&tz=utc]`: the job history searched by job id, SKU or external id, error code
 * and error words, each group newest first; a cursor opens the next page of its group. Read on the
 * server (no Klaviyo call); bad input says what is wrong and asks the store nothing.
 */
export default async function SearchPage({ searchParams }: PageProps<"/search">) {
  const params = paramsOf(await searchParams);
  const tz = timeZoneParser.parseServerSide(params.get("tz") ?? undefined);
  params.delete("tz");
  const parsed = parseSearchParams(params);
  if (!parsed.ok) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Search</h1>
        <ErrorState error={{ code: "bad_request", message: parsed.message }} />
        <p className="text-sm text-ink-muted">
          Type a job id or link, a SKU or external id, an error code or words from an error in the box at the top.
        </p>
      </div>
    );
  }
  const { plan, cursor } = parsed.value;
  if (!cursor) {
    const found = await storedJobPath(plan.text);
    if (found) redirect(await accountHref(`${found}${tz === "utc" ? "?tz=utc" : ""}`));
  }
  let answer: SearchAnswer;
  try {
    answer = await search(parsed.value);
  } catch (error) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">Search: {plan.text}</h1>
        <ErrorState error={readFailure(error)} />
      </div>
    );
  }
  const exportHref = (format: "csv" | "json") => {
    const query = new URLSearchParams({ q: plan.text });
    if (cursor) query.set("cursor", params.get("cursor")!);
    query.set("format", format);
    return `/api/search?${query.toString()}`;
  };
  const total = answer.groups.reduce((n, group) => n + group.results.length, 0);
  return (
    <div className="space-y-5">
      <div className="space-y-1">
        <h1 className="text-xl font-semibold break-all">Search: {plan.text}</h1>
        <p className="text-sm text-ink-muted">
          Read from the job history
          {answer.asOf ? (
            <>
              {" "}
              as of the collector’s last pass, <RelativeTime iso={answer.asOf} tz={tz} />
            </>
          ) : null}
          . Newest first.
          {answer.shortWords.length > 0
            ? ` Words shorter than 3 characters are not searched: ${answer.shortWords.join(", ")}.`
            : ""}
        </p>
        <p className="flex flex-wrap gap-3 text-sm">
          {answer.paged ? (
            <Link href={searchHref(plan.text, null, tz)} className="text-accent underline">
              ← Every group
            </Link>
          ) : null}
          <Anchor href={exportHref("csv")} download className="text-accent underline">
            Export CSV
          </Anchor>
          <Anchor href={exportHref("json")} download className="text-accent underline">
            Export JSON
          </Anchor>
          {plan.jobs && total === 0 ? (
            <Link href={jobDetailPath(DEFAULT_JOB_TYPE, plan.text)} className="text-accent underline">
              Look this id up in Klaviyo
            </Link>
          ) : null}
        </p>
      </div>
      {answer.groups.map((group) => (
        <section key={group.group} aria-labelledby={`group-${group.group}`} className="space-y-2">
          <h2 id={`group-${group.group}`} className="font-semibold">
            {SEARCH_GROUP_LABELS[group.group]}
            <span className="ml-2 text-sm font-normal text-ink-muted">
              {group.results.length === 0 ? "none" : `${group.results.length}${group.nextCursor ? "+" : ""}`}
            </span>
          </h2>
          {group.results.length > 0 ? <SearchResults results={group.results} tz={tz} /> : null}
          {group.nextCursor ? (
            <Link href={searchHref(plan.text, group.nextCursor, tz)} className="text-sm text-accent underline">
              More {SEARCH_GROUP_LABELS[group.group].toLowerCase()} →
            </Link>
          ) : null}
        </section>
      ))}
    </div>
  );
}
