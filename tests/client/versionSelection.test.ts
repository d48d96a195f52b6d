// Which version a connect tries, and that a login never mixes versions.
import { strict as assert } from "assert";
import { inspect } from "util";
import { credentialsFromSecretString, requireEngine } from "../../client/databaseCredentials";
import { InvalidSecretValueError } from "../../client";
import { labelledVersions, nextVersionAfterRefusal } from "../../client/versionSelection";

describe("labelledVersions", () => {
  it("reads AWSCURRENT and a pending version other than it", () => {
    assert.deepEqual(labelledVersions({ a: ["AWSPREVIOUS"], b: ["AWSCURRENT"], c: ["AWSPENDING"] }), { current: "b", pending: "c" });
  });

  it("has no pending version when AWSPENDING sits on AWSCURRENT (a rotation just finished)", () => {
    assert.deepEqual(labelledVersions({ b: ["AWSCURRENT", "AWSPENDING"] }), { current: "b" });
    assert.deepEqual(labelledVersions(undefined), {});
  });
});

describe("nextVersionAfterRefusal", () => {
  it("moves to a new AWSCURRENT first", () => {
    assert.deepEqual(nextVersionAfterRefusal("old", { current: "new", pending: "p" }, true), { versionId: "new", pendingFallback: false });
  });

  it("falls back to AWSPENDING when AWSCURRENT itself was refused (the single-user window)", () => {
    assert.deepEqual(nextVersionAfterRefusal("cur", { current: "cur", pending: "p" }, true), { versionId: "p", pendingFallback: true });
  });

  it("offers nothing when the fallback is off or there is no pending version", () => {
    assert.equal(nextVersionAfterRefusal("cur", { current: "cur", pending: "p" }, false), undefined);
    assert.equal(nextVersionAfterRefusal("cur", { current: "cur" }, true), undefined);
  });

  it("goes back to AWSCURRENT when the pending version was refused (rotation still at createSecret)", () => {
    assert.deepEqual(nextVersionAfterRefusal("p", { current: "cur", pending: "p" }, true), { versionId: "cur", pendingFallback: false });
  });
});

describe("credentialsFromSecretString", () => {
  const text = JSON.stringify({ engine: "mariadb", host: "h", port: "3306", username: "app_clone", password: "pw-of-v2", dbname: "appdb", masterarn: "arn:m" });

  it("takes user and password from the one version it is given, and hides the password from logs", () => {
    const c = credentialsFromSecretString("s", "v2", text);
    assert.deepEqual({ versionId: c.versionId, username: c.username, password: c.password, port: c.port }, { versionId: "v2", username: "app_clone", password: "pw-of-v2", port: 3306 });
    assert.equal(JSON.stringify(c).includes("pw-of-v2"), false);
    assert.equal(inspect(c).includes("pw-of-v2"), false);
    assert.ok(Object.isFrozen(c));
  });

  it("refuses a value without a password rather than borrowing one, naming the field and never the value", () => {
    const broken = JSON.stringify({ engine: "postgres", host: "h", username: "app" });
    assert.throws(() => credentialsFromSecretString("s", "v3", broken), (err: Error) => {
      assert.ok(err instanceof InvalidSecretValueError);
      assert.match(err.message, /version v3 of secret s lacks the field "password"/);
      return true;
    });
    assert.throws(() => credentialsFromSecretString("s", "v4", '{"password":"hunter2-secret"'), (err: Error) => !err.message.includes("hunter2"));
  });
});

describe("requireEngine", () => {
  const login = (engine: string) => credentialsFromSecretString("s", "v1", JSON.stringify({ engine, host: "db.example", username: "app", password: "pw-0123456789abcdef" }));

  it("lets each pool take every engine string of its family, Aurora's included", () => {
    for (const engine of ["postgres", "aurora-postgresql"]) requireEngine("s", login(engine), "postgres", "createPgPool");
    for (const engine of ["mysql", "mariadb", "aurora-mysql", "aurora"]) requireEngine("s", login(engine), "mysql", "createMysqlPool");
  });

  it("refuses a secret of the other family, naming the pool, what it needs and what the version has", () => {
    assert.throws(() => requireEngine("s", login("aurora-mysql"), "postgres", "createPgPool"),
      /^.*createPgPool needs a secret with engine "postgres" or "aurora-postgresql"; version v1 of secret s has "aurora-mysql"$/);
    assert.throws(() => requireEngine("s", login("postgres"), "mysql", "createMysqlPool"),
      /createMysqlPool needs a secret with engine "mysql" or "mariadb" or "aurora-mysql" or "aurora"; version v1 of secret s has "postgres"/);
  });
});
