/**
 * A lock file for the embedded store's folder. PGlite has no lock of its own, and two processes on
 * one folder corrupt it without a word, so the store takes this before opening: the file holds the
 * owner's pid; a second live process is refused, and a file left by a killed process is taken over.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

export class StoreLockedError extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
    host?: string,
  ) {
    super(
      `The embedded store's lock ${path} is held by another process (pid ${pid}${host ? ` on ${host}` : ""}). ` +
        "The embedded store serves one process only: stop the other one, or give every instance the same " +
        "PostgreSQL server with DATABASE_URL." +
        (host ? ` If that machine is gone for good, delete ${path}.` : ""),
    );
    this.name = "StoreLockedError";
  }
}

interface Owner {
  pid: number;
  host: string;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

function readOwner(path: string): Owner | null {
  try {
    const owner = JSON.parse(readText(path) ?? "") as Partial<Owner>;
    return typeof owner.pid === "number" ? { pid: owner.pid, host: String(owner.host ?? "") } : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !zombie(pid);
}

/**
 * A process killed while its parent was gone too (`npm start`'s Next process, when the whole group
 * is killed) stays a zombie until something reaps it, which in a container may be never. It holds
 * nothing any more, the store least of all. Linux says so in /proc; elsewhere, it is taken as alive.
 */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (command) state …": the command may hold spaces and parentheses, the state follows the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

function statMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Takes the lock at `path` for this process; returns the function that gives it back. */
export function takeLock(path: string): () => void {
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, mine);
      closeSync(fd);
      return () => {
        if (readOwner(path)?.pid === process.pid) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const seen = readText(path);
    const owner = readOwner(path);
    if (owner === null) {
      // Being written this instant, or left half-written by a crash: held unless it is stale.
      if (Date.now() - statMs(path) < 5000) throw new StoreLockedError(path, 0);
    } else if (owner.host !== hostname()) {
      throw new StoreLockedError(path, owner.pid, owner.host);
    } else if (owner.pid === process.pid || alive(owner.pid)) {
      throw new StoreLockedError(path, owner.pid);
    }
    // Left behind by a process that is gone: take it over, unless someone else just did.
    try {
      if (readText(path) === seen) unlinkSync(path);
    } catch {
      // someone else took it over first; the next openSync decides
    }
  }
  const owner = readOwner(path);
  throw new StoreLockedError(path, owner?.pid ?? 0);
}
