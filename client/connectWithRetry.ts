// The connect loop both pools share: on a refused login, tell the credential source, then try again
// with whatever it offers, backing off, until the retry budget is spent. Only connects go through
// here: a query is never sent twice.
import {
  DEFAULT_CONNECT_RETRY_BASE_DELAY_MS,
  DEFAULT_CONNECT_RETRY_BUDGET_MS,
  DEFAULT_CONNECT_RETRY_MAX_DELAY_MS,
} from "./constants";
import type { DatabaseCredentials } from "./databaseCredentials";
import { CredentialsRefusedError } from "./errors";
import { backoffDelay } from "./jitter";
import type { SecretCredentials } from "./secretCredentials";

/** How a pool retries a connect that the database refused. */
export interface ConnectRetryOptions {
  /**
   * How long one connect keeps retrying after authentication failures before it fails with
   * CredentialsRefusedError. It covers the single-user window between setSecret and finishSecret.
   * @default 90000 (90 s)
   */
  budgetMs?: number;
  /**
   * Pause before the second retry, doubling per retry with jitter (the first retry, with new
   * credentials, has none).
   * @default 200
   */
  baseDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
}

export type ResolvedConnectRetryOptions = Required<ConnectRetryOptions>;

export function connectRetryDefaults(options: ConnectRetryOptions = {}): ResolvedConnectRetryOptions {
  const resolved = {
    budgetMs: options.budgetMs ?? DEFAULT_CONNECT_RETRY_BUDGET_MS,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_CONNECT_RETRY_BASE_DELAY_MS,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_CONNECT_RETRY_MAX_DELAY_MS,
  };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`connectRetry.${key} must be a non-negative number of milliseconds, got ${value}`);
  }
  return resolved;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with anything but a refused login, or the budget is
 * spent. `refusedWith(err)` answers which credentials a refused attempt used (undefined: not a
 * refused login, so the error is thrown as it is).
 */
export async function connectWithRetry<T>(
  credentials: SecretCredentials,
  attempt: () => Promise<T>,
  refusedWith: (err: unknown) => DatabaseCredentials | undefined,
  options: ResolvedConnectRetryOptions,
): Promise<T> {
  const started = Date.now();
  let refusals = 0;
  let backoffs = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      const refused = refusedWith(err);
      if (!refused) throw err;
      refusals++;
      const offersAnother = await credentials.handleAuthenticationFailure(refused, err);
      // A first retry with other credentials goes at once; anything else waits.
      const delay = offersAnother && refusals === 1 ? 0 : backoffDelay(backoffs++, options.baseDelayMs, options.maxDelayMs);
      const elapsed = Date.now() - started;
      if (elapsed + delay > options.budgetMs) {
        throw new CredentialsRefusedError(
          `the database refused the credentials of secret ${credentials.secretId} for ${Math.round(elapsed / 1000)} s ` +
            `(${refusals} attempts, last with version ${refused.versionId}, user ${JSON.stringify(refused.username)}); ` +
            "the last refusal is the cause",
          credentials.secretId,
          refusals,
          { cause: err },
        );
      }
      if (delay > 0) await sleep(delay);
    }
  }
}
