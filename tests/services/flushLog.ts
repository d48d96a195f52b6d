// Waiting until a server's log is complete up to now: write a marker through the server (a
// statement it logs), then read the log until the marker shows. A log that never shows it is an
// error, never "good enough": a leak check that read a half-written log would pass on a leak.
import * as crypto from "crypto";
import { logContains } from "./logSearch";

/** How long a server may take to write a statement to its log. */
export const FLUSH_LOG_TIMEOUT_MS = 5000;
const POLL_MS = 20;

export class LogFlushTimeoutError extends Error {
  constructor(source: string, timeoutMs: number, logLength: number) {
    super(`${source} did not show the flush marker within ${timeoutMs} ms (${logLength} chars read): the log is incomplete, so no search of it may run`);
    this.name = "LogFlushTimeoutError";
  }
}

/**
 * A fresh marker shaped like the passwords the tests search for (a quote, a double quote and a
 * backslash), so finding it in a log proves the search sees through the server's escaping.
 */
export function newLogMarker(): string {
  return `flush-${crypto.randomBytes(6).toString("hex")}-'"\\`;
}

export interface FlushLogOptions {
  /** For the error message, e.g. "the MariaDB general log". */
  source: string;
  /** Runs a statement through the server that carries `marker` as a string literal. */
  write(marker: string): Promise<void>;
  read(): string;
  /** @default FLUSH_LOG_TIMEOUT_MS */
  timeoutMs?: number;
}

/** Writes a marker and waits until `read()` shows it; returns the marker. Throws LogFlushTimeoutError. */
export async function flushLog(options: FlushLogOptions): Promise<string> {
  const marker = newLogMarker();
  const timeoutMs = options.timeoutMs ?? FLUSH_LOG_TIMEOUT_MS;
  await options.write(marker);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = options.read();
    if (logContains(log, marker)) return marker;
    if (Date.now() >= deadline) throw new LogFlushTimeoutError(options.source, timeoutMs, log.length);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
