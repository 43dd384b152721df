/**
 * One JSON line per event on stdout (pino, no transport: worker threads do not belong inside Next).
 * Callers log fields they chose, never whole requests, headers or errors from Klaviyo; the redaction
 * below is a second line of defence for keys, cookies, passwords and Authorization headers.
 * Kept on globalThis so every module layer writes through one logger.
 */
import pino, { type Logger } from "pino";
import { getEnv, type LOG_LEVELS } from "@/lib/env";
import { currentRequestId } from "./request-context.mjs";

type Level = (typeof LOG_LEVELS)[number];
interface Sink {
  write(line: string): unknown;
}
interface LoggerSlot {
  logger: Logger;
  sink: { target: Sink };
}

const SLOT = Symbol.for("klaviyo-bulk-jobs.logger");
type Slot = { [SLOT]?: LoggerSlot };

const SECRET_FIELDS = ["authorization", "cookie", "password", "apiKey", "key", "token", "secret"];

function configuredLevel(): Level {
  try {
    return getEnv().LOG_LEVEL;
  } catch {
    // a configuration error is reported elsewhere; logging still works meanwhile
    return "info";
  }
}

function create(): LoggerSlot {
  const sink = { target: process.stdout as Sink };
  const logger = pino(
    {
      level: configuredLevel(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      redact: {
        paths: SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
        censor: "[redacted]",
      },
    },
    { write: (line: string) => void sink.target.write(line) },
  );
  return { logger, sink };
}

function slot(): LoggerSlot {
  const holder = globalThis as typeof globalThis & Slot;
  holder[SLOT] ??= create();
  return holder[SLOT];
}

export function logger(): Logger {
  return slot().logger;
}

/** Tests: collect the lines written from now on (at `level`), instead of printing them. */
export function captureLogs(level: Level = "trace"): {
  text(): string;
  lines(): Record<string, unknown>[];
  stop(): void;
} {
  const { logger: log, sink } = slot();
  const previous = { target: sink.target, level: log.level };
  const written: string[] = [];
  sink.target = { write: (line) => written.push(line) };
  log.level = level;
  return {
    text: () => written.join(""),
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    stop() {
      sink.target = previous.target;
      log.level = previous.level;
    },
  };
}
