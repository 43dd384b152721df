/**
 * Throughput, ETA and stall detection for one running job. Klaviyo reports only counts, never a rate,
 * so the detail page samples `completed + failed` each time a poll brings a new upstream read and
 * derives everything here. Pure functions over those samples; the caller decides when to sample.
 */

export interface ProgressSample {
  /** when the counts were read upstream (ms since the epoch) */
  at: number;
  completed: number;
  failed: number;
}

export const processedOf = (s: ProgressSample): number => s.completed + s.failed;

/** About an hour of 5 s polls: enough for the chart, bounded for a tab left open all day. */
export const SAMPLE_LIMIT = 720;
/** Rates are read over the last two minutes: long enough to smooth Klaviyo's chunky counts, short enough to follow a slowdown. */
export const RATE_WINDOW_MS = 120_000;
/** An ETA needs this many samples spanning at least ETA_MIN_SPAN_MS; fewer give a number that is mostly noise. */
export const ETA_MIN_SAMPLES = 3;
export const ETA_MIN_SPAN_MS = 10_000;
/** Consecutive reads without progress, while processing, before the job is called stalled. */
export const STALL_POLLS = 4;

/**
 * Append a read. The same read seen twice (the proxy's cache answers with the original read time)
 * or an older one arriving late is not a new observation, so it is dropped.
 */
export function addSample(
  samples: readonly ProgressSample[],
  next: ProgressSample,
  limit = SAMPLE_LIMIT,
): readonly ProgressSample[] {
  if (!Number.isFinite(next.at)) return samples;
  const last = samples.at(-1);
  if (last && next.at <= last.at) return samples;
  const out = [...samples, next];
  return out.length > limit ? out.slice(out.length - limit) : out;
}

/** The samples of the last `windowMs`, but never fewer than `minSamples` (after a hidden tab, reads are sparse). */
export function recentSamples(
  samples: readonly ProgressSample[],
  windowMs = RATE_WINDOW_MS,
  minSamples = 2,
): readonly ProgressSample[] {
  const last = samples.at(-1);
  if (!last) return [];
  const inWindow = samples.findIndex((s) => s.at >= last.at - windowMs);
  const start = Math.min(inWindow, Math.max(0, samples.length - minSamples));
  return samples.slice(start);
}

/**
 * Items per minute: the least-squares slope of processed items over time in the recent window.
 * A regression rather than first-to-last because Klaviyo's counts move in steps; null until two
 * reads exist.
 */
export function smoothedRate(samples: readonly ProgressSample[], windowMs = RATE_WINDOW_MS): number | null {
  const window = recentSamples(samples, windowMs, 2);
  if (window.length < 2) return null;
  const t0 = window[0]!.at;
  const n = window.length;
  let meanT = 0;
  let meanY = 0;
  for (const s of window) {
    meanT += (s.at - t0) / n;
    meanY += processedOf(s) / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (const s of window) {
    const dt = s.at - t0 - meanT;
    sxx += dt * dt;
    sxy += dt * (processedOf(s) - meanY);
  }
  if (sxx === 0) return null;
  // Counts never go back; a negative slope is a glitch in the reads, not negative work.
  return Math.max(0, (sxy / sxx) * 60_000);
}

export interface EtaRange {
  /** items per minute at the slow and fast ends of what was observed */
  rateLow: number;
  rateHigh: number;
  /** ms from the last read until the job should be done, at the fast rate */
  earliestMs: number;
  /** ms at the slow rate; null when some recent stretch made no progress at all (no upper bound) */
  latestMs: number | null;
}

/**
 * How long until `total` is processed, as a range. The rates compared are the regression slope and
 * the average rate over every stretch of at least ETA_MIN_SPAN_MS ending at the last read; the
 * fastest gives the earliest finish and the slowest the latest. Null before ETA_MIN_SAMPLES reads
 * spanning ETA_MIN_SPAN_MS, when nothing remains, or when nothing moved.
 */
export function etaRange(
  samples: readonly ProgressSample[],
  total: number,
  options: { windowMs?: number; minSamples?: number; minSpanMs?: number } = {},
): EtaRange | null {
  const { windowMs = RATE_WINDOW_MS, minSamples = ETA_MIN_SAMPLES, minSpanMs = ETA_MIN_SPAN_MS } = options;
  const window = recentSamples(samples, windowMs, minSamples);
  const last = window.at(-1);
  const first = window[0];
  if (!last || !first || window.length < minSamples || last.at - first.at < minSpanMs) return null;
  const remaining = total - processedOf(last);
  if (remaining <= 0) return null;

  const rates: number[] = [];
  for (const s of window) {
    const span = last.at - s.at;
    if (span >= minSpanMs) rates.push(Math.max(0, ((processedOf(last) - processedOf(s)) / span) * 60_000));
  }
  const slope = smoothedRate(window, Number.POSITIVE_INFINITY);
  if (slope !== null) rates.push(slope);

  const rateHigh = Math.max(...rates);
  const rateLow = Math.min(...rates);
  if (!(rateHigh > 0)) return null;
  return {
    rateLow,
    rateHigh,
    earliestMs: (remaining / rateHigh) * 60_000,
    latestMs: rateLow > 0 ? (remaining / rateLow) * 60_000 : null,
  };
}

export interface StallState {
  stalled: boolean;
  /** reads since the count last moved (0 when the latest read moved it) */
  polls: number;
  /** when the count last moved, as far as the samples show (ms since the epoch); null without samples */
  since: number | null;
}

/**
 * Stalled: the job is processing, items remain, and the last STALL_POLLS reads brought no progress.
 * A queued job waiting for one of Klaviyo's 500 slots is not stalled, and neither is a finished one.
 */
export function stallState(
  samples: readonly ProgressSample[],
  job: { running: boolean; total: number },
  polls = STALL_POLLS,
): StallState {
  const last = samples.at(-1);
  if (!last) return { stalled: false, polls: 0, since: null };
  let i = samples.length - 1;
  while (i > 0 && processedOf(samples[i - 1]!) === processedOf(last)) i--;
  const unchanged = samples.length - 1 - i;
  const remaining = job.total - processedOf(last);
  return { stalled: job.running && remaining > 0 && unchanged >= polls, polls: unchanged, since: samples[i]!.at };
}
