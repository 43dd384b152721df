/**
 * The proxy's way into the audit log. The proxy is bundled apart from the server's modules (and must
 * not load the store), so instrumentation.ts puts a writer on the process's global object at start
 * and the proxy calls it; without one (a start that never reached the store), the entry is printed
 * as a JSON line, like the logger's, so it is not lost.
 */
import type { AuditEntry } from "../store/audit";

const SLOT = Symbol.for("catalog-bulk-jobs.audit");

type Writer = (entry: AuditEntry) => void;

export function installAuditWriter(writer: Writer): void {
  (globalThis as Record<symbol, unknown>)[SLOT] = writer;
}

export function auditFromProxy(entry: AuditEntry): void {
  const writer = (globalThis as Record<symbol, unknown>)[SLOT] as Writer | undefined;
  if (writer) writer(entry);
  else console.log(JSON.stringify({ level: 40, time: Date.now(), event: "audit_not_stored", ...entry }));
}
