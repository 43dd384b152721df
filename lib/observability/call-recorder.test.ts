import { describe, expect, it } from "vitest";
import { createCallRecorder } from "./call-recorder";

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0, 0);

function recorderAt(start = T0) {
  let now = start;
  const recorder = createCallRecorder(() => now);
  return { recorder, advance: (ms: number) => (now += ms) };
}

const row = (recorder: ReturnType<typeof createCallRecorder>, endpoint: string) =>
  recorder.snapshot().endpoints.find((e) => e.endpoint === endpoint);

describe("call recorder", () => {
  it("counts people's calls apart from background work's, per endpoint", () => {
    const { recorder } = recorderAt();
    recorder.called("item-create:list", "person", 200);
    recorder.called("item-create:list", "person", 200);
    recorder.called("item-create:list", "background", 200);
    recorder.called("item-create:get", "background", "timeout");
    expect(row(recorder, "item-create:list")).toMatchObject({
      lastMinute: { person: 2, background: 1 },
      lastHour: { person: 2, background: 1 },
      busiestSecond: 3,
    });
    expect(row(recorder, "item-create:get")).toMatchObject({ lastMinute: { person: 0, background: 1 } });
  });

  it("drops calls out of the last minute, then out of the last hour, as time goes on", () => {
    const { recorder, advance } = recorderAt();
    recorder.called("variant-delete:list", "person", 200);
    advance(30_000);
    recorder.called("variant-delete:list", "person", 200);
    recorder.called("variant-delete:list", "person", 200);
    expect(row(recorder, "variant-delete:list")).toMatchObject({ lastMinute: { person: 3 }, busiestSecond: 2 });

    advance(31_000); // the first call is 61 s old
    expect(row(recorder, "variant-delete:list")).toMatchObject({
      lastMinute: { person: 2 },
      lastHour: { person: 3 },
      busiestSecond: 2,
    });

    advance(30_000); // all are past the minute: their second buckets are stale, not reused
    recorder.called("variant-delete:list", "background", 200);
    expect(row(recorder, "variant-delete:list")).toMatchObject({
      lastMinute: { person: 0, background: 1 },
      lastHour: { person: 3, background: 1 },
      busiestSecond: 1,
    });

    advance(60 * 60_000); // an hour later: the ring of minutes has come round
    expect(row(recorder, "variant-delete:list")).toMatchObject({
      lastMinute: { person: 0, background: 0 },
      lastHour: { person: 0, background: 0 },
      busiestSecond: 0,
    });
  });

  it("counts 429s with the last one's time, and reads our own limiter refused", () => {
    const { recorder, advance } = recorderAt();
    recorder.called("item-update:list", "person", 429);
    advance(5_000);
    recorder.called("item-update:list", "background", 429);
    recorder.called("item-update:list", "background", 200);
    recorder.refused("item-update:list");
    expect(row(recorder, "item-update:list")).toMatchObject({
      lastMinute: { person: 1, background: 2 },
      throttledLastHour: 2,
      lastThrottledAt: new Date(T0 + 5_000).toISOString(),
      refusedLastHour: 1,
      lastRefusedAt: new Date(T0 + 5_000).toISOString(),
    });
    advance(61 * 60_000);
    // Out of the hour, but the last time is still told.
    expect(row(recorder, "item-update:list")).toMatchObject({
      throttledLastHour: 0,
      lastThrottledAt: new Date(T0 + 5_000).toISOString(),
    });
  });

  it("keeps the last RateLimit-Remaining with when it was seen", () => {
    const { recorder, advance } = recorderAt();
    expect(row(recorder, "category-create:get")).toBeUndefined();
    recorder.remaining("category-create:get", 3400);
    advance(2_000);
    recorder.remaining("category-create:get", 3390);
    expect(row(recorder, "category-create:get")?.remaining).toEqual({
      value: 3390,
      at: new Date(T0 + 2_000).toISOString(),
    });
  });

  it("gives the last hour minute by minute, every endpoint together", () => {
    const { recorder, advance } = recorderAt();
    recorder.called("item-create:list", "person", 200);
    recorder.called("item-delete:get", "background", 429);
    advance(60_000);
    recorder.called("item-create:list", "person", 200);
    const { minutes } = recorder.snapshot();
    expect(minutes).toHaveLength(60);
    expect(minutes.at(-1)).toEqual({ at: new Date(T0 + 60_000).toISOString(), person: 1, background: 0, throttled: 0 });
    expect(minutes.at(-2)).toEqual({ at: new Date(T0).toISOString(), person: 1, background: 1, throttled: 1 });
    expect(minutes.slice(0, -2).every((m) => m.person + m.background === 0)).toBe(true);
  });

  it("knows since when Klaviyo has answered nothing but 429s and 5xx (or not at all), until a good answer", () => {
    const { recorder, advance } = recorderAt();
    expect(recorder.troubleSince()).toBeNull();
    recorder.called("item-create:list", "background", 200);
    advance(1000);
    recorder.called("item-create:list", "background", 429);
    advance(1000);
    recorder.called("item-update:list", "person", 503);
    recorder.called("item-update:get", "background", "timeout");
    expect(recorder.troubleSince()).toBe(T0 + 1000);
    // A refusal for a bad request is still an answer: Klaviyo is there.
    recorder.called("item-update:get", "person", 404);
    expect(recorder.troubleSince()).toBeNull();
    advance(1000);
    recorder.called("item-update:get", "person", 500);
    expect(recorder.troubleSince()).toBe(T0 + 3000);
  });
});
