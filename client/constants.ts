// Defaults of the client library, each with the reason it has this value. They are applied in one
// place per class (SecretCredentials' constructor, connectWithRetry's options).

/**
 * How often the cache checks whether AWSCURRENT moved: the Secrets Manager Agent's 300 s. A check is
 * one DescribeSecret; GetSecretValue follows only when the version id changed, so a shorter interval
 * than the JDBC wrapper's 870 s costs ~12 calls an hour per process and lets alternating-users
 * clients move to the new user long before the next rotation changes the old one's password.
 */
export const DEFAULT_REFRESH_INTERVAL_MS = 300_000;

/** ±10 % around the refresh interval: a fleet started together does not call Secrets Manager together. */
export const REFRESH_JITTER = 0.1;

/**
 * The shortest gap between two refreshes forced by authentication failures, in one process. One is
 * enough per rotation (the single-user window closes on the first); the gap bounds the calls a
 * database that refuses every credential can cause: at most ~2 an interval, whatever the pool size.
 */
export const DEFAULT_MIN_FORCED_REFRESH_INTERVAL_MS = 1_000;

/** ±25 % around the forced-refresh gap, so processes refused together do not retry together. */
export const FORCED_REFRESH_JITTER = 0.25;

/**
 * After a transient Secrets Manager error the cache serves its last good value and tries again after
 * this delay, doubling per failure (with jitter) up to the cap.
 */
export const TRANSIENT_RETRY_BASE_DELAY_MS = 1_000;
export const TRANSIENT_RETRY_MAX_DELAY_MS = 60_000;

/**
 * How long a connect keeps retrying after authentication failures. It covers the single-user window
 * between setSecret and finishSecret, which AWS observed to last about a minute, with margin.
 */
export const DEFAULT_CONNECT_RETRY_BUDGET_MS = 90_000;

/** First and largest pause between connect retries (the first retry with new credentials has none). */
export const DEFAULT_CONNECT_RETRY_BASE_DELAY_MS = 200;
export const DEFAULT_CONNECT_RETRY_MAX_DELAY_MS = 5_000;

/**
 * Bounds of each Secrets Manager request made by a client this library builds: a cold start with an
 * unreachable endpoint fails after at most 2 × 5 s instead of hanging on the SDK's unbounded socket.
 */
export const SECRETS_MANAGER_CONNECT_TIMEOUT_MS = 3_000;
export const SECRETS_MANAGER_REQUEST_TIMEOUT_MS = 5_000;
export const SECRETS_MANAGER_MAX_ATTEMPTS = 2;

/** The environment variable `SecretCredentials.fromEnvironment()` reads the secret's ARN or name from. */
export const SECRET_ARN_ENV = "DB_SECRET_ARN";

/** The database when a PostgreSQL secret names none (design.md section 3: RDS's default database). */
export const POSTGRES_DEFAULT_DATABASE = "postgres";
