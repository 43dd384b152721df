/**
 * The collector: keeps the store up to date with Klaviyo while nobody is looking. Each pass, for
 * each of the nine job types:
 * - finds new jobs by paging the type newest first until it meets a job it knows (on the first
 *   pass, when it knows none of that type, it pages through all Klaviyo still holds);
 * - refreshes jobs last seen queued or processing from the status-filtered lists (one call per 100
 *   running jobs), and reads one by one those that left both lists, for their final state;
 * then keeps the related items of finished create/update jobs (so previews outlive Klaviyo's
 * copy), and asks about stored jobs past their `expires_at` (a 404 marks them kept-after-deletion).
 *
 * Every Klaviyo call is a background call through the one door: it yields to people and spends at
 * most COLLECTOR_SHARE of each endpoint's budget. The pace adapts: a pass every `fastMs` while jobs
 * run, every `idleMs` when all is finished.
 */
import { ApiError } from "../http/errors";
import { JOB_TYPE_INFO, JOB_TYPES, type JobType, type KnownJobStatus } from "../job-types";
import {
  anyUnfinished,
  getMeta,
  jobsPastExpiry,
  jobsWithoutIncluded,
  keepIncluded,
  knownIds,
  markGone,
  recordJobs,
  setMeta,
  unfinishedJobs,
} from "../store/jobs";
import type { Db } from "../store/open";
import type { JobDetail, JobPage } from "../types";

export interface CollectorSource {
  listJobs(query: { type: JobType; status?: KnownJobStatus; cursor?: string }): Promise<JobPage>;
  getJob(query: { type: JobType; id: string }): Promise<JobDetail>;
}

export interface CollectorOptions {
  db: Db;
  account: string;
  source: CollectorSource;
  now?: () => number;
  /** list pages per type and pass at most (a first backfill continues on the next pass) */
  maxPagesPerType?: number;
  /** one-by-one reads per pass at most, for finished jobs and for items (each), and for expiries */
  maxReadsPerPass?: number;
  /** how old a job's last sighting grows before an unchanged answer is written (0: every answer; the bench's baseline) */
  seenRefreshMs?: number;
}

export interface PassReport {
  calls: number;
  added: number;
  updated: number;
  finished: number;
  itemsKept: number;
  gone: number;
  /** whether jobs are still running afterwards (the next pass comes sooner) */
  busy: boolean;
}

const INCLUDING = JOB_TYPES.filter((type) => JOB_TYPE_INFO[type].include !== null);

export class Collector {
  private readonly db: Db;
  private readonly account: string;
  private readonly source: CollectorSource;
  private readonly now: () => number;
  private readonly maxPages: number;
  private readonly maxReads: number;
  private readonly seenRefreshMs: number | undefined;
  /** per type: the cursor where a backfill stopped, to go on from next pass */
  private readonly backfill = new Map<JobType, string>();

  constructor(options: CollectorOptions) {
    this.db = options.db;
    this.account = options.account;
    this.source = options.source;
    this.now = options.now ?? Date.now;
    this.maxPages = options.maxPagesPerType ?? 30;
    this.maxReads = options.maxReadsPerPass ?? 50;
    this.seenRefreshMs = options.seenRefreshMs;
  }

  async pass(): Promise<PassReport> {
    const report: PassReport = { calls: 0, added: 0, updated: 0, finished: 0, itemsKept: 0, gone: 0, busy: false };
    let reads = 0;
    for (const type of JOB_TYPES) {
      await this.discover(type, report);
      reads += await this.refresh(type, report, this.maxReads - reads);
    }
    // Items before Klaviyo forgets them (oldest first), and expiries: budgets of their own, so a
    // backlog of one never starves the other.
    await this.keepItems(report, this.maxReads);
    await this.checkExpired(report, this.maxReads);
    report.busy = await anyUnfinished(this.db, this.account);
    return report;
  }

  private async record(page: JobPage, report: PassReport): Promise<void> {
    const result = await recordJobs(this.db, this.account, page.jobs, new Date(page.fetchedAt), this.seenRefreshMs);
    report.added += result.added;
    report.updated += result.updated;
  }

  /**
   * New jobs, newest first, down to the first known one. Until a type has been paged to the end once
   * (its backfill, noted in the store so that a crash or restart resumes it), every page is read,
   * known jobs or not, continuing next pass from where the page limit stopped it.
   */
  private async discover(type: JobType, report: PassReport): Promise<void> {
    const doneKey = `backfilled:${this.account}:${type}`;
    const backfilled = Boolean(await getMeta<string>(this.db, doneKey));
    let cursor = backfilled ? undefined : this.backfill.get(type);
    this.backfill.delete(type);
    for (let pages = 0; pages < this.maxPages; pages++) {
      const page = await this.source.listJobs({ type, cursor });
      report.calls += 1;
      const known = backfilled
        ? await knownIds(
            this.db,
            this.account,
            type,
            page.jobs.map((job) => job.id),
          )
        : new Set<string>();
      await this.record(page, report);
      if (!page.nextCursor) {
        if (!backfilled) await setMeta(this.db, doneKey, new Date(this.now()).toISOString());
        return;
      }
      // Met a known job: everything older is stored already.
      if (known.size > 0) return;
      cursor = page.nextCursor;
    }
    if (!backfilled) this.backfill.set(type, cursor!);
  }

  /** Running jobs' counts from the status lists; final states of those that left both. */
  private async refresh(type: JobType, report: PassReport, budget: number): Promise<number> {
    const running = await unfinishedJobs(this.db, this.account, type);
    if (running.length === 0) return 0;
    const seen = new Set<string>();
    for (const status of ["processing", "queued"] as const) {
      let cursor: string | undefined;
      for (let pages = 0; pages < this.maxPages; pages++) {
        const page = await this.source.listJobs({ type, status, cursor });
        report.calls += 1;
        for (const job of page.jobs) seen.add(job.id);
        await this.record(page, report);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
    }
    let reads = 0;
    for (const job of running) {
      if (seen.has(job.id)) continue;
      if (reads >= budget) break;
      reads += 1;
      if (await this.readOne(type, job.id, report)) report.finished += 1;
    }
    return reads;
  }

  /** Reads one job and records it (with its items when it has finished); false when Klaviyo has it no more. */
  private async readOne(type: JobType, id: string, report: PassReport): Promise<boolean> {
    let detail: JobDetail;
    try {
      detail = await this.source.getJob({ type, id });
    } catch (error) {
      if (error instanceof ApiError && error.code === "not_found") {
        report.calls += 1;
        if (await markGone(this.db, this.account, type, id, new Date(this.now()))) report.gone += 1;
        return false;
      }
      throw error;
    }
    report.calls += 1;
    const at = new Date(detail.fetchedAt);
    // A job read on its own is always written, unchanged or not: its sighting moves it to the back
    // of the next pass's reads (see unfinishedJobs).
    await recordJobs(this.db, this.account, [detail.job], at, 0);
    const finished = detail.job.status === "complete" || detail.job.status === "cancelled";
    if (finished && JOB_TYPE_INFO[type].include !== null) {
      await keepIncluded(this.db, this.account, type, id, detail.included, at);
      report.itemsKept += 1;
    }
    return true;
  }

  private async keepItems(report: PassReport, budget: number): Promise<number> {
    if (budget <= 0) return 0;
    const pending = await jobsWithoutIncluded(this.db, this.account, INCLUDING, budget);
    for (const job of pending) await this.readOne(job.type, job.id, report);
    return pending.length;
  }

  private async checkExpired(report: PassReport, budget: number): Promise<void> {
    if (budget <= 0) return;
    const due = await jobsPastExpiry(this.db, this.account, new Date(this.now()), budget);
    for (const job of due) await this.readOne(job.type, job.id, report);
  }
}
