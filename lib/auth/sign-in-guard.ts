/**
 * Who may try a password, and when. Failed sign-ins slow the one who fails, never the team:
 *
 * - A browser that has signed in before carries a device cookie (see device.ts). Its tries are
 *   counted on that cookie alone, so nobody without it can slow it down, whatever they send.
 * - Every other try is counted per client address and per address × name, with delays that double
 *   after a few free failures, and against one overall budget of failures that refills slowly, so
 *   that guessing stays hopeless even from a new address on every request.
 *
 * The address is the first `X-Forwarded-For` entry, which a client can forge unless a reverse proxy
 * overwrites it, so it only sorts honest traffic: the overall budget and the device lane are what
 * make the design safe without it. Nothing here locks a name: delays end by themselves, and a known
 * browser is never held back by failures it did not make.
 *
 * Each try is counted as a failure when it starts (so a burst of parallel tries cannot all pass the
 * check before the first one fails) and forgiven when the password turns out right.
 */

export type Lane = "device" | "address" | "address-name" | "overall";

export interface Refusal {
  lane: Lane;
  retryAfterSeconds: number;
}

export interface Attempt {
  /** the first X-Forwarded-For entry, or "unknown" */
  address: string;
  /** the name tried; the shared password counts as one name */
  user: string;
  /** the device cookie's id when the browser carries a valid one for this name */
  device?: string;
}

export interface GuardOptions {
  now?: () => number;
  /** free failures per device, then doubling delays */
  deviceFree?: number;
  addressFree?: number;
  addressNameFree?: number;
  /** the longest delay any lane imposes */
  maxDelayMs?: number;
  /** overall budget of failures from browsers without a device cookie */
  overallBurst?: number;
  /** one failure comes back to the overall budget every this many ms */
  overallRefillMs?: number;
  /** entries per table; the least recently failed are forgotten first */
  maxEntries?: number;
}

const MINUTE = 60_000;

const DEFAULTS: Required<Omit<GuardOptions, "now">> = {
  deviceFree: 5,
  addressFree: 10,
  addressNameFree: 5,
  maxDelayMs: 15 * MINUTE,
  overallBurst: 50,
  overallRefillMs: 15_000,
  maxEntries: 10_000,
};

interface Backoff {
  failures: number;
  /** no further try before this instant */
  until: number;
  last: number;
}

/** Per-key failure counts with doubling delays past the free ones, forgotten after an idle hour. */
class BackoffTable {
  private readonly entries = new Map<string, Backoff>();

  constructor(
    private readonly free: number,
    private readonly maxDelayMs: number,
    private readonly maxEntries: number,
  ) {}

  waitMs(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    if (now - entry.last > 60 * MINUTE) {
      this.entries.delete(key);
      return 0;
    }
    return Math.max(0, entry.until - now);
  }

  fail(key: string, now: number): void {
    const entry = this.entries.get(key) ?? { failures: 0, until: 0, last: now };
    entry.failures += 1;
    entry.last = now;
    const over = entry.failures - this.free;
    entry.until = over > 0 ? now + Math.min(1000 * 2 ** (over - 1), this.maxDelayMs) : 0;
    // Re-inserting keeps the Map in order of last failure, so the first key is the stalest.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Takes back one counted failure (the try succeeded), or all of them. */
  forgive(key: string, all: boolean): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    if (all || entry.failures <= 1) this.entries.delete(key);
    else entry.failures -= 1;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A token bucket of failures: each try takes one, a right password gives it back. */
class Budget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly burst: number,
    private readonly refillMs: number,
    now: number,
  ) {
    this.tokens = burst;
    this.at = now;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.at) / this.refillMs);
    this.at = now;
  }

  waitMs(now: number): number {
    this.refill(now);
    // (less a hair, so float error never adds a whole millisecond)
    return this.tokens >= 1 - 1e-9 ? 0 : Math.ceil((1 - this.tokens) * this.refillMs - 1e-6);
  }

  take(now: number): void {
    this.refill(now);
    this.tokens -= 1;
  }

  giveBack(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }
}

export class SignInGuard {
  private readonly now: () => number;
  private readonly devices: BackoffTable;
  private readonly addresses: BackoffTable;
  private readonly addressNames: BackoffTable;
  private readonly overall: Budget;

  constructor(options: GuardOptions = {}) {
    const o = { ...DEFAULTS, ...options };
    this.now = options.now ?? Date.now;
    this.devices = new BackoffTable(o.deviceFree, o.maxDelayMs, o.maxEntries);
    this.addresses = new BackoffTable(o.addressFree, o.maxDelayMs, o.maxEntries);
    this.addressNames = new BackoffTable(o.addressNameFree, o.maxDelayMs, o.maxEntries);
    this.overall = new Budget(o.overallBurst, o.overallRefillMs, this.now());
  }

  /**
   * Refuses the try with the lane that holds it back, or counts it as a failure in advance and
   * returns null; call `succeeded` when the password is right.
   */
  begin(attempt: Attempt): Refusal | null {
    const now = this.now();
    const pairKey = pair(attempt);
    const waits: [Lane, number][] = attempt.device
      ? [["device", this.devices.waitMs(attempt.device, now)]]
      : [
          ["address", this.addresses.waitMs(attempt.address, now)],
          ["address-name", this.addressNames.waitMs(pairKey, now)],
          ["overall", this.overall.waitMs(now)],
        ];
    const longest = waits.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (longest[1] > 0) return { lane: longest[0], retryAfterSeconds: Math.ceil(longest[1] / 1000) };
    if (attempt.device) {
      this.devices.fail(attempt.device, now);
    } else {
      this.addresses.fail(attempt.address, now);
      this.addressNames.fail(pairKey, now);
      this.overall.take(now);
    }
    return null;
  }

  /** The password was right: the try is not a failure, and this client's counts start afresh. */
  succeeded(attempt: Attempt): void {
    if (attempt.device) {
      this.devices.forgive(attempt.device, true);
      return;
    }
    this.addresses.forgive(attempt.address, false);
    this.addressNames.forgive(pair(attempt), true);
    this.overall.giveBack();
  }

  /** Entries held per table (for tests: memory stays bounded under a flood). */
  get sizes(): { devices: number; addresses: number; addressNames: number } {
    return { devices: this.devices.size, addresses: this.addresses.size, addressNames: this.addressNames.size };
  }
}

const pair = (attempt: Attempt) => `${attempt.address}\n${attempt.user}`;

/** One guard per process (instances do not share theirs; see the README). */
let shared: SignInGuard | undefined;
export function signInGuard(): SignInGuard {
  shared ??= new SignInGuard();
  return shared;
}
