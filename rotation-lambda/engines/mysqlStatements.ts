// The SQL each server flavour and version gets, as pure functions so every variant is unit-tested
// without a server (no MySQL server can be installed on the build machines; MariaDB runs in the
// integration tests). The password reaches the server in the least exposed form it accepts:
//  - MariaDB takes a mysql_native_password hash computed here (`SET PASSWORD [FOR ...] = '<hash>'`,
//    `CREATE USER ... IDENTIFIED BY PASSWORD '<hash>'`), so the plaintext is never sent and never appears in its
//    general or slow log. `SET PASSWORD` on one's own account also needs no privilege, whereas
//    MariaDB demands CREATE USER for `ALTER USER` even on one's own account.
//  - MySQL 8.0/8.4/9.x default to caching_sha2_password, whose stored form (`$A$005$<salt><digest>`)
//    cannot be supplied portably by a client, and mysql_native_password is disabled in 8.4 and gone
//    in 9.0. So MySQL receives `IDENTIFIED BY '<plaintext>'` over TLS. MySQL rewrites that clause as
//    `IDENTIFIED BY <secret>` before writing its general, slow and binary logs (unless started with
//    --log-raw; an audit plugin may still record it), so the plaintext still
//    stays out of them; only the wire (encrypted) carries it.
import { createHash } from "node:crypto";
import type { MysqlServerInfo } from "./mysqlVersion";
import { versionAtLeast } from "./mysqlVersion";
import { quoteAccount, quoteIdentifier, quoteString, type QuotingMode } from "./mysqlQuoting";

/** What the statements depend on: the server and how it reads literals. */
export interface MysqlDialect {
  server: MysqlServerInfo;
  mode: QuotingMode;
}

/** A statement and whether its text carries a password (then neither it nor the server's reply may reach a log or an error). */
export interface MysqlStatement {
  sql: string;
  carriesSecret: boolean;
}

/** mysql_native_password's stored form: `*` + upper-case hex of SHA1(SHA1(password)). */
export function nativePasswordHash(password: string): string {
  const once = createHash("sha1").update(password, "utf8").digest();
  return `*${createHash("sha1").update(once).digest("hex").toUpperCase()}`;
}

/** Oldest servers whose account statements the engine uses (ALTER USER on both; CURRENT_USER() on MySQL). */
export const MINIMUM_VERSIONS = { mysql: [5, 7, 6], mariadb: [10, 2, 0] } as const;

/** Throws for servers older than MINIMUM_VERSIONS: better a clear refusal than a syntax error mid-rotation. */
export function assertSupportedServer(server: MysqlServerInfo): void {
  const [major, minor, patch] = MINIMUM_VERSIONS[server.flavour];
  if (!versionAtLeast(server, major, minor, patch)) {
    const name = server.flavour === "mariadb" ? "MariaDB" : "MySQL";
    throw new Error(`unsupported server ${name} ${server.version}: the engine needs MySQL 5.7.6+ or MariaDB 10.2+`);
  }
}

const secret = (sql: string): MysqlStatement => ({ sql, carriesSecret: true });

/** Single-user: the logged-in account changes its own password. */
export function setOwnPasswordStatement(dialect: MysqlDialect, newPassword: string): MysqlStatement {
  if (dialect.server.flavour === "mariadb") {
    return secret(`SET PASSWORD = ${quoteString(nativePasswordHash(newPassword), dialect.mode)}`);
  }
  return secret(`ALTER USER CURRENT_USER() IDENTIFIED BY ${quoteString(newPassword, dialect.mode)}`);
}

// MariaDB refuses a pre-computed hash when a password-validation plugin runs with
// strict_password_validation (ER_OPTION_PREVENTS_STATEMENT) and when the account uses another plugin
// such as ed25519 (ER_PASSWD_LENGTH). MySQL 8.0.13+ refuses a self-service change without the current
// password when password_require_current applies (ER_MISSING_CURRENT_PASSWORD).
const ER_OPTION_PREVENTS_STATEMENT = 1290;
const ER_PASSWD_LENGTH = 1372;
const ER_MISSING_CURRENT_PASSWORD = 3892;

/**
 * The statement to retry with after `setOwnPasswordStatement` failed with `errno`, or undefined when
 * the failure is final. MariaDB's fallback lets the server hash the password for the account's own
 * plugin; MariaDB does not redact its general log, so the plaintext is logged there only in this case.
 */
export function setOwnPasswordFallback(
  dialect: MysqlDialect,
  errno: number | undefined,
  newPassword: string,
  currentPassword: string,
): MysqlStatement | undefined {
  if (dialect.server.flavour === "mariadb") {
    if (errno === ER_OPTION_PREVENTS_STATEMENT || errno === ER_PASSWD_LENGTH) {
      return secret(`SET PASSWORD = PASSWORD(${quoteString(newPassword, dialect.mode)})`);
    }
    return undefined;
  }
  if (errno === ER_MISSING_CURRENT_PASSWORD && versionAtLeast(dialect.server, 8, 0, 13)) {
    return secret(
      `ALTER USER CURRENT_USER() IDENTIFIED BY ${quoteString(newPassword, dialect.mode)} REPLACE ${quoteString(currentPassword, dialect.mode)}`,
    );
  }
  return undefined;
}

/** Alternating-users, as master: creates `user`@'%'. */
export function createUserStatement(dialect: MysqlDialect, user: string, password: string): MysqlStatement {
  const account = quoteAccount(user, dialect.mode);
  return dialect.server.flavour === "mariadb"
    ? secret(`CREATE USER ${account} IDENTIFIED BY PASSWORD ${quoteString(nativePasswordHash(password), dialect.mode)}`)
    : secret(`CREATE USER ${account} IDENTIFIED BY ${quoteString(password, dialect.mode)}`);
}

/**
 * Alternating-users, as master: sets the password of the existing `user`@'%'. MariaDB gets
 * `SET PASSWORD FOR ... = '<hash>'`, which keeps the account's plugin and, unlike ALTER USER, fails
 * with a specific error (1290, 1372) when the hash is refused, so the fallback can tell why.
 */
export function setUserPasswordStatement(dialect: MysqlDialect, user: string, password: string): MysqlStatement {
  const account = quoteAccount(user, dialect.mode);
  return dialect.server.flavour === "mariadb"
    ? secret(`SET PASSWORD FOR ${account} = ${quoteString(nativePasswordHash(password), dialect.mode)}`)
    : secret(`ALTER USER ${account} IDENTIFIED BY ${quoteString(password, dialect.mode)}`);
}

/**
 * The statement to retry `createUserStatement`/`setUserPasswordStatement` with after `errno`, or
 * undefined. Only MariaDB has one, for the same reasons as `setOwnPasswordFallback`; then the
 * plaintext is sent and MariaDB's general log shows it.
 */
export function userPasswordFallback(
  dialect: MysqlDialect,
  errno: number | undefined,
  operation: "create" | "set",
  user: string,
  password: string,
): MysqlStatement | undefined {
  if (dialect.server.flavour !== "mariadb") return undefined;
  const account = quoteAccount(user, dialect.mode);
  const literal = quoteString(password, dialect.mode);
  if (operation === "create") return errno === ER_OPTION_PREVENTS_STATEMENT ? secret(`CREATE USER ${account} IDENTIFIED BY ${literal}`) : undefined;
  return errno === ER_OPTION_PREVENTS_STATEMENT || errno === ER_PASSWD_LENGTH ? secret(`SET PASSWORD FOR ${account} = PASSWORD(${literal})`) : undefined;
}

/** Whether `?`@'%' exists: bound with a server-side prepared statement, so sql_mode does not matter. */
export const USER_EXISTS_SQL = "SELECT COUNT(*) AS n FROM mysql.user WHERE User = ? AND Host = '%'";

/** MySQL 8+: the default roles of `?`@'%' (MariaDB prints them in SHOW GRANTS instead). */
export const DEFAULT_ROLES_SQL =
  "SELECT DEFAULT_ROLE_USER AS user, DEFAULT_ROLE_HOST AS host FROM mysql.default_roles WHERE USER = ? AND HOST = '%' ORDER BY DEFAULT_ROLE_USER, DEFAULT_ROLE_HOST";

/** Whether the server keeps default roles in mysql.default_roles (MySQL 8.0+, where roles exist). */
export function hasDefaultRolesTable(server: MysqlServerInfo): boolean {
  return server.flavour === "mysql" && versionAtLeast(server, 8);
}

/** `SHOW GRANTS FOR '<user>'@'%'`. */
export function showGrantsStatement(dialect: MysqlDialect, user: string): string {
  return `SHOW GRANTS FOR ${quoteAccount(user, dialect.mode)}`;
}

/**
 * Alternating-users, first rotation: all privileges on database `dbname` for `user`@'%'. In a
 * database-level GRANT, `_` and `%` are wildcards (`my_app` would also match `myXapp`), so they are
 * escaped, except where the server reads them literally: MySQL with partial_revokes=ON.
 */
export function databaseGrantStatement(dialect: MysqlDialect, user: string, dbname: string, wildcardsAreLiteral: boolean): string {
  const pattern = wildcardsAreLiteral ? dbname : dbname.replace(/[\\_%]/g, (ch) => `\\${ch}`);
  return `GRANT ALL PRIVILEGES ON ${quoteIdentifier(pattern)}.* TO ${quoteAccount(user, dialect.mode)}`;
}

/** MySQL 8.0.16+ reads schema names in grants literally when partial_revokes is on; this asks. */
export function partialRevokesSql(server: MysqlServerInfo): string | undefined {
  return server.flavour === "mysql" && versionAtLeast(server, 8, 0, 16) ? "SELECT @@GLOBAL.partial_revokes AS enabled" : undefined;
}
