import type { Metadata } from "next";
import { Link } from "@/components/account-link";
import { parseBefore, readAudit } from "@/lib/audit/read.server";
import { ApiError } from "@/lib/http/errors";
import type { AuditRow } from "@/lib/store/audit";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const ACTIONS: Record<AuditRow["action"], string> = {
  sign_in: "signed in",
  sign_in_failed: "sign-in failed",
  denied: "reached for another account",
  forbidden: "change refused",
  change: "changed",
  keep: "keep",
  export: "exported",
};

const cell = "border-b border-line px-2 py-1.5 text-left align-top";
const head = `${cell} font-medium text-ink-muted`;
const WARN: AuditRow["action"][] = ["sign_in_failed", "denied", "forbidden"];

export default async function AuditPage({ searchParams }: PageProps<"/audit">) {
  const params = await searchParams;
  const given = params.before;
  let answer: Awaited<ReturnType<typeof readAudit>>;
  try {
    answer = await readAudit(
      parseBefore(typeof given === "string" ? given : null, typeof params.id === "string" ? params.id : null),
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return (
      <div>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p role="alert" className="mt-4 rounded-md border border-line bg-surface px-3 py-2 text-sm">
          {error.message}
        </p>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-ink-muted">
          Sign-ins and failed ones, changes to alert rules and channels, kept jobs and runs, exports, and attempts to
          reach what a person may not see; newest first, times in UTC.
        </p>
        {answer.accounts ? (
          <p className="mt-1 text-sm" data-testid="audit-scope">
            Entries about {answer.accounts.join(", ")} only, the accounts you are admin of. Sign-ins and the other
            accounts are for admins of every account.
          </p>
        ) : null}
      </div>
      {answer.entries.length === 0 ? (
        <p className="text-sm text-ink-muted">Nothing recorded{given ? " before that time" : " yet"}.</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        <section tabIndex={0} aria-label="Audit entries" className="overflow-x-auto rounded-md border border-line">
          <table className="w-full min-w-[40rem] text-sm">
            <thead>
              <tr>
                <th className={head}>When</th>
                <th className={head}>Who</th>
                <th className={head}>What</th>
                <th className={head}>Account</th>
                <th className={head}>On</th>
              </tr>
            </thead>
            <tbody>
              {answer.entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                  <td className={`${cell} whitespace-nowrap`}>
                    <time dateTime={entry.at}>{entry.at.replace("T", " ").slice(0, 19)}</time>
                  </td>
                  <td className={`${cell} break-all`}>{entry.actor}</td>
                  <td className={cell}>
                    <span className={WARN.includes(entry.action) ? "font-medium text-danger" : undefined}>
                      {ACTIONS[entry.action] ?? entry.action}
                    </span>
                    {entry.detail ? <span className="block text-xs text-ink-muted">{entry.detail}</span> : null}
                  </td>
                  <td className={cell}>{entry.account ?? "—"}</td>
                  <td className={`${cell} break-all font-mono text-xs`}>{entry.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {answer.older ? (
        <Link href={`/audit?${new URLSearchParams(answer.older)}`} className="text-sm text-accent underline">
          Older entries
        </Link>
      ) : null}
    </div>
  );
}
