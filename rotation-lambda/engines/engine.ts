// The small interface the rotation steps use to talk to a database. One file per engine implements
// it (postgres.ts, mysql.ts); engine differences live there, never in `if` chains in the steps.
import type { SecretEngine } from "../contract";

/** Where and as whom to log in. */
export interface LoginParams {
  host: string;
  port: number;
  username: string;
  password: string;
  /** Database to connect to; engines fall back to their default when absent. */
  dbname?: string;
}

/**
 * TLS settings for every login. `verify: true` (the default everywhere) checks the certificate chain
 * and the host name against Node's trusted CAs plus NODE_EXTRA_CA_CERTS. There is no plaintext mode.
 */
export interface TlsSettings {
  verify: boolean;
  /** Extra CA certificates in PEM (tests); production relies on NODE_EXTRA_CA_CERTS. */
  ca?: string;
}

/** The step's deadline as engines see it (rotation-lambda/deadline.ts implements it). */
export interface OperationDeadline {
  /** `limitMs` clamped to the time the step has left; throws a StepDeadlineError, naming `what`, when too little is left. */
  timeoutFor(limitMs: number, what: string): number;
}

export interface ConnectOptions {
  tls: TlsSettings;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /** When set, sessions ask it before every statement and clamp the statement's timeout to the time left. */
  deadline?: OperationDeadline;
}

/** A logged-in session. Every method quotes identifiers by the server's rules and never sends a plaintext password it can avoid sending. */
export interface DatabaseSession {
  /** Runs a trivial query to prove the login works (testSecret). */
  ping(): Promise<void>;
  /** Single-user: changes the logged-in user's own password. */
  setOwnPassword(newPassword: string): Promise<void>;
  /** Alternating-users (as master): whether a user exists. */
  userExists(username: string): Promise<boolean>;
  /** Alternating-users (as master): creates `username` with `password` if missing, else sets its password. */
  createOrUpdateUser(username: string, password: string): Promise<void>;
  /**
   * Alternating-users (as master): gives `toUser` the privileges `fromUser` has (PostgreSQL: role
   * membership; MySQL/MariaDB: every grant with WITH GRANT OPTION kept, host '%').
   */
  copyPrivileges(fromUser: string, toUser: string): Promise<void>;
  /**
   * Alternating-users (as master), first rotation only: the current application user does not exist
   * yet (the component writes the first secret with a password the database has never seen), so
   * there is nothing to copy. Gives `username` CONNECT and ALL privileges on database `dbname`.
   */
  grantDatabaseAccess(username: string, dbname: string | undefined): Promise<void>;
  close(): Promise<void>;
}

/** One database engine. */
export interface DatabaseEngineDriver {
  readonly engines: readonly SecretEngine[];
  readonly defaultPort: number;
  /** Database to connect to when the secret names none. */
  readonly defaultDbName: string | undefined;
  /** Longest user name the engine accepts (for the `<user>_clone` check). */
  maxUsernameLength(engine: SecretEngine): number;
  /** How the engine measures a user name against that limit (PostgreSQL counts bytes, MySQL/MariaDB characters). */
  usernameLength(username: string): { length: number; unit: "bytes" | "characters" };
  /**
   * Logs in. Rejects with an AuthenticationError (wrong credentials) or a DatabaseUnreachableError
   * (network, TLS, timeout), both from ../errors, so callers can tell "try the next password" from "stop".
   */
  connect(login: LoginParams, options: ConnectOptions): Promise<DatabaseSession>;
}
