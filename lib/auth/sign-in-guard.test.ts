import { describe, expect, it } from "vitest";
import { type Attempt, SignInGuard } from "./sign-in-guard";

function clock(start = Date.parse("2026-12-07T09:00:00Z")) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Tries `attempt` as a failure; returns the refusal or null when it was let through. */
const fail = (guard: SignInGuard, attempt: Attempt) => guard.begin(attempt);

describe("the sign-in guard", () => {
  it("slows one address with doubling delays after its free failures, and lets the wait end", () => {
    const time = clock();
    const guard = new SignInGuard({ now: time.now, addressFree: 3, addressNameFree: 100 });
    const from = (n: number): Attempt => ({ address: "203.0.113.7", user: `name-${n}` });
    for (let i = 0; i < 3; i++) expect(fail(guard, from(i))).toBeNull();
    // The fourth failure is let through, and sets a 1 s delay; then 2 s, 4 s.
    expect(fail(guard, from(3))).toBeNull();
    expect(fail(guard, from(4))).toEqual({ lane: "address", retryAfterSeconds: 1 });
    time.advance(1000);
    expect(fail(guard, from(4))).toBeNull();
    expect(fail(guard, from(5))).toEqual({ lane: "address", retryAfterSeconds: 2 });
    time.advance(2000);
    expect(fail(guard, from(5))).toBeNull();
    expect(fail(guard, from(6))).toEqual({ lane: "address", retryAfterSeconds: 4 });
    // Another address is not held back.
    expect(fail(guard, { address: "198.51.100.1", user: "name-0" })).toBeNull();
  });

  it("caps every delay, and forgets an address after an idle hour", () => {
    const time = clock();
    const guard = new SignInGuard({ now: time.now, addressFree: 0, maxDelayMs: 60_000, overallBurst: 1000 });
    const attempt = { address: "203.0.113.8", user: "team" };
    for (let i = 0; i < 12; i++) {
      fail(guard, attempt);
      time.advance(60_000);
    }
    fail(guard, attempt);
    expect(fail(guard, attempt)).toEqual({ lane: "address", retryAfterSeconds: 60 });
    time.advance(61 * 60_000);
    expect(fail(guard, attempt)).toBeNull();
    expect(fail(guard, attempt)).toEqual({ lane: "address", retryAfterSeconds: 1 });
  });

  it("counts address × name apart from the address alone, and a right password clears the pair", () => {
    const time = clock();
    const guard = new SignInGuard({ now: time.now, addressFree: 100, addressNameFree: 2 });
    const alice = { address: "203.0.113.9", user: "alice" };
    for (let i = 0; i < 3; i++) expect(fail(guard, alice)).toBeNull();
    expect(fail(guard, alice)).toEqual({ lane: "address-name", retryAfterSeconds: 1 });
    expect(fail(guard, { ...alice, user: "bob" })).toBeNull();
    time.advance(1000);
    expect(fail(guard, alice)).toBeNull();
    guard.succeeded(alice);
    for (let i = 0; i < 2; i++) expect(fail(guard, alice)).toBeNull();
  });

  it("caps failures overall, so a new address on every try still guesses slowly, and refills", () => {
    const time = clock();
    const guard = new SignInGuard({ now: time.now, overallBurst: 50, overallRefillMs: 15_000 });
    for (let i = 0; i < 50; i++) expect(fail(guard, { address: `10.9.${i >> 8}.${i & 255}`, user: "team" })).toBeNull();
    const fresh = { address: "192.0.2.1", user: "team" };
    expect(fail(guard, fresh)).toEqual({ lane: "overall", retryAfterSeconds: 15 });
    time.advance(10_000);
    expect(fail(guard, fresh)).toEqual({ lane: "overall", retryAfterSeconds: 5 });
    time.advance(5000);
    expect(fail(guard, fresh)).toBeNull();
    expect(fail(guard, { address: "192.0.2.2", user: "team" })?.lane).toBe("overall");
    // Past the burst, one try every 15 s: 5,760 guesses a day.
    let allowed = 0;
    for (let s = 0; s < 24 * 3600; s++) {
      time.advance(1000);
      if (!fail(guard, { address: `r${s}`, user: "team" })) allowed += 1;
    }
    expect(allowed).toBe(24 * 240);
  });

  it("never holds back a browser with a device cookie for failures made without it", () => {
    const time = clock();
    const guard = new SignInGuard({ now: time.now, overallBurst: 10 });
    for (let i = 0; i < 40; i++) fail(guard, { address: "127.0.0.1", user: "team" });
    expect(fail(guard, { address: "127.0.0.1", user: "team" })?.lane).toBeDefined();
    const known = { address: "127.0.0.1", user: "team", device: "dev-1" };
    expect(guard.begin(known)).toBeNull();
    guard.succeeded(known);
    // Its own failures slow it like any other client's.
    for (let i = 0; i < 5; i++) expect(fail(guard, known)).toBeNull();
    expect(fail(guard, known)).toBeNull();
    expect(fail(guard, known)).toEqual({ lane: "device", retryAfterSeconds: 1 });
    expect(fail(guard, { ...known, device: "dev-2" })).toBeNull();
  });

  it("counts a try before the password is checked, so parallel tries cannot all slip through", () => {
    const guard = new SignInGuard({ now: clock().now, overallBurst: 5 });
    const started = Array.from({ length: 20 }, (_, i) => guard.begin({ address: `p${i}`, user: "team" }));
    expect(started.filter((r) => r === null)).toHaveLength(5);
  });

  it("keeps its memory bounded under a flood from rotating addresses", () => {
    const time = clock();
    const guard = new SignInGuard({ now: time.now, maxEntries: 100, overallBurst: 1e9 });
    for (let i = 0; i < 5000; i++) fail(guard, { address: `x${i}`, user: "team" });
    expect(guard.sizes.addresses).toBe(100);
    expect(guard.sizes.addressNames).toBe(100);
  });
});
