/**
 * The request a piece of server work belongs to, carried through awaits by AsyncLocalStorage so that
 * an upstream call's log line names the request that caused it. Kept on globalThis: Next loads this
 * module once per module layer, and the Klaviyo client built in one layer serves requests of another.
 * Plain JavaScript: the server in front of Next (scripts/server.mjs) opens the context for every
 * request, pages included, before Next's own code runs.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

/** @typedef {{ requestId: string }} RequestContext */

const SLOT = Symbol.for("klaviyo-bulk-jobs.request-context");

/** @returns {AsyncLocalStorage<RequestContext>} */
function storage() {
  const slot = /** @type {Record<symbol, AsyncLocalStorage<RequestContext> | undefined>} */ (
    /** @type {unknown} */ (globalThis)
  );
  slot[SLOT] ??= new AsyncLocalStorage();
  return slot[SLOT];
}

/** A caller's id is kept when it is a short token; anything else (long, spaces, quotes) is replaced. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * @param {string | null | undefined} header
 * @returns {string}
 */
export function requestIdFrom(header) {
  return typeof header === "string" && SANE_ID.test(header) ? header : randomUUID();
}

/**
 * @template T
 * @param {RequestContext} context
 * @param {() => T} work
 * @returns {T}
 */
export function runWithRequest(context, work) {
  return storage().run(context, work);
}

/** @returns {string | undefined} */
export function currentRequestId() {
  return storage().getStore()?.requestId;
}
