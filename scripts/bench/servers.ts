/**
 * Starts and stops the processes a benchmark (and the e2e "processes" project) measures: the simulator,
 * and the dashboard as `npm start` runs it (scripts/start.mjs: Next behind admission control).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Running {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Kills the whole process group (the process and anything it started). */
function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
}

export async function startSimulator(): Promise<Running> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["node_modules/tsx/dist/cli.mjs", "scripts/simulator.ts", "--port", String(port), "--host", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/__simulator/stats`);
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** `onOutput` receives the process's stdout and stderr (its logs) as they come; otherwise stderr is inherited. */
export async function startDashboard(
  env: Record<string, string>,
  options: { onOutput?: (text: string) => void } = {},
): Promise<Running> {
  const port = await freePort();
  const { onOutput } = options;
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    stdio: onOutput ? ["ignore", "pipe", "pipe"] : ["ignore", "ignore", "inherit"],
    detached: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      // A store of its own unless told otherwise (an embedded store serves one process).
      DATA_DIR: mkdtempSync(join(tmpdir(), "kbj-run-")),
      ...env,
      PORT: String(port),
      HOST: "127.0.0.1",
    },
  });
  if (onOutput) {
    child.stdout?.on("data", (chunk: Buffer) => onOutput(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => onOutput(chunk.toString("utf8")));
  }
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`);
  return { url, pid: child.pid!, stop: stopper(child) };
}

/** Sums `read` over a process and its children; 0 for what cannot be read. */
function sumOverTree(pid: number, read: (pid: number) => number): number {
  const pids = [pid];
  try {
    pids.push(
      ...readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    // no /proc: the parent only
  }
  let sum = 0;
  for (const p of pids) {
    try {
      sum += read(p);
    } catch {
      // exited
    }
  }
  return sum;
}

/** Resident memory (MiB) of a process and its children. */
export function rssMiB(pid: number): number {
  const kib = sumOverTree(pid, (p) =>
    Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0),
  );
  return Math.round(kib / 1024);
}

/** CPU time (s) a process and its children have used so far, from /proc; 0 where there is no /proc. */
export function cpuSeconds(pid: number): number {
  const ticks = sumOverTree(pid, (p) => {
    // Fields after the command name: utime and stime are the 12th and 13th, in 1/100 s.
    const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  });
  return ticks / 100;
}
