// What the engine-agnostic rotation scenarios need from a database under test. One implementation
// per engine (postgresFixture.ts, mariadbFixture.ts), built from the helpers at the end of this file.
import type { SecretEngine } from "../../rotation-lambda/contract";
import { createTestCertificates, removeTestCertificates, type TestCertificates } from "../services";

export interface EngineFixture {
  /** The secret's `engine` field. */
  engine: SecretEngine;
  /** For test titles, e.g. "PostgreSQL 17". */
  label: string;
  host: string;
  port: number;
  dbname: string;
  /** PEM of the CA that signed the server's certificate, and its file (for NODE_EXTRA_CA_CERTS). */
  caPem: string;
  caPath: string;
  /** A user with every privilege (the RDS master user). */
  admin: { username: string; password: string };
  /** Creates a login user that can change its own password (single-user) without sending the password in plaintext. */
  createLoginUser(username: string, password: string): Promise<void>;
  /** Whether these credentials log in (over verified TLS). */
  canLogin(username: string, password: string): Promise<boolean>;
  /** Creates table `table` (if missing) and grants SELECT on it to `username`. */
  grantSelect(username: string, table: string): Promise<void>;
  /** Whether `username` can SELECT from `table`. */
  canSelect(username: string, password: string, table: string): Promise<boolean>;
  /** Whether a table exists (proof that a hostile user name was never executed). */
  tableExists(table: string): Promise<boolean>;
  /** Whether a user exists. */
  userExists(username: string): Promise<boolean>;
  /** The server's statement log so far (PostgreSQL log_statement=all, MariaDB general log). */
  serverLog(): string;
  /** Waits until the server log is complete up to now; returns the marker it wrote. Throws on timeout. */
  flushLog(): Promise<string>;
  /** For messages: "the MariaDB general log". */
  serverLogName: string;
  /**
   * A pattern of the server log's line for a login without TLS, by `user` or by anyone but
   * `anyoneBut`: the no-plaintext check, and its positive control (`logInWithoutTls`).
   */
  plaintextLogin(who: { user: string } | { anyoneBut: string }): RegExp;
  /**
   * Logs in once without TLS as a plain client would (the server accepts plaintext), as a control
   * account; returns its user name. The positive control of every search for plaintext logins.
   */
  logInWithoutTls(): Promise<string>;
  /** Longest user name the engine accepts. */
  maxUsernameLength: number;
  stop(): Promise<void>;
}

/** `text` as a literal part of a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The RegExp source of a user name in a log line, where the name is followed by the literal text
 * `followedBy`: `user` itself, or any name but `anyoneBut` (a name starting with a non-space, so
 * that whitespace before it cannot shift the exclusion).
 */
export function userPattern(who: { user: string } | { anyoneBut: string }, followedBy: string): string {
  return "user" in who ? escapeRegExp(who.user) : `(?!\\s|${escapeRegExp(who.anyoneBut + followedBy)}).+?`;
}

/** Opens a connection, runs `fn` on it, and always closes it. */
export async function withConnection<C extends { end(): Promise<unknown> }, T>(open: () => Promise<C>, fn: (c: C) => Promise<T>): Promise<T> {
  const c = await open();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Whether a login works: false when the server refuses the credentials (`refused`); anything else is thrown. */
export async function logsIn(open: () => Promise<{ end(): Promise<unknown> }>, refused: (err: unknown) => boolean): Promise<boolean> {
  try {
    await (await open()).end();
    return true;
  } catch (err) {
    if (refused(err)) return false;
    throw err;
  }
}

/** Whether `attempt` succeeds (a refused query means "no privilege", not a broken test). */
export async function succeeds(attempt: () => Promise<unknown>): Promise<boolean> {
  try {
    await attempt();
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes throwaway certificates and starts a server with them. The certificates' directory goes when
 * the server fails to start; after that the fixture's `stop` removes it with `removeTestCertificates`.
 */
export async function startWithCertificates<S>(start: (certs: TestCertificates) => Promise<S>): Promise<{ certs: TestCertificates; server: S }> {
  const certs = createTestCertificates();
  try {
    return { certs, server: await start(certs) };
  } catch (err) {
    removeTestCertificates(certs);
    throw err;
  }
}
