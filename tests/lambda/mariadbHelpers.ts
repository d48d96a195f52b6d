// Shared set-up for the MariaDB suites: the engine's login options against a test server, fixture
// accounts created from a password hash (so fixture passwords stay out of the general log too), and a
// register of every password a test hands to the engine, which the leak checks search for.
import * as crypto from "crypto";
import type { Connection } from "mysql2/promise";
import type { ConnectOptions, DatabaseSession } from "../../rotation-lambda/engines/engine";
import { mysqlEngine } from "../../rotation-lambda/engines/mysql";
import { nativePasswordHash } from "../../rotation-lambda/engines/mysqlStatements";
import type { MariadbService } from "../services/mariadb";

/** Every password given to the engine in this process; no log, message or server log may contain one. */
export const issuedPasswords: string[] = [];

/** A fresh password that looks like GetRandomPassword's output (quotes and backslashes included). */
export function newPassword(): string {
  const password = `Pw'\\"${crypto.randomBytes(12).toString("base64url")}`;
  issuedPasswords.push(password);
  return password;
}

/** The engine's options for `svc`: TLS verified against the test CA, short timeouts. */
export function engineOptions(svc: MariadbService, overrides: Partial<ConnectOptions> = {}): ConnectOptions {
  return { tls: { verify: true, ca: svc.caPem }, connectTimeoutMs: 3000, statementTimeoutMs: 5000, ...overrides };
}

export function login(svc: MariadbService, username: string, password: string, overrides: Partial<ConnectOptions> = {}): Promise<DatabaseSession> {
  return mysqlEngine.connect({ host: svc.host, port: svc.port, username, password }, engineOptions(svc, overrides));
}

/** Logs in, runs `fn`, always closes. */
export async function withSession<T>(svc: MariadbService, username: string, password: string, fn: (session: DatabaseSession) => Promise<T>): Promise<T> {
  const session = await login(svc, username, password);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/**
 * Runs statements as the admin (master-like) account. The session always escapes with backslashes,
 * even while a test runs the server with NO_BACKSLASH_ESCAPES, because these helpers use mysql2's
 * client-side `?` substitution, which assumes backslash escapes.
 */
export async function asAdmin<T>(svc: MariadbService, fn: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await svc.adminConnection();
  try {
    await connection.query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')");
    return await fn(connection);
  } finally {
    await connection.end();
  }
}

/** Creates `user`@'%' with `password`, sending only the hash. */
export async function createFixtureUser(svc: MariadbService, user: string, password: string): Promise<void> {
  await asAdmin(svc, (c) => c.query("CREATE USER ?@'%' IDENTIFIED BY PASSWORD ?", [user, nativePasswordHash(password)]));
}

/** `SHOW GRANTS` of `user`@'%' with the name and the password hash masked, for comparing two accounts. */
export async function normalizedGrants(svc: MariadbService, user: string): Promise<string[]> {
  const [rows] = await asAdmin(svc, (c) => c.query({ sql: "SHOW GRANTS FOR ?@'%'", values: [user], rowsAsArray: true }));
  const quoted = `\`${user.replace(/`/g, "``")}\``;
  return (rows as unknown as string[][])
    .map(([line]) =>
      line
        .split(quoted)
        .join("<user>")
        .replace(/ IDENTIFIED BY PASSWORD '\*[0-9A-F]{40}'/, "")
        // The server lists a column grant's columns in no fixed order.
        .replace(/\(([^()]*)\)/g, (_, columns: string) => `(${columns.split(", ").sort().join(", ")})`),
    )
    .sort();
}

/** Whether `fn` rejects with an error of class `type`; returns the error for further checks. */
export async function rejection<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but the call succeeded`);
}
