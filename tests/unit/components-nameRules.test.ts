// User and database name rules per engine.
import * as assert from "assert";
import { applicationUsernameError, dbNameError, masterUsernameError } from "../../components/nameRules";

describe("masterUsernameError", () => {
  it("accepts 1 to 16 letters, digits and underscores starting with a letter", () => {
    assert.strictEqual(masterUsernameError("postgres", "a"), undefined);
    assert.strictEqual(masterUsernameError("mysql", "Admin_2024_owner"), undefined);
  });
  it("rejects a leading digit or other characters", () => {
    assert.strictEqual(masterUsernameError("mysql", "1admin"), 'masterUsername must start with a letter and contain only letters, digits and underscores; got "1admin"');
    assert.strictEqual(masterUsernameError("postgres", "db-admin"), 'masterUsername must start with a letter and contain only letters, digits and underscores; got "db-admin"');
  });
  it("rejects names longer than 16 on every engine", () => {
    for (const engine of ["postgres", "mysql", "mariadb"] as const) {
      assert.match(masterUsernameError(engine, "a".repeat(17)) ?? "", /must be 1 to 16 characters long on (postgres|mysql|mariadb) \(got 17\)/);
    }
  });
  it("rejects an empty name", () => {
    assert.match(masterUsernameError("postgres", "") ?? "", /^masterUsername must be 1 to 16 characters long on postgres \(got 0\); got ""$/);
  });
  it("rejects RDS's own accounts and reserved prefixes, case-insensitively", () => {
    assert.strictEqual(masterUsernameError("postgres", "RDSADMIN"), 'masterUsername must not be "RDSADMIN", which postgres or RDS reserves; got "RDSADMIN"');
    assert.strictEqual(masterUsernameError("postgres", "rds_owner"), 'masterUsername must not start with "rds_", which postgres or RDS reserves; got "rds_owner"');
    assert.strictEqual(masterUsernameError("postgres", "pg_owner"), 'masterUsername must not start with "pg_", which postgres or RDS reserves; got "pg_owner"');
    assert.match(masterUsernameError("mariadb", "rdsrepladmin") ?? "", /must not be "rdsrepladmin", which mariadb or RDS reserves/);
  });
  it("rejects reserved key words", () => {
    assert.match(masterUsernameError("postgres", "user") ?? "", /must not be "user", which postgres or RDS reserves/);
    assert.match(masterUsernameError("mysql", "select") ?? "", /must not be "select", which mysql or RDS reserves/);
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
    assert.strictEqual(applicationUsernameError("postgres", "app-user"), 'rotation.applicationUsername must start with a letter and contain only letters, digits and underscores; got "app-user"');
    assert.strictEqual(applicationUsernameError("mysql", "rdsadmin"), 'rotation.applicationUsername must not be "rdsadmin", which mysql or RDS reserves; got "rdsadmin"');
  });
});

describe("dbNameError", () => {
  it("accepts up to 63 (postgres) and 64 (mysql/mariadb) characters", () => {
    assert.strictEqual(dbNameError("postgres", "d".repeat(63)), undefined);
    assert.match(dbNameError("postgres", "d".repeat(64)) ?? "", /^dbName must be 1 to 63 characters long on postgres \(got 64\); got "d+"$/);
    assert.strictEqual(dbNameError("mysql", "d".repeat(64)), undefined);
    assert.match(dbNameError("mariadb", "d".repeat(65)) ?? "", /must be 1 to 64 characters long on mariadb \(got 65\)/);
  });
  it("rejects databases every instance already has", () => {
    assert.match(dbNameError("postgres", "template1") ?? "", /must not be "template1"/);
    assert.match(dbNameError("mysql", "information_schema") ?? "", /must not be "information_schema"/);
    assert.match(dbNameError("mariadb", "mysql") ?? "", /must not be "mysql"/);
  });
});
