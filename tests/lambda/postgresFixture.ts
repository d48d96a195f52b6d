// The PostgreSQL EngineFixture: embedded PostgreSQL 17 with TLS from a throwaway CA (offered, not
// required, so a plaintext fallback would get in and show in the log) and log_statement=all. Test
// users get passwords as SCRAM verifiers, so the only plaintext the server log could ever show is one
// the rotation function leaked.
import * as crypto from "crypto";
import { Client } from "pg";
import { quoteIdentifier } from "../../rotation-lambda/engines/postgresQuoting";
import { scramVerifier } from "../../rotation-lambda/engines/scram";
import { removeTestCertificates, startPostgres } from "../services";
import { logsIn, startWithCertificates, succeeds, userPattern, withConnection, type EngineFixture } from "./engineFixture";

/** The account `logInWithoutTls` uses: the positive control of the plaintext-login searches. */
const PLAINTEXT_CONTROL_USER = "plaintext_control";

/**
 * A login without TLS in PostgreSQL's log (log_connections): "connection authorized: user=<u>
 * database=<d>[ application_name=<a>]" on one line, which over TLS goes on with " SSL enabled (…)".
 */
export function postgresPlaintextLogin(who: { user: string } | { anyoneBut: string }): RegExp {
  return new RegExp(`connection authorized: user=${userPattern(who, " database=")} database=(?:(?!SSL enabled).)*$`, "m");
}

export async function startPostgresFixture(): Promise<EngineFixture> {
  const { certs, server: pg } = await startWithCertificates((c) => startPostgres({ certs: c }));
  const connect = async (user: string, password: string, database = pg.database): Promise<Client> => {
    const c = new Client({ host: pg.host, port: pg.port, user, password, database, ssl: { ca: certs.caPem, rejectUnauthorized: true }, connectionTimeoutMillis: 5000 });
    c.on("error", () => undefined);
    await c.connect();
    return c;
  };
  const asAdmin = <T>(fn: (c: Client) => Promise<T>): Promise<T> => withConnection(() => connect(pg.user, pg.password), fn);
  return {
    engine: "postgres",
    label: "PostgreSQL 17",
    host: pg.host,
    port: pg.port,
    dbname: pg.database,
    caPem: certs.caPem,
    caPath: certs.caCertPath,
    admin: { username: pg.user, password: pg.password },
    maxUsernameLength: 63,
    createLoginUser: (username, password) =>
      asAdmin(async (c) => {
        await c.query(`CREATE ROLE ${quoteIdentifier(username)} WITH LOGIN PASSWORD '${scramVerifier(password)}'`);
      }),
    // 28P01: wrong password; 28000: no such role or not allowed to log in.
    canLogin: (username, password) => logsIn(() => connect(username, password), (err) => ["28P01", "28000"].includes((err as { code?: string }).code ?? "")),
    grantSelect: (username, table) =>
      asAdmin(async (c) => {
        await c.query(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table)} (id int)`);
        await c.query(`GRANT SELECT ON ${quoteIdentifier(table)} TO ${quoteIdentifier(username)}`);
      }),
    canSelect: (username, password, table) =>
      withConnection(() => connect(username, password), (c) => succeeds(() => c.query(`SELECT * FROM ${quoteIdentifier(table)}`))),
    tableExists: (table) => asAdmin(async (c) => (await c.query("SELECT to_regclass($1) AS t", [quoteIdentifier(table)])).rows[0]?.t !== null),
    userExists: (username) => asAdmin(async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [username])).rowCount === 1),
    serverLog: () => pg.serverLog?.() ?? "",
    serverLogName: "the PostgreSQL server log",
    flushLog: () => pg.flushLog(),
    plaintextLogin: postgresPlaintextLogin,
    logInWithoutTls: async () => {
      const password = crypto.randomBytes(18).toString("base64url");
      await asAdmin((c) => c.query(`DROP ROLE IF EXISTS ${PLAINTEXT_CONTROL_USER}`));
      await asAdmin((c) => c.query(`CREATE ROLE ${PLAINTEXT_CONTROL_USER} WITH LOGIN PASSWORD '${scramVerifier(password)}'`));
      await withConnection(
        async () => {
          const c = new Client({ host: pg.host, port: pg.port, user: PLAINTEXT_CONTROL_USER, password, database: pg.database, ssl: false });
          await c.connect();
          return c;
        },
        (c) => c.query("SELECT 1"),
      );
      return PLAINTEXT_CONTROL_USER;
    },
    stop: async () => {
      await pg.stop();
      removeTestCertificates(certs);
    },
  };
}
