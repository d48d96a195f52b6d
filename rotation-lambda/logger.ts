// Structured JSON logging, one line per event with the step, secret ARN and version id. Only named,
// non-secret fields can be logged, and every line is scrubbed by the invocation's Redactor.
import { Redactor } from "./redactor";

export type LogLevel = "info" | "warn" | "error";

/** Fields a log line may carry. There is deliberately no free-form bag: nothing secret can slip in. */
export interface LogFields {
  step?: string;
  secretArn?: string;
  versionId?: string;
  strategy?: string;
  engine?: string;
  username?: string;
  /** Which version a login used: pending, current, previous, master, unlabelled. */
  credentials?: string;
  outcome?: string;
  errorName?: string;
  errorMessage?: string;
  durationMs?: number;
}

export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export class Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly redactor: Redactor,
    private readonly base: LogFields = {},
  ) {}

  child(fields: LogFields): Logger {
    return new Logger(this.sink, this.redactor, { ...this.base, ...fields });
  }

  info(message: string, fields: LogFields = {}): void {
    this.write("info", message, fields);
  }

  warn(message: string, fields: LogFields = {}): void {
    this.write("warn", message, fields);
  }

  error(message: string, fields: LogFields = {}): void {
    this.write("error", message, fields);
  }

  private write(level: LogLevel, message: string, fields: LogFields): void {
    // Values are scrubbed before JSON escaping (a password with a quote or backslash in it would no
    // longer match once escaped), and the whole line again after.
    const line = JSON.stringify({ level, time: new Date().toISOString(), message, ...this.base, ...fields }, (_key, value: unknown) =>
      typeof value === "string" ? this.redactor.scrub(value) : value,
    );
    this.sink(this.redactor.scrub(line));
  }
}
