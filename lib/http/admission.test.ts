import { describe, expect, it } from "vitest";
import {
  admissionLimits,
  admissionStats,
  bypassesAdmission,
  createAdmission,
  publishAdmissionStats,
  QUEUE_GIVE_UP,
} from "./admission.mjs";

/** Whether a ticket's turn has come (its promise settled) once pending callbacks have run. */
async function isAdmitted(ticket: { admitted: Promise<void> }): Promise<boolean> {
  let admitted = false;
  void ticket.admitted.then(() => (admitted = true));
  await new Promise((resolve) => setImmediate(resolve));
  return admitted;
}

describe("admission", () => {
  it("serves up to the limit, queues up to the queue's length, and refuses the rest", async () => {
    const gate = createAdmission({ maxInFlight: 2, maxQueue: 1 });
    const first = gate.enter();
    const second = gate.enter();
    const third = gate.enter();
    expect(first && second && third).toBeTruthy();
    expect(await isAdmitted(first!)).toBe(true);
    expect(await isAdmitted(third!)).toBe(false);
    expect(gate.enter()).toBeNull();
    expect(gate.stats).toMatchObject({ inFlight: 2, queued: 1 });

    // A finished request hands its turn to the one waiting, not to a newcomer.
    first!.done();
    expect(await isAdmitted(third!)).toBe(true);
    expect(gate.stats).toMatchObject({ inFlight: 2, queued: 0 });
    const fourth = gate.enter();
    expect(fourth).not.toBeNull();
    expect(await isAdmitted(fourth!)).toBe(false);
  });

  it("gives a turn back once however often it is finished, and forgets a client that left while waiting", async () => {
    const gate = createAdmission({ maxInFlight: 1, maxQueue: 2 });
    const served = gate.enter()!;
    const gone = gate.enter()!;
    const patient = gate.enter()!;
    gone.done(); // its client hung up before its turn
    expect(gate.stats.queued).toBe(1);
    served.done();
    served.done();
    expect(await isAdmitted(patient)).toBe(true);
    expect(await isAdmitted(gone)).toBe(false);
    expect(gate.stats).toMatchObject({ inFlight: 1, queued: 0 });
    patient.done();
    expect(gate.stats).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("with no queue, refuses as soon as every turn is taken", () => {
    const gate = createAdmission({ maxInFlight: 1, maxQueue: 0 });
    expect(gate.enter()).not.toBeNull();
    expect(gate.enter()).toBeNull();
  });

  it("refuses newcomers at once while the head of the queue has waited too long, and gives up on it later", async () => {
    let clock = 0;
    const gate = createAdmission({ maxInFlight: 1, maxQueue: 10, maxWaitMs: 50, now: () => clock });
    const served = gate.enter()!;
    const head = gate.enter()!;
    clock = 50;
    const second = gate.enter();
    expect(second).not.toBeNull(); // the head has waited exactly the limit: still a queue that moves
    clock = 51;
    expect(gate.enter()).toBeNull();
    expect(gate.stats.queued).toBe(2);

    // Still not admitted after QUEUE_GIVE_UP times the limit (real time): the front refuses it there.
    const gaveUp = await Promise.race([
      head.expired!.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 50 * QUEUE_GIVE_UP + 200)),
    ]);
    expect(gaveUp).toBe(true);
    head.done();
    expect(gate.stats.queued).toBe(1);
    // The turn goes to the next one waiting, which is then no longer given up on.
    served.done();
    expect(await isAdmitted(second!)).toBe(true);
    const stillThere = await Promise.race([
      second!.expired!.then(() => "expired"),
      new Promise((resolve) => setTimeout(() => resolve("served"), 50 * QUEUE_GIVE_UP + 100)),
    ]);
    expect(stillThere).toBe("served");
    second!.done();
    expect(gate.stats).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("counts refusals by kind, which the metrics read once published", () => {
    const gate = createAdmission({ maxInFlight: 1, maxQueue: 0 });
    publishAdmissionStats(JSON.parse(JSON.stringify(gate.stats)));
    expect(admissionStats()).toMatchObject({ shed: { page: 0, api: 0 } });
    publishAdmissionStats(gate.stats);
    gate.shed("page");
    gate.shed("api");
    gate.shed("api");
    expect(admissionStats()).toMatchObject({ shed: { page: 1, api: 2 }, maxInFlight: 1, maxQueue: 0 });
  });

  it("lets probes, the scraper and build files pass, and nothing else", () => {
    for (const path of ["/api/health", "/api/ready", "/api/metrics", "/_next/static/chunks/a.js", "/favicon.ico"]) {
      expect(bypassesAdmission(path), path).toBe(true);
    }
    for (const path of ["/", "/jobs", "/api/jobs", "/api/healthz", "/_next/image", "/api/health/x"]) {
      expect(bypassesAdmission(path), path).toBe(false);
    }
  });

  it("reads its limits from the environment, blank meaning the default, and refuses nonsense", () => {
    expect(admissionLimits({})).toEqual({ maxInFlight: 16, maxQueue: 32, maxWaitMs: 1000 });
    expect(admissionLimits({ MAX_IN_FLIGHT: " 4 ", MAX_QUEUE: "", MAX_QUEUE_WAIT_MS: "250" })).toEqual({
      maxInFlight: 4,
      maxQueue: 32,
      maxWaitMs: 250,
    });
    expect(() => createAdmission(admissionLimits({ MAX_QUEUE_WAIT_MS: "0" }))).toThrow(RangeError);
    expect(() => createAdmission(admissionLimits({ MAX_IN_FLIGHT: "0" }))).toThrow(RangeError);
    expect(() => createAdmission(admissionLimits({ MAX_QUEUE: "a few" }))).toThrow(RangeError);
  });
});
