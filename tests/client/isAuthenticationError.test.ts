// isAuthenticationError: driver fields along the cause chain, nothing else, never message text.
import { strict as assert } from "assert";
import { CredentialsRefusedError, isAuthenticationError } from "../../client";

function withFields(fields: Record<string, unknown>, message = "error"): Error {
  return Object.assign(new Error(message), fields);
}

describe("isAuthenticationError", () => {
  it("recognises PostgreSQL 28P01 and 28000 (node-postgres `code`)", () => {
    assert.equal(isAuthenticationError(withFields({ code: "28P01", severity: "FATAL" })), true);
    assert.equal(isAuthenticationError(withFields({ code: "28000", severity: "FATAL" })), true);
  });

  it("recognises MySQL/MariaDB errno 1045 (mysql2 `errno`)", () => {
    assert.equal(isAuthenticationError(withFields({ errno: 1045, code: "ER_ACCESS_DENIED_ERROR", sqlState: "28000" })), true);
  });

  it("follows the cause chain, through wrappers such as the library's own CredentialsRefusedError", () => {
    const refused = withFields({ code: "28P01" });
    assert.equal(isAuthenticationError(new Error("outer", { cause: new Error("middle", { cause: refused }) })), true);
    assert.equal(isAuthenticationError(new CredentialsRefusedError("budget spent", "s", 3, { cause: refused })), true);
  });

  it("rejects other errors with SQLSTATE 28000 in MySQL (1698) and a refused database privilege (1044)", () => {
    assert.equal(isAuthenticationError(withFields({ errno: 1698, code: "ER_ACCESS_DENIED_NO_PASSWORD_ERROR", sqlState: "28000" })), false);
    assert.equal(isAuthenticationError(withFields({ errno: 1044, code: "ER_DBACCESS_DENIED_ERROR", sqlState: "42000" })), false);
  });

  it("rejects other PostgreSQL errors, network errors and timeouts", () => {
    assert.equal(isAuthenticationError(withFields({ code: "3D000" })), false, "database does not exist");
    assert.equal(isAuthenticationError(withFields({ code: "42501" })), false, "insufficient privilege");
    assert.equal(isAuthenticationError(withFields({ code: "ECONNREFUSED", errno: -111 })), false);
    assert.equal(isAuthenticationError(new Error("Connection terminated due to connection timeout")), false);
  });

  it("never reads message text", () => {
    assert.equal(isAuthenticationError(new Error('password authentication failed for user "app"')), false);
    assert.equal(isAuthenticationError(new Error("Access denied for user 'app'@'10.0.0.1' (using password: YES)")), false);
  });

  it("answers false for non-errors and survives a cause cycle", () => {
    for (const value of [undefined, null, "28P01", 1045, {}]) assert.equal(isAuthenticationError(value), false);
    const a = new Error("a") as Error & { cause?: unknown };
    const b = new Error("b", { cause: a });
    a.cause = b;
    assert.equal(isAuthenticationError(a), false);
  });
});
