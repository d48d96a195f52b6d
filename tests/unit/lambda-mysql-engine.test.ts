// The MySQL/MariaDB engine's fixed properties and the mysql2 options of every login.
import * as assert from "node:assert/strict";
import { connectionOptions, mysqlEngine } from "../../rotation-lambda/engines/mysql";

const LOGIN = { host: "db.example.internal", port: 3307, username: "app", password: "pw", dbname: "shop" };

describe("mysqlEngine", () => {
  it("serves mysql, mariadb and Aurora MySQL on port 3306 with no default database", () => {
    assert.deepEqual(mysqlEngine.engines, ["mysql", "mariadb", "aurora-mysql", "aurora"]);
    assert.equal(mysqlEngine.defaultPort, 3306);
    assert.equal(mysqlEngine.defaultDbName, undefined);
  });

  it("limits user names to 32 characters on MySQL and 80 on MariaDB", () => {
    assert.equal(mysqlEngine.maxUsernameLength("mysql"), 32);
    assert.equal(mysqlEngine.maxUsernameLength("mariadb"), 80);
    assert.equal(mysqlEngine.maxUsernameLength("aurora-mysql"), 32);
  });

  it("counts a user name in characters, not bytes", () => {
    assert.deepEqual(mysqlEngine.usernameLength("zoë_clone"), { length: 9, unit: "characters" });
  });
});

describe("connectionOptions", () => {
  it("verifies the certificate and the host name by default, with the connect timeout", () => {
    const options = connectionOptions(LOGIN, { tls: { verify: true }, connectTimeoutMs: 5000, statementTimeoutMs: 5000 });
    assert.deepEqual(options, {
      host: "db.example.internal",
      port: 3307,
      user: "app",
      password: "pw",
      database: "shop",
      connectTimeout: 5000,
      multipleStatements: false,
      ssl: { rejectUnauthorized: true, verifyIdentity: true },
    });
  });

  it("passes an extra CA through and leaves Node's trusted CAs alone otherwise", () => {
    const withCa = connectionOptions(LOGIN, { tls: { verify: true, ca: "PEM" }, connectTimeoutMs: 1, statementTimeoutMs: 1 });
    assert.deepEqual(withCa.ssl, { ca: "PEM", rejectUnauthorized: true, verifyIdentity: true });
    const withoutCa = connectionOptions(LOGIN, { tls: { verify: true }, connectTimeoutMs: 1, statementTimeoutMs: 1 });
    assert.ok(typeof withoutCa.ssl === "object" && !("ca" in withoutCa.ssl));
  });

  it("still uses TLS when verification is explicitly turned off", () => {
    const options = connectionOptions(LOGIN, { tls: { verify: false }, connectTimeoutMs: 1, statementTimeoutMs: 1 });
    assert.deepEqual(options.ssl, { rejectUnauthorized: false, verifyIdentity: false });
  });
});
