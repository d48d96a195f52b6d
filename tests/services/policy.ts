// What a suite does when a test service cannot start: under CI=true the run fails (a missing service
// must never turn into a green build); on a developer machine the suite skips with one line saying
// what to install.
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

/** True when the run must fail rather than skip on a missing service. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === "true" || env.CI === "1";
}

/**
 * Starts a service for a suite (call from `before`). When it cannot start: throws under CI, otherwise
 * prints one line and skips the calling suite through mocha's `this.skip()`.
 */
export async function requireService<T>(
  ctx: Context,
  service: string,
  install: string,
  start: () => Promise<T>,
): Promise<T> {
  try {
    return await start();
  } catch (err) {
    const unavailable = err instanceof ServiceUnavailableError ? err : new ServiceUnavailableError(service, install, { cause: err });
    if (isCi()) {
      throw new Error(`CI=true and a required test service is missing: ${unavailable.message}`, { cause: err });
    }
    process.stdout.write(`      skipping suite: ${unavailable.message}\n`);
    ctx.skip();
  }
}
