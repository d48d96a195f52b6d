// The MySQL/MariaDB engine (RDS engines `mysql`, `mariadb`, `aurora-mysql`) behind the DatabaseEngineDriver
// interface, on mysql2. Every login is TLS with certificate and host-name verification unless the
// caller explicitly turns verification off (tests only); mysql2 refuses a server without TLS, so there
// is no plaintext fallback. After login the engine asks the server what it is and builds statements
// for that flavour and version (mysqlStatements.ts); user names are quoted by the session's sql_mode
// (mysqlQuoting.ts) and privileges are copied by parsing SHOW GRANTS (mysqlGrants.ts).
import { createConnection, type Connection, type ConnectionOptions, type RowDataPacket } from "mysql2/promise";
import { USERNAME_MAX_LENGTH, secretEnginesOf, type SecretEngine } from "../contract";
import { DatabaseOperationError, RotationError, StepDeadlineError } from "../errors";
import type { ConnectOptions, DatabaseEngineDriver, DatabaseSession, LoginParams } from "./engine";
import { mapLoginError, mapStatementError } from "./mysqlErrors";
import { GrantParseError, planPrivilegeCopy } from "./mysqlGrants";
import { quotingModeFromSqlMode } from "./mysqlQuoting";
import {
  DEFAULT_ROLES_SQL,
  USER_EXISTS_SQL,
  assertSupportedServer,
  createUserStatement,
  databaseGrantStatement,
  hasDefaultRolesTable,
  partialRevokesSql,
  setOwnPasswordFallback,
  setOwnPasswordStatement,
  setUserPasswordStatement,
  showGrantsStatement,
  userPasswordFallback,
  type MysqlDialect,
  type MysqlStatement,
} from "./mysqlStatements";
import { parseServerVersion } from "./mysqlVersion";

/** User-name limits, from the contract the component validates against too. */
export const MYSQL_MAX_USERNAME_LENGTH = USERNAME_MAX_LENGTH.mysql;
export const MARIADB_MAX_USERNAME_LENGTH = USERNAME_MAX_LENGTH.mariadb;

const ER_NONEXISTING_GRANT = 1141;
const ER_CANNOT_USER = 1396;

function errnoOf(error: unknown): number | undefined {
  const errno = (error as { errno?: unknown } | null)?.errno;
  return typeof errno === "number" ? errno : undefined;
}

/** The mysql2 options for one login: TLS always on, verification on unless the caller says otherwise. */
export function connectionOptions(login: LoginParams, options: ConnectOptions): ConnectionOptions {
  return {
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: login.dbname,
    connectTimeout: options.connectTimeoutMs,
    multipleStatements: false,
    ssl: {
      ...(options.tls.ca !== undefined ? { ca: options.tls.ca } : {}),
      rejectUnauthorized: options.tls.verify,
      verifyIdentity: options.tls.verify,
    },
  };
}

/** A statement's timeout: the configured one, clamped to the step's deadline when there is one. */
export function statementTimeout(options: ConnectOptions, what: string): number {
  return options.deadline?.timeoutFor(options.statementTimeoutMs, `MySQL/MariaDB: ${what}`) ?? options.statementTimeoutMs;
}

class MysqlSession implements DatabaseSession {
  constructor(
    private readonly connection: Connection,
    private readonly dialect: MysqlDialect,
    private readonly loginPassword: string,
    private readonly options: ConnectOptions,
  ) {}

  /** The next statement's timeout, clamped to the step's deadline (which throws when too little is left). */
  private timeout(what: string): number {
    return statementTimeout(this.options, what);
  }

  private async rows(sql: string, values: readonly string[] | undefined, what: string): Promise<RowDataPacket[]> {
    const timeout = this.timeout(what);
    try {
      const [rows] =
        values === undefined
          ? await this.connection.query<RowDataPacket[]>({ sql, timeout })
          : await this.connection.execute<RowDataPacket[]>({ sql, timeout }, [...values]);
      return rows;
    } catch (error) {
      throw mapStatementError(error, what, false);
    }
  }

  private async runRaw(statement: MysqlStatement, what: string): Promise<void> {
    await this.connection.query({ sql: statement.sql, timeout: this.timeout(what) });
  }

  /** Runs `statement`; on failure runs the fallback `retry` gives for the error, if any. */
  private async runWithFallback(
    statement: MysqlStatement,
    what: string,
    retry: (errno: number | undefined) => MysqlStatement | undefined,
  ): Promise<void> {
    try {
      await this.runRaw(statement, what);
      return;
    } catch (error) {
      if (error instanceof StepDeadlineError) throw error;
      const fallback = retry(errnoOf(error));
      if (fallback === undefined) throw mapStatementError(error, what, statement.carriesSecret);
      try {
        await this.runRaw(fallback, what);
      } catch (fallbackError) {
        throw mapStatementError(fallbackError, what, fallback.carriesSecret);
      }
    }
  }

  async ping(): Promise<void> {
    await this.rows("SELECT 1", undefined, "test query");
  }

  async setOwnPassword(newPassword: string): Promise<void> {
    await this.runWithFallback(setOwnPasswordStatement(this.dialect, newPassword), "setting the logged-in user's password", (errno) =>
      setOwnPasswordFallback(this.dialect, errno, newPassword, this.loginPassword),
    );
  }

  async userExists(username: string): Promise<boolean> {
    const rows = await this.rows(USER_EXISTS_SQL, [username], `looking up user ${JSON.stringify(username)}`);
    return Number(rows[0]?.n ?? 0) > 0;
  }

  async createOrUpdateUser(username: string, password: string): Promise<void> {
    const what = `setting the password of user ${JSON.stringify(username)}`;
    const alter = () =>
      this.runWithFallback(setUserPasswordStatement(this.dialect, username, password), what, (errno) =>
        userPasswordFallback(this.dialect, errno, "set", username, password),
      );
    if (await this.userExists(username)) return alter();
    try {
      await this.runWithFallback(createUserStatement(this.dialect, username, password), `creating user ${JSON.stringify(username)}`, (errno) =>
        userPasswordFallback(this.dialect, errno, "create", username, password),
      );
    } catch (error) {
      // Created by a concurrent attempt between the lookup and CREATE USER: set its password instead.
      if (error instanceof RotationError && errnoOf(error.cause) === ER_CANNOT_USER) return alter();
      throw error;
    }
  }

  private async grantsOf(username: string): Promise<string[]> {
    const timeout = this.timeout(`reading the grants of ${JSON.stringify(username)}`);
    try {
      const [rows] = await this.connection.query<RowDataPacket[]>({
        sql: showGrantsStatement(this.dialect, username),
        timeout,
        rowsAsArray: true,
      });
      return rows.map((row) => String((row as unknown as unknown[])[0]));
    } catch (error) {
      if (errnoOf(error) === ER_NONEXISTING_GRANT) {
        throw new DatabaseOperationError(`user ${JSON.stringify(username)}@'%' does not exist`, { cause: error });
      }
      // SHOW GRANTS output can hold a password hash (MariaDB): keep the server's text out of the message.
      throw mapStatementError(error, `reading the grants of ${JSON.stringify(username)}`, true);
    }
  }

  async copyPrivileges(fromUser: string, toUser: string): Promise<void> {
    const what = `copying privileges from ${JSON.stringify(fromUser)} to ${JSON.stringify(toUser)}`;
    const sourceGrants = await this.grantsOf(fromUser);
    let sourceDefaultRoles: Array<{ user: string; host: string }> | undefined;
    let targetDefaultRoles: Array<{ user: string; host: string }> | undefined;
    if (hasDefaultRolesTable(this.dialect.server)) {
      const read = async (user: string) =>
        (await this.rows(DEFAULT_ROLES_SQL, [user], `${what}: reading default roles`)).map((row) => ({ user: String(row.user), host: String(row.host) }));
      sourceDefaultRoles = await read(fromUser);
      targetDefaultRoles = await read(toUser);
    }
    let statements: string[];
    try {
      statements = planPrivilegeCopy({ ...this.dialect, flavour: this.dialect.server.flavour, fromUser, toUser, sourceGrants, sourceDefaultRoles, targetDefaultRoles });
    } catch (error) {
      if (error instanceof GrantParseError) throw new DatabaseOperationError(`${what}: ${error.message}`, { cause: error });
      throw error;
    }
    for (const [index, sql] of statements.entries()) {
      try {
        await this.runRaw({ sql, carriesSecret: false }, `${what} (statement ${index + 1} of ${statements.length})`);
      } catch (error) {
        throw mapStatementError(error, `${what} (statement ${index + 1} of ${statements.length})`, false);
      }
    }
  }

  async grantDatabaseAccess(username: string, dbname: string | undefined): Promise<void> {
    // MySQL has no CONNECT privilege: an account that exists can log in. Without a database there
    // is nothing more to grant.
    if (dbname === undefined || dbname === "") return;
    const what = `granting ${JSON.stringify(username)} access to database ${JSON.stringify(dbname)}`;
    const probe = partialRevokesSql(this.dialect.server);
    const literal = probe !== undefined && Number((await this.rows(probe, undefined, what))[0]?.enabled ?? 0) === 1;
    try {
      await this.runRaw({ sql: databaseGrantStatement(this.dialect, username, dbname, literal), carriesSecret: false }, what);
    } catch (error) {
      throw mapStatementError(error, what, false);
    }
  }

  async close(): Promise<void> {
    try {
      await this.connection.end();
    } catch {
      this.connection.destroy();
    }
  }
}

/** Logs in and learns the server's flavour, version and sql_mode (one round trip after the handshake). */
async function connect(login: LoginParams, options: ConnectOptions): Promise<DatabaseSession> {
  let connection: Connection;
  try {
    connection = await createConnection(connectionOptions(login, options));
  } catch (error) {
    throw mapLoginError(error, { host: login.host, port: login.port, username: login.username });
  }
  // Errors on an idle connection arrive as events; failures that matter surface on the next query.
  connection.on("error", () => undefined);
  let rows: RowDataPacket[];
  try {
    [rows] = await connection.query<RowDataPacket[]>({
      sql: "SELECT VERSION() AS version, @@version_comment AS comment, @@SESSION.sql_mode AS sqlMode",
      timeout: statementTimeout(options, "detecting the server version"),
    });
  } catch (error) {
    connection.destroy();
    if (error instanceof StepDeadlineError) throw error;
    throw mapStatementError(error, "detecting the server version", false);
  }
  try {
    const server = parseServerVersion(String(rows[0].version), String(rows[0].comment ?? ""));
    assertSupportedServer(server);
    const dialect: MysqlDialect = { server, mode: quotingModeFromSqlMode(String(rows[0].sqlMode ?? "")) };
    return new MysqlSession(connection, dialect, login.password, options);
  } catch (error) {
    connection.destroy();
    throw new DatabaseOperationError(`login to ${login.host}:${login.port}: ${(error as Error).message}`, { cause: error });
  }
}

/** The engine for RDS `mysql` and `mariadb` secrets and Aurora MySQL (`aurora-mysql`, legacy `aurora`). */
export const mysqlEngine: DatabaseEngineDriver = {
  engines: secretEnginesOf("mysql"),
  defaultPort: 3306,
  defaultDbName: undefined,
  maxUsernameLength(engine: SecretEngine): number {
    return USERNAME_MAX_LENGTH[engine];
  },
  usernameLength: (username) => ({ length: [...username].length, unit: "characters" }),
  connect,
};
