// The error of a `databases` entry the stack loader accepted but its component refuses: the message
// starts with the stack file key (`rotated-rds:databases.<name>`), so a user knows which entry to fix.

/** A RotatedDatabase or RotatedCluster refused its arguments; the message names the stack file key it came from. */
export class DatabaseConfigError extends Error {
  override readonly name = "DatabaseConfigError";
  constructor(readonly key: string, cause: unknown) {
    super(`${key}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
