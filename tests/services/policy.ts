// What a suite does when a test service cannot start: under CI the run fails (a missing service
// must never turn into a green build); on a developer machine the suite skips with one line saying
// what to install. `.ci/run` also fails on any skipped test (scripts/check-test-totals.js), so a skip
// that slips through under CI still fails the build.
import type { Context } from "mocha";

/** A service could not start; `install` says what to install to fix it. */
export class ServiceUnavailableError extends Error {
  constructor(
    readonly service: string,
    readonly install: string,
    options?: { cause?: unknown },
  ) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause ?? "unknown reason");
    super(`${service} is not available (${reason}); install: ${install}`, options);
    this.name = "ServiceUnavailableError";
  }
}

/** Values of `CI` that mean "not a CI run": what a developer sets to turn it off. */
const NOT_CI = new Set(["", "0", "false", "no", "off"]);

/**
 * True when the run must fail rather than skip on a missing service. GitHub Actions, GitLab,
 * CircleCI, Travis, Buildkite and this project's CI set `CI=true`; AppVeyor sets `CI=True`, others
 * `CI=1`. Any value counts except unset, empty, `0`, `false`, `no` and `off` (any case, spaces
 * ignored): reading an odd value as CI costs a developer one clear failure, reading it as "not CI"
 * could cost a green build that tested nothing.
 */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI;
  return value !== undefined && !NOT_CI.has(value.trim().toLowerCase());
}

/** What `requireService` reads and writes besides its service; tests pass their own. */
export interface ServicePolicyOptions {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where the one "skipping suite" line goes. @default process.stdout */
  write?: (line: string) => void;
}

/**
 * Starts a service for a suite (call from `before`). When it cannot start: throws under CI, otherwise
 * prints one line and skips the calling suite through mocha's `this.skip()`.
 */
export async function requireService<T>(
  ctx: Pick<Context, "skip">,
  service: string,
  install: string,
  start: () => Promise<T>,
  options: ServicePolicyOptions = {},
): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const unavailable = err instanceof ServiceUnavailableError ? err : new ServiceUnavailableError(service, install, { cause: err });
    const env = options.env ?? process.env;
    if (isCi(env)) {
      throw new Error(`CI=${env.CI ?? ""} and a required test service is missing: ${unavailable.message}`, { cause: err });
    }
    (options.write ?? ((line) => process.stdout.write(line)))(`      skipping suite: ${unavailable.message}\n`);
    ctx.skip();
    // mocha's skip() throws; a context whose skip() returns must not turn into a passing `before`.
    throw new Error(`${service}: the suite was to be skipped, but the context's skip() returned`);
  }
}
