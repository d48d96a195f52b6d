// The PostgreSQL engine on node-postgres. Every login is TLS (verified unless DB_TLS_VERIFY says
// otherwise for tests; pg never falls back to plaintext when `ssl` is set), bounded by a connect
// timeout and a statement timeout. Passwords are sent as SCRAM verifiers and identifiers quoted by
// the server's rules, because ALTER ROLE cannot take bind parameters.
import { Client, type ClientConfig, type QueryConfig } from "pg";
import { secretEnginesOf, type SecretEngine } from "../contract";
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError } from "../errors";
import type { ConnectOptions, DatabaseEngineDriver, DatabaseSession, LoginParams } from "./engine";
import { POSTGRES_MAX_IDENTIFIER_BYTES, quoteIdentifier, quoteLiteral } from "./postgresQuoting";
import { scramVerifier } from "./scram";

export const POSTGRES_DEFAULT_PORT = 5432;
export const POSTGRES_DEFAULT_DBNAME = "postgres";

/**
 * SQLSTATEs that mean "these credentials are wrong": 28P01 invalid_password, 28000
 * invalid_authorization_specification (also returned for a role that does not exist or may not log in).
 */
const AUTH_FAILURE_CODES = new Set(["28P01", "28000"]);

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The client-side bound of one query: a second past the server's statement_timeout, so the server's clearer error wins. */
function clientQueryTimeoutMs(options: ConnectOptions): number {
  return options.statementTimeoutMs + 1_000;
}

/** One query's client-side timeout, clamped to the step's deadline when there is one. */
export function queryTimeoutMs(options: ConnectOptions, what: string): number {
  const limit = clientQueryTimeoutMs(options);
  return options.deadline?.timeoutFor(limit, `PostgreSQL: ${what}`) ?? limit;
}

export function clientConfig(login: LoginParams, options: ConnectOptions): ClientConfig {
  return {
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: login.dbname ?? POSTGRES_DEFAULT_DBNAME,
    connectionTimeoutMillis: options.connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: clientQueryTimeoutMs(options),
    application_name: "rotated-rds-rotation",
    ssl: {
      rejectUnauthorized: options.tls.verify,
      ...(options.tls.ca !== undefined ? { ca: options.tls.ca } : {}),
      // Without verification the host name check must go too; with it, Node's default check runs.
      ...(options.tls.verify ? {} : { checkServerIdentity: () => undefined }),
    },
  };
}

class PostgresSession implements DatabaseSession {
  constructor(
    private readonly client: Client,
    private readonly login: LoginParams,
    private readonly options: ConnectOptions,
  ) {}

  private async run(sql: string, values: unknown[] | undefined, what: string): Promise<Record<string, unknown>[]> {
    // Asked outside the try: a StepDeadlineError must reach the step as it is.
    const queryTimeout = queryTimeoutMs(this.options, what);
    // node-postgres honours a per-query query_timeout; its types do not declare it.
    const query: QueryConfig & { query_timeout: number } = { text: sql, ...(values !== undefined ? { values } : {}), query_timeout: queryTimeout };
    try {
      const result = await this.client.query(query);
      return result.rows as Record<string, unknown>[];
    } catch (err) {
      throw new DatabaseOperationError(`PostgreSQL: ${what} failed: ${describe(err)}`, { cause: err });
    }
  }

  async ping(): Promise<void> {
    await this.run("SELECT 1", undefined, "test query");
  }

  async setOwnPassword(newPassword: string): Promise<void> {
    // CURRENT_USER needs no quoting at all; the verifier keeps the plaintext off the wire.
    await this.run(`ALTER ROLE CURRENT_USER PASSWORD ${quoteLiteral(scramVerifier(newPassword))}`, undefined, "ALTER ROLE CURRENT_USER");
  }

  async userExists(username: string): Promise<boolean> {
    const rows = await this.run("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [username], "role lookup");
    return rows.length > 0;
  }

  async createOrUpdateUser(username: string, password: string): Promise<void> {
    const verb = (await this.userExists(username)) ? "ALTER" : "CREATE";
    await this.run(
      `${verb} ROLE ${quoteIdentifier(username)} WITH LOGIN PASSWORD ${quoteLiteral(scramVerifier(password))}`,
      undefined,
      `${verb} ROLE`,
    );
  }

  /**
   * Role membership: `toUser` joins every role `fromUser` is a member of (admin option kept), and
   * becomes a member of `fromUser` itself unless the two are already related, so privileges granted
   * to the original user later reach its twin at once. The check avoids a circular grant when the
   * rotation flips back.
   */
  async copyPrivileges(fromUser: string, toUser: string): Promise<void> {
    const memberships = await this.run(
      `SELECT r.rolname AS role, m.admin_option AS admin
         FROM pg_catalog.pg_auth_members m
         JOIN pg_catalog.pg_roles r ON r.oid = m.roleid
         JOIN pg_catalog.pg_roles u ON u.oid = m.member
        WHERE u.rolname = $1`,
      [fromUser],
      "membership lookup",
    );
    const to = quoteIdentifier(toUser);
    for (const row of memberships) {
      const role = String(row.role);
      if (role === toUser) continue;
      const held = await this.run("SELECT pg_catalog.pg_has_role($1, $2, 'MEMBER') AS m", [toUser, role], "membership check");
      if (held[0]?.m === true && row.admin !== true) continue;
      await this.run(`GRANT ${quoteIdentifier(role)} TO ${to}${row.admin === true ? " WITH ADMIN OPTION" : ""}`, undefined, "GRANT role");
    }
    const related = await this.run(
      "SELECT pg_catalog.pg_has_role($1, $2, 'MEMBER') OR pg_catalog.pg_has_role($2, $1, 'MEMBER') AS related",
      [toUser, fromUser],
      "membership check",
    );
    if (related[0]?.related !== true) {
      await this.run(`GRANT ${quoteIdentifier(fromUser)} TO ${to}`, undefined, "GRANT role");
    }
  }

  async grantDatabaseAccess(username: string, dbname: string | undefined): Promise<void> {
    const to = quoteIdentifier(username);
    await this.run(`GRANT ALL PRIVILEGES ON DATABASE ${quoteIdentifier(dbname ?? this.login.dbname ?? POSTGRES_DEFAULT_DBNAME)} TO ${to}`, undefined, "GRANT ON DATABASE");
    // Since PostgreSQL 15 only the owner may create in schema public; the application needs to.
    const hasPublic = await this.run("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'public'", undefined, "schema lookup");
    if (hasPublic.length > 0) await this.run(`GRANT USAGE, CREATE ON SCHEMA public TO ${to}`, undefined, "GRANT ON SCHEMA");
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}

async function connect(login: LoginParams, options: ConnectOptions): Promise<DatabaseSession> {
  const client = new Client(clientConfig(login, options));
  // A dropped connection after login must not crash the Lambda with an unhandled 'error' event.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    const where = `${login.host}:${login.port}`;
    if (AUTH_FAILURE_CODES.has(sqlState(err) ?? "")) {
      throw new AuthenticationError(`PostgreSQL at ${where} refused the login of user "${login.username}"`, { cause: err });
    }
    throw new DatabaseUnreachableError(`PostgreSQL at ${where} could not be reached over TLS: ${describe(err)}`, { cause: err });
  }
  return new PostgresSession(client, login, options);
}

export const postgresEngine: DatabaseEngineDriver = {
  engines: secretEnginesOf("postgres"),
  defaultPort: POSTGRES_DEFAULT_PORT,
  defaultDbName: POSTGRES_DEFAULT_DBNAME,
  maxUsernameLength(_engine: SecretEngine): number {
    return POSTGRES_MAX_IDENTIFIER_BYTES;
  },
  usernameLength: (username) => ({ length: Buffer.byteLength(username, "utf8"), unit: "bytes" }),
  connect,
};
