/**
 * The request a piece of server work belongs to, carried through awaits by AsyncLocalStorage so that
 * an upstream call's log line names the request that caused it. Kept on globalThis: Next loads this
 * module once per module layer, and the Klaviyo client built in one layer serves requests of another.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
}

const SLOT = Symbol.for("klaviyo-bulk-jobs.request-context");
type Slot = { [SLOT]?: AsyncLocalStorage<RequestContext> };

function storage(): AsyncLocalStorage<RequestContext> {
  const slot = globalThis as typeof globalThis & Slot;
  slot[SLOT] ??= new AsyncLocalStorage<RequestContext>();
  return slot[SLOT];
}

/** A caller's id is kept when it is a short token; anything else (long, spaces, quotes) is replaced. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(header: string | null): string {
  return header !== null && SANE_ID.test(header) ? header : randomUUID();
}

export function runWithRequest<T>(context: RequestContext, work: () => T): T {
  return storage().run(context, work);
}

export function currentRequestId(): string | undefined {
  return storage().getStore()?.requestId;
}
