// User and database name rules per engine.
import * as assert from "assert";
import { applicationUsernameError, dbNameError, masterUsernameError } from "../../components/nameRules";

describe("masterUsernameError", () => {
  it("accepts 1 to 16 letters, digits and underscores starting with a letter", () => {
    assert.strictEqual(masterUsernameError("postgres", "a"), undefined);
    assert.strictEqual(masterUsernameError("mysql", "Admin_2024_owner"), undefined);
  });
  it("rejects a leading digit or other characters", () => {
    assert.strictEqual(masterUsernameError("mysql", "1admin"), 'masterUsername must start with a letter and contain only letters, digits and underscores for mysql; got "1admin"');
    assert.strictEqual(masterUsernameError("postgres", "db-admin"), 'masterUsername must start with a letter and contain only letters, digits and underscores for postgres; got "db-admin"');
  });
  it("rejects names longer than 16 on every engine", () => {
    for (const engine of ["postgres", "mysql", "mariadb"] as const) {
      assert.match(masterUsernameError(engine, "a".repeat(17)) ?? "", /must be 1 to 16 characters long \(got 17\)/);
    }
  });
  it("rejects an empty name", () => {
    assert.match(masterUsernameError("postgres", "") ?? "", /must be 1 to 16 characters long \(got 0\)/);
  });
  it("rejects RDS's own accounts and reserved prefixes, case-insensitively", () => {
    assert.strictEqual(masterUsernameError("postgres", "RDSADMIN"), 'masterUsername "RDSADMIN" is reserved by postgres or RDS for postgres; got "RDSADMIN"');
    assert.strictEqual(masterUsernameError("postgres", "rds_owner"), 'masterUsername names starting with "rds_" are reserved by postgres or RDS for postgres; got "rds_owner"');
    assert.strictEqual(masterUsernameError("postgres", "pg_owner"), 'masterUsername names starting with "pg_" are reserved by postgres or RDS for postgres; got "pg_owner"');
    assert.match(masterUsernameError("mariadb", "rdsrepladmin") ?? "", /reserved by mariadb or RDS/);
  });
  it("rejects reserved key words", () => {
    assert.match(masterUsernameError("postgres", "user") ?? "", /"user" is reserved by postgres/);
    assert.match(masterUsernameError("mysql", "select") ?? "", /"select" is reserved by mysql/);
    // `user` is not reserved in MySQL.
    assert.strictEqual(masterUsernameError("mysql", "user"), undefined);
  });
});

describe("applicationUsernameError", () => {
  it("uses the engine's own limit minus the _clone suffix", () => {
    assert.strictEqual(applicationUsernameError("postgres", "a".repeat(57)), undefined);
    assert.match(applicationUsernameError("postgres", "a".repeat(58)) ?? "", /at most 57 characters so that ".*_clone" fits postgres's 63-character limit/);
    assert.strictEqual(applicationUsernameError("mariadb", "a".repeat(74)), undefined);
    assert.match(applicationUsernameError("mariadb", "a".repeat(75)) ?? "", /at most 74 characters .* mariadb's 80-character limit/);
  });
  it("applies the character and reserved-word rules", () => {
    assert.strictEqual(applicationUsernameError("postgres", "app-user"), 'rotation.applicationUsername must start with a letter and contain only letters, digits and underscores for postgres; got "app-user"');
    assert.strictEqual(applicationUsernameError("mysql", "rdsadmin"), 'rotation.applicationUsername "rdsadmin" is reserved by mysql or RDS for mysql; got "rdsadmin"');
  });
});

describe("dbNameError", () => {
  it("accepts up to 63 (postgres) and 64 (mysql/mariadb) characters", () => {
    assert.strictEqual(dbNameError("postgres", "d".repeat(63)), undefined);
    assert.match(dbNameError("postgres", "d".repeat(64)) ?? "", /must be 1 to 63 characters long \(got 64\)/);
    assert.strictEqual(dbNameError("mysql", "d".repeat(64)), undefined);
    assert.match(dbNameError("mariadb", "d".repeat(65)) ?? "", /must be 1 to 64 characters long \(got 65\)/);
  });
  it("rejects databases every instance already has", () => {
    assert.match(dbNameError("postgres", "template1") ?? "", /must not be "template1"/);
    assert.match(dbNameError("mysql", "information_schema") ?? "", /must not be "information_schema"/);
    assert.match(dbNameError("mariadb", "mysql") ?? "", /must not be "mysql"/);
  });
});
