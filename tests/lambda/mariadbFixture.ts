// The MariaDB EngineFixture: Debian's MariaDB on a temp data dir with TLS from a throwaway CA and the
// general log on. The server accepts plaintext logins (no require_secure_transport): the suite's
// no-plaintext checks test the rotation function, not the server. Test users get passwords as
// mysql_native_password hashes, so the only plaintext the general log could ever show is one the
// rotation function leaked.
import * as crypto from "crypto";
import { createConnection, type Connection } from "mysql2/promise";
import { quoteAccount, quoteIdentifier } from "../../rotation-lambda/engines/mysqlQuoting";
import { nativePasswordHash } from "../../rotation-lambda/engines/mysqlStatements";
import { MARIADB_MAX_USERNAME_LENGTH } from "../../rotation-lambda/engines/mysql";
import { removeTestCertificates } from "../services";
import { startMariadb } from "../services/mariadb";
import { logsIn, startWithCertificates, succeeds, userPattern, withConnection, type EngineFixture } from "./engineFixture";

/** The database the fixture's secrets name. */
const DBNAME = "appdb";
// The fixture's admin sessions use the server default sql_mode, which escapes with backslashes.
const MODE = { noBackslashEscapes: false };
const ER_ACCESS_DENIED_ERROR = 1045;
/** The account `logInWithoutTls` uses: the positive control of the plaintext-login searches. */
const PLAINTEXT_CONTROL_USER = "plaintext_control";

/**
 * A login attempt without TLS in MariaDB's general log. Every attempt, completed or refused (then an
 * "Access denied" line follows), logs "Connect <user>@<host> on <db> using <transport>": "TCP/IP" is
 * plaintext; "SSL/TLS" and the fixture's own "Socket" are not.
 */
export function mariadbPlaintextLogin(who: { user: string } | { anyoneBut: string }): RegExp {
  return new RegExp(`\\bConnect\\s+${userPattern(who, "@")}@\\S+ on .*\\busing TCP/IP$`, "m");
}

export async function startMariadbFixture(): Promise<EngineFixture> {
  const { certs, server: db } = await startWithCertificates((c) => startMariadb({ certs: c }));
  const connect = (user: string, password: string, database?: string): Promise<Connection> =>
    createConnection({
      host: db.host,
      port: db.port,
      user,
      password,
      database,
      connectTimeout: 5000,
      ssl: { ca: certs.caPem, rejectUnauthorized: true, verifyIdentity: true },
    });
  const asAdmin = <T>(fn: (c: Connection) => Promise<T>): Promise<T> => withConnection(() => db.adminConnection(), fn);
  await asAdmin((c) => c.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(DBNAME)}`));
  const table = (name: string) => `${quoteIdentifier(DBNAME)}.${quoteIdentifier(name)}`;

  return {
    engine: "mariadb",
    label: `MariaDB ${db.version.split("-")[0]}`,
    host: db.host,
    port: db.port,
    dbname: DBNAME,
    caPem: certs.caPem,
    caPath: certs.caCertPath,
    admin: { username: db.user, password: db.password },
    maxUsernameLength: MARIADB_MAX_USERNAME_LENGTH,
    createLoginUser: (username, password) =>
      asAdmin(async (c) => {
        const account = quoteAccount(username, MODE);
        await c.query(`CREATE USER ${account} IDENTIFIED BY PASSWORD '${nativePasswordHash(password)}'`);
        // Unlike PostgreSQL's CONNECT for PUBLIC, MySQL lets a user into a database only with some
        // privilege on it. This one reads no table, so table grants in the scenarios still matter.
        await c.query(`GRANT CREATE TEMPORARY TABLES ON ${quoteIdentifier(DBNAME)}.* TO ${account}`);
      }),
    canLogin: (username, password) => logsIn(() => connect(username, password), (err) => (err as { errno?: number }).errno === ER_ACCESS_DENIED_ERROR),
    grantSelect: (username, name) =>
      asAdmin(async (c) => {
        await c.query(`CREATE TABLE IF NOT EXISTS ${table(name)} (id INT)`);
        await c.query(`GRANT SELECT ON ${table(name)} TO ${quoteAccount(username, MODE)}`);
      }),
    canSelect: (username, password, name) =>
      withConnection(() => connect(username, password), (c) => succeeds(() => c.query(`SELECT * FROM ${table(name)}`))),
    tableExists: (name) =>
      asAdmin(async (c) => {
        const [rows] = await c.execute("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [DBNAME, name]);
        return Number((rows as Array<{ n: number }>)[0].n) === 1;
      }),
    userExists: (username) =>
      asAdmin(async (c) => {
        const [rows] = await c.execute("SELECT COUNT(*) AS n FROM mysql.user WHERE User = ?", [username]);
        return Number((rows as Array<{ n: number }>)[0].n) > 0;
      }),
    serverLog: () => db.generalLog?.() ?? "",
    serverLogName: "the MariaDB general log",
    flushLog: () => db.flushLog(),
    plaintextLogin: mariadbPlaintextLogin,
    logInWithoutTls: async () => {
      const password = crypto.randomBytes(18).toString("base64url");
      await asAdmin(async (c) => {
        await c.query(`DROP USER IF EXISTS ${quoteAccount(PLAINTEXT_CONTROL_USER, MODE)}`);
        await c.query(`CREATE USER ${quoteAccount(PLAINTEXT_CONTROL_USER, MODE)} IDENTIFIED BY PASSWORD '${nativePasswordHash(password)}'`);
      });
      await withConnection(
        () => createConnection({ host: db.host, port: db.port, user: PLAINTEXT_CONTROL_USER, password, connectTimeout: 5000 }),
        (c) => c.query("SELECT 1"),
      );
      return PLAINTEXT_CONTROL_USER;
    },
    stop: async () => {
      await db.stop();
      removeTestCertificates(certs);
    },
  };
}
