// The rotation function's contract with the rest of the package: what it calls in Secrets Manager,
// which environment variables it reads, and how long its worst case takes. The RotatedDatabase
// component builds the Lambda's IAM policy, environment and timeout from these exports, so the
// deployed permissions cannot drift from what the code does. This file must stay free of runtime
// dependencies: the component imports it at plan time.

/** Secrets Manager actions the function calls on the secret being rotated. */
export const ROTATED_SECRET_ACTIONS = [
  "secretsmanager:DescribeSecret",
  "secretsmanager:GetSecretValue",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecretVersionStage",
  "secretsmanager:ListSecretVersionIds",
] as const;

/** Actions on the master secret named by `masterarn` (alternating-users only). */
export const MASTER_SECRET_ACTIONS = ["secretsmanager:GetSecretValue"] as const;

/** Actions that take no resource (IAM requires `"*"`). */
export const UNSCOPED_ACTIONS = ["secretsmanager:GetRandomPassword"] as const;

/** Every Secrets Manager action the function may send; the lambda suite checks each call it records against this. */
export const SECRETS_MANAGER_ACTIONS: readonly string[] = [
  ...ROTATED_SECRET_ACTIONS,
  ...MASTER_SECRET_ACTIONS,
  ...UNSCOPED_ACTIONS,
].filter((a, i, all) => all.indexOf(a) === i);

/** Environment variables the function reads. Names follow AWS's own rotation templates where one exists. */
export const ENV = {
  /** Optional Secrets Manager endpoint URL; default is the SDK's regional endpoint (the VPC endpoint's private DNS). */
  SECRETS_MANAGER_ENDPOINT: "SECRETS_MANAGER_ENDPOINT",
  /** Characters GetRandomPassword must not use. */
  EXCLUDE_CHARACTERS: "EXCLUDE_CHARACTERS",
  /** Length of generated passwords. */
  PASSWORD_LENGTH: "PASSWORD_LENGTH",
  /** CA bundle Node.js trusts in addition to its own; Lambda's includes the RDS CAs. */
  NODE_EXTRA_CA_CERTS: "NODE_EXTRA_CA_CERTS",
  /**
   * TLS certificate verification towards the database. Unset or `"true"`: verify chain and host name
   * (the only production setting). `"insecure-tests-only"`: encrypt but skip verification, for tests.
   * Any other value is a configuration error. There is no plaintext setting.
   */
  DB_TLS_VERIFY: "DB_TLS_VERIFY",
} as const;

/** The value of DB_TLS_VERIFY that turns certificate verification off (tests only). */
export const DB_TLS_VERIFY_INSECURE_TESTS_ONLY = "insecure-tests-only";

/** Password length when PASSWORD_LENGTH is unset (AWS's templates use 32). */
export const DEFAULT_PASSWORD_LENGTH = 32;

/**
 * Characters left out of generated passwords when EXCLUDE_CHARACTERS is unset: those that break
 * connection URLs, shell quoting or SQL string literals in tools that build them by hand.
 */
export const DEFAULT_EXCLUDE_CHARACTERS = ":/@\"'\\`";

/** The RDS CA bundle shipped inside the Lambda Node.js runtime. */
export const LAMBDA_RDS_CA_BUNDLE = "/var/runtime/ca-cert.pem";

/** Connect timeout applied to every database login (it covers the TLS handshake and authentication). */
export const DB_CONNECT_TIMEOUT_MS = 5_000;

/** Timeout of each database statement once logged in. */
export const DB_STATEMENT_TIMEOUT_MS = 5_000;

/** The most statements one step runs in one session (version and sql_mode probes, grants, the password change). */
export const MAX_STATEMENTS_PER_STEP = 4;

/** Unlabelled versions single-user setSecret tries after current, pending and previous (no lockout). */
export const MAX_UNLABELLED_VERSIONS_TRIED = 3;

/** The most logins one step can attempt: single-user setSecret tries current, pending, previous, then unlabelled versions. */
export const MAX_LOGINS_PER_STEP = 3 + MAX_UNLABELLED_VERSIONS_TRIED;

/** Per-request bounds of Secrets Manager calls: through a VPC endpoint one takes milliseconds. */
export const SECRETS_MANAGER_CONNECT_TIMEOUT_MS = 3_000;
export const SECRETS_MANAGER_REQUEST_TIMEOUT_MS = 5_000;
export const SECRETS_MANAGER_MAX_ATTEMPTS = 2;

/**
 * The most Secrets Manager calls one step makes: single-user setSecret describes the secret, reads
 * current and pending, lists versions, then reads previous and the unlabelled versions it tries.
 */
export const MAX_SECRETS_MANAGER_CALLS_PER_STEP = 5 + MAX_UNLABELLED_VERSIONS_TRIED;

/** Start-up and bookkeeping outside the bounded calls (cold start measured at ~0.2 s; generous). */
const OVERHEAD_MS = 5_000;

/**
 * The Lambda timeout the component sets: the worst case of one step when every bounded operation runs
 * to its limit (each login to its connect timeout, each statement to its timeout, each Secrets Manager
 * call through all its attempts). Alternating-users runs one statement per grant or role membership it
 * copies, more than MAX_STATEMENTS_PER_STEP on a user with many privileges; the step's deadline
 * (deadline.ts) clamps those statements and stops the step with a StepDeadlineError before Lambda
 * kills it.
 */
export const ROTATION_FUNCTION_TIMEOUT_SECONDS = Math.ceil(
  (MAX_LOGINS_PER_STEP * DB_CONNECT_TIMEOUT_MS +
    MAX_STATEMENTS_PER_STEP * DB_STATEMENT_TIMEOUT_MS +
    MAX_SECRETS_MANAGER_CALLS_PER_STEP * SECRETS_MANAGER_MAX_ATTEMPTS * SECRETS_MANAGER_REQUEST_TIMEOUT_MS +
    OVERHEAD_MS) / 1000,
);

/**
 * Time kept back from the Lambda's remaining time when a step's deadline is set: enough to close a
 * session, log the failure and return the error before Lambda's own timeout fires.
 */
export const STEP_DEADLINE_SAFETY_MARGIN_MS = 3_000;

/**
 * The shortest time worth giving a database login or statement: with less left, the step stops with
 * a StepDeadlineError instead of starting an operation that can only time out.
 */
export const MIN_DB_OPERATION_MS = 1_000;

/** The wire protocols the function speaks; every accepted `engine` string belongs to one. */
export type EngineFamily = "postgres" | "mysql";

/**
 * Every `engine` string a secret may carry, with its family. Instances: the RDS engine strings
 * (`postgres`, `mysql`, `mariadb`). Aurora: the RDS engine strings `aurora-postgresql` and
 * `aurora-mysql`, which the JetBrains AWS Toolkit compares with the cluster's engine and which AWS's
 * templates accept since 2023 (the RDS API reports them for RDS-managed cluster secrets); an Aurora
 * secret that says `postgres` or `mysql`, as AWS's secret-structure page writes it, is accepted by
 * the instance strings. `aurora` is Aurora MySQL 1's engine string: that version is retired and its
 * clusters upgraded to `aurora-mysql`, but secrets written for them still say `aurora`. The MySQL
 * engine reads the server's flavour and version after login, never from this string.
 */
const ENGINE_FAMILIES = {
  postgres: "postgres",
  mysql: "mysql",
  mariadb: "mysql",
  "aurora-postgresql": "postgres",
  "aurora-mysql": "mysql",
  aurora: "mysql",
} as const satisfies Readonly<Record<string, EngineFamily>>;

/** Database engines the function rotates: the `engine` strings it accepts. */
export type SecretEngine = keyof typeof ENGINE_FAMILIES;

/** The accepted `engine` strings, in the order messages list them. */
export const SECRET_ENGINES: readonly SecretEngine[] = Object.keys(ENGINE_FAMILIES) as SecretEngine[];

/** Whether `engine` is one of SECRET_ENGINES. */
export function isSecretEngine(engine: unknown): engine is SecretEngine {
  return typeof engine === "string" && Object.prototype.hasOwnProperty.call(ENGINE_FAMILIES, engine);
}

/** The protocol family of an `engine` string; undefined for a string the function does not accept. */
export function engineFamily(engine: unknown): EngineFamily | undefined {
  return isSecretEngine(engine) ? ENGINE_FAMILIES[engine] : undefined;
}

/** The accepted `engine` strings of one family. */
export function secretEnginesOf(family: EngineFamily): readonly SecretEngine[] {
  return SECRET_ENGINES.filter((engine) => ENGINE_FAMILIES[engine] === family);
}

/** Suffix of the alternating-users twin: `<user>_clone`. */
export const CLONE_SUFFIX = "_clone";

/**
 * Longest user name each engine accepts: PostgreSQL NAMEDATALEN - 1 bytes (longer names are silently
 * truncated), MySQL 5.7.8+ 32 characters, MariaDB 80 (10.6+ takes 128; 80 holds on every RDS version).
 * Aurora PostgreSQL and MySQL (versions 2 and 3, MySQL 5.7 and 8.0) have their community engine's limit.
 * The component validates `<user>_clone` against these and the function checks them again.
 */
export const USERNAME_MAX_LENGTH: Readonly<Record<SecretEngine, number>> = {
  postgres: 63,
  mysql: 32,
  mariadb: 80,
  "aurora-postgresql": 63,
  "aurora-mysql": 32,
  aurora: 32,
};

/**
 * The secret JSON every part of the project reads (design.md section 3). Unknown fields are kept
 * through rotation. `masterarn` is present only for the alternating-users strategy.
 */
export interface DatabaseSecret {
  engine: SecretEngine;
  host: string;
  port?: number;
  username: string;
  password: string;
  dbname?: string;
  dbInstanceIdentifier?: string;
  /** Aurora secrets name their cluster; kept through rotation like any other field. */
  dbClusterIdentifier?: string;
  masterarn?: string;
  [extra: string]: unknown;
}
