/** What a page may say about the job history (`GET /api/history`): plain data, safe for the browser. */
export interface HistoryFacts {
  /**
   * "up": the store answers; "down": it does not (pages serve live from Klaviyo, kept jobs cannot be
   * shown); "starting": it is still opening
   */
  state: "up" | "down" | "starting";
  /** where the history starts: jobs created before this are not held (null until the first pass noted it) */
  since: string | null;
  /** jobs held for this account (null when unknown) */
  jobs: number | null;
  /** when the collector last finished a pass (null before the first, or when unknown) */
  lastPass: string | null;
  /** since when it has been down (state "down") */
  downSince: string | null;
}

/** A job's or a run's place in the history (`/api/jobs/{type}/{id}/keep`, `/api/runs/keep`). */
export interface KeepState {
  /** jobs of it the history holds (a job: 0 or 1) */
  stored: number;
  /** how many of those are kept past retention */
  kept: number;
}
