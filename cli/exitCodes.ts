// Exit statuses, the AWS CLI's (docs: "AWS CLI return codes"), so scripts that already handle `aws`
// handle this tool too. `doctor` adds 1: it ran, and at least one check failed.
export const EXIT = {
  /** Success. */
  OK: 0,
  /** `doctor` ran and at least one check failed. */
  CHECK_FAILED: 1,
  /** A command or option could not be parsed, or a value is not allowed. */
  BAD_ARGUMENT: 252,
  /** No region, no credentials, a profile that does not exist, a file that cannot be read. */
  CONFIGURATION: 253,
  /** AWS answered with an error (not found, access denied, throttled, ...). */
  SERVICE: 254,
  /** Anything else. */
  OTHER: 255,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
