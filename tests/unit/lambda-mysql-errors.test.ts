// How the MySQL/MariaDB engine reports failures: which errors mean "try another password", which mean
// "stop", and that no password or statement text survives into a message or a cause.
import * as assert from "node:assert/strict";
import { AuthenticationError, DatabaseOperationError, DatabaseUnreachableError } from "../../rotation-lambda/errors";
import { isConnectionLost, mapLoginError, mapStatementError, sanitizedCause } from "../../rotation-lambda/engines/mysqlErrors";

const TARGET = { host: "db.example.internal", port: 3306, username: "app" };

function mysqlError(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message ?? "")), fields);
}

describe("mapLoginError", () => {
  it("maps ER_ACCESS_DENIED_ERROR to AuthenticationError, keeping the original as cause", () => {
    const original = mysqlError({ code: "ER_ACCESS_DENIED_ERROR", errno: 1045, sqlState: "28000", message: "Access denied for user 'app'@'10.0.0.5' (using password: YES)" });
    const error = mapLoginError(original, TARGET);
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.message, 'login as "app" to db.example.internal:3306 was refused (ER_ACCESS_DENIED_ERROR 1045)');
    assert.equal(error.cause, original);
  });

  it("treats expired passwords, locked accounts and unknown hosts as authentication failures", () => {
    for (const [code, errno] of [["ER_MUST_CHANGE_PASSWORD_LOGIN", 1862], ["ER_ACCOUNT_HAS_BEEN_LOCKED", 3118], ["ER_HOST_NOT_PRIVILEGED", 1130], ["ER_ACCESS_DENIED_NO_PASSWORD_ERROR", 1698]] as const) {
      assert.ok(mapLoginError(mysqlError({ code, errno, sqlState: "HY000" }), TARGET) instanceof AuthenticationError, code);
    }
  });

  it("treats an authentication plugin mysql2 cannot speak as an authentication failure", () => {
    const error = mapLoginError(mysqlError({ code: "AUTH_SWITCH_PLUGIN_ERROR", message: "Server requests authentication using unknown plugin client_ed25519." }), TARGET);
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.message, 'login as "app" to db.example.internal:3306 was refused: the account\'s authentication plugin is not supported (AUTH_SWITCH_PLUGIN_ERROR)');
  });

  it("maps refused connections and timeouts to DatabaseUnreachableError", () => {
    const refused = mapLoginError(mysqlError({ code: "ECONNREFUSED", errno: -111, message: "connect ECONNREFUSED 10.0.0.9:3306" }), TARGET);
    assert.ok(refused instanceof DatabaseUnreachableError);
    assert.equal(refused.message, 'login as "app" to db.example.internal:3306 failed: the database could not be reached (ECONNREFUSED -111: connect ECONNREFUSED 10.0.0.9:3306)');
    const timeout = mapLoginError(mysqlError({ code: "ETIMEDOUT", message: "connect ETIMEDOUT" }), TARGET);
    assert.ok(timeout instanceof DatabaseUnreachableError);
    assert.equal(timeout.message, 'login as "app" to db.example.internal:3306 failed: the database could not be reached (ETIMEDOUT: connect ETIMEDOUT)');
  });

  it("maps certificate and missing-TLS failures to DatabaseUnreachableError saying TLS failed", () => {
    const cert = mapLoginError(mysqlError({ code: "HANDSHAKE_SSL_ERROR", message: "self-signed certificate in certificate chain" }), TARGET);
    assert.ok(cert instanceof DatabaseUnreachableError);
    assert.equal(cert.message, 'login as "app" to db.example.internal:3306 failed: the database could not be reached over TLS (HANDSHAKE_SSL_ERROR: self-signed certificate in certificate chain)');
    assert.match(mapLoginError(mysqlError({ code: "HANDSHAKE_NO_SSL_SUPPORT", message: "Server does not support secure connection" }), TARGET).message, /could not be reached over TLS/);
  });

  it("maps too many connections and blocked hosts to DatabaseUnreachableError", () => {
    for (const [code, errno] of [["ER_CON_COUNT_ERROR", 1040], ["ER_HOST_IS_BLOCKED", 1129]] as const) {
      assert.ok(mapLoginError(mysqlError({ code, errno, sqlState: "08004" }), TARGET) instanceof DatabaseUnreachableError, code);
    }
  });

  it("maps other server errors at login (unknown database) to DatabaseOperationError", () => {
    const error = mapLoginError(mysqlError({ code: "ER_BAD_DB_ERROR", errno: 1049, sqlState: "42000" }), TARGET);
    assert.ok(error instanceof DatabaseOperationError);
    assert.equal(error.message, 'login as "app" to db.example.internal:3306 failed after authentication (ER_BAD_DB_ERROR 1049)');
  });
});

describe("mapStatementError", () => {
  const parseError = () =>
    mysqlError({
      code: "ER_PARSE_ERROR",
      errno: 1064,
      sqlState: "42000",
      message: "You have an error in your SQL syntax near 'IDENTIFIED BY 'Sup3r-Secret''",
      sql: "ALTER USER CURRENT_USER() IDENTIFIED BY 'Sup3r-Secret'",
    });

  it("keeps the password out of the message and the cause for statements that carry one", () => {
    const error = mapStatementError(parseError(), "setting the logged-in user's password", true);
    assert.ok(error instanceof DatabaseOperationError);
    assert.equal(error.message, "setting the logged-in user's password failed (ER_PARSE_ERROR 1064)");
    const serialized = JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause)) + String(error.cause) + error.stack;
    assert.ok(!serialized.includes("Sup3r-Secret"));
    assert.equal((error.cause as { errno?: number }).errno, 1064);
  });

  it("includes the server's message for statements without a secret", () => {
    const error = mapStatementError(mysqlError({ code: "ER_TABLEACCESS_DENIED_ERROR", errno: 1142, sqlState: "42000", message: "SELECT command denied" }), "looking up user \"app\"", false);
    assert.equal(error.message, 'looking up user "app" failed (ER_TABLEACCESS_DENIED_ERROR 1142: SELECT command denied)');
  });

  it("reports a lost connection or a query timeout as DatabaseUnreachableError", () => {
    assert.ok(mapStatementError(mysqlError({ code: "PROTOCOL_CONNECTION_LOST", fatal: true }), "x", false) instanceof DatabaseUnreachableError);
    assert.ok(mapStatementError(mysqlError({ code: "PROTOCOL_SEQUENCE_TIMEOUT", fatal: true }), "x", true) instanceof DatabaseUnreachableError);
    assert.equal(isConnectionLost(mysqlError({ code: "ER_PARSE_ERROR", errno: 1064, sqlState: "42000", fatal: true })), false);
  });
});

describe("sanitizedCause", () => {
  it("keeps code, errno and sqlState only", () => {
    const copy = sanitizedCause({ code: "ER_X", errno: 1, sqlState: "HY000", message: "secret" });
    assert.deepEqual({ ...copy }, { name: "MysqlError", code: "ER_X", errno: 1, sqlState: "HY000" });
    assert.equal(copy.message, "mysql2 error ER_X 1");
  });
});
