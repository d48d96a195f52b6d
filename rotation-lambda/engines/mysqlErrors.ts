// Maps mysql2 failures to the rotation function's typed errors. The steps need to tell "these
// credentials are wrong, try another version's password" (AuthenticationError) from "the database
// cannot be reached, stop" (DatabaseUnreachableError). Messages name host, port, user and the error
// code, never a password; for statements that carried a password the original error is replaced by a
// copy without the statement text, because mysql2 attaches the full SQL to its errors (`sql`) and
// some server messages quote it ("... near 'IDENTIFIED BY ...'").
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError, RotationError, StepDeadlineError } from "../errors";

/** The fields of a mysql2 error the mapping looks at. */
export interface MysqlErrorLike {
  code?: string;
  errno?: number;
  sqlState?: string;
  message?: string;
  fatal?: boolean;
}

/** Where a login went, for messages. */
export interface LoginTarget {
  host: string;
  port: number;
  username: string;
}

// Server errors that mean "not these credentials": wrong password or user, no password, password
// expired, account locked (MySQL and MariaDB numbers), temporarily blocked after failed logins.
const AUTH_ERRNOS = new Set([1045, 1698, 1862, 1873, 3118, 3955, 4151, 1130]);
// Server errors at login that mean "this server will not talk to us now": too many connections,
// host blocked, server shutting down.
const UNAVAILABLE_ERRNOS = new Set([1040, 1129, 1053, 1203]);

function isServerError(error: MysqlErrorLike): boolean {
  return typeof error.errno === "number" && typeof error.sqlState === "string";
}

function describe(error: MysqlErrorLike): string {
  return [error.code, error.errno].filter((part) => part !== undefined && part !== "").join(" ") || "unknown error";
}

function errorOf(value: unknown): MysqlErrorLike {
  return typeof value === "object" && value !== null ? (value as MysqlErrorLike) : { message: String(value) };
}

/**
 * Maps a failed login. Network, TLS and timeout failures (anything the server did not answer with an
 * error packet) are "unreachable". Login errors carry no statement text, so the original is kept as cause.
 */
export function mapLoginError(cause: unknown, target: LoginTarget): RotationError {
  const error = errorOf(cause);
  const where = `login as ${JSON.stringify(target.username)} to ${target.host}:${target.port}`;
  if (isServerError(error) && AUTH_ERRNOS.has(error.errno as number)) {
    return new AuthenticationError(`${where} was refused (${describe(error)})`, { cause });
  }
  if (error.code === "AUTH_SWITCH_PLUGIN_ERROR") {
    // The account uses a plugin mysql2 cannot speak (MariaDB ed25519, PAM): no password will work.
    return new AuthenticationError(`${where} was refused: the account's authentication plugin is not supported (${describe(error)})`, { cause });
  }
  if (isServerError(error) && !UNAVAILABLE_ERRNOS.has(error.errno as number)) {
    return new DatabaseOperationError(`${where} failed after authentication (${describe(error)})`, { cause });
  }
  const tls = typeof error.code === "string" && /SSL|TLS|CERT|HANDSHAKE/.test(error.code);
  const kind = tls ? "the database could not be reached over TLS" : "the database could not be reached";
  const reason = error.message ? `: ${error.message}` : "";
  return new DatabaseUnreachableError(`${where} failed: ${kind} (${describe(error)}${reason})`, { cause });
}

/** Whether a failure after login means the connection is gone (then the step cannot go on). */
export function isConnectionLost(cause: unknown): boolean {
  const error = errorOf(cause);
  return !isServerError(error) && (error.fatal === true || error.code === "PROTOCOL_SEQUENCE_TIMEOUT");
}

/**
 * Maps a failed statement. `what` says what was being done; the server's message is included only
 * when the statement carried no password.
 */
export function mapStatementError(cause: unknown, what: string, carriesSecret: boolean): RotationError {
  // The step's deadline stopped the statement before it was sent: that error already says what and why.
  if (cause instanceof StepDeadlineError) return cause;
  const error = errorOf(cause);
  const detail = carriesSecret || !error.message ? describe(error) : `${describe(error)}: ${error.message}`;
  const message = `${what} failed (${detail})`;
  const kept = carriesSecret ? sanitizedCause(error) : cause;
  return isConnectionLost(error)
    ? new DatabaseUnreachableError(message, { cause: kept })
    : new DatabaseOperationError(message, { cause: kept });
}

/** A plain Error with the diagnostic fields and none of the statement text or server message. */
export function sanitizedCause(error: MysqlErrorLike): Error {
  const copy = new Error(`mysql2 error ${describe(error)}`) as Error & MysqlErrorLike;
  copy.name = "MysqlError";
  if (error.code !== undefined) copy.code = error.code;
  if (error.errno !== undefined) copy.errno = error.errno;
  if (error.sqlState !== undefined) copy.sqlState = error.sqlState;
  return copy;
}
