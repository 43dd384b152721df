"use client";

import { useState } from "react";
import { addSample, type ProgressSample } from "@/lib/jobs/throughput";
import type { JobDetail } from "@/lib/types";

function sampleOf(detail: JobDetail): ProgressSample {
  // The upstream read time, not the time the browser got it: a cached answer keeps its original
  // read time and so is not mistaken for a new observation of "no progress".
  return { at: Date.parse(detail.fetchedAt), completed: detail.job.completedCount, failed: detail.job.failedCount };
}

/** The job's counts as observed since the page opened, one sample per new upstream read. */
export function useProgressSamples(detail: JobDetail | undefined): readonly ProgressSample[] {
  const [state, setState] = useState(() => ({
    seen: detail,
    samples: detail ? addSample([], sampleOf(detail)) : ([] as readonly ProgressSample[]),
  }));
  // Derive from the previous render's data (React's "adjust state when a prop changes" pattern).
  if (state.seen !== detail) {
    const samples = detail ? addSample(state.samples, sampleOf(detail)) : state.samples;
    setState({ seen: detail, samples });
    return samples;
  }
  return state.samples;
}
