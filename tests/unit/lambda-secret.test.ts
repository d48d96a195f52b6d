import { strict as assert } from "assert";
import { InvalidSecretError } from "../../rotation-lambda/errors";
import { alternateUsername, parseDatabaseSecret, parseMasterSecret, serializeSecret, strategyOf } from "../../rotation-lambda/secret";

const valid = { engine: "postgres", host: "db.example.internal", port: 5432, username: "app", password: "p4ssw0rd-secret-value", dbname: "orders" };
const parse = (value: unknown): ReturnType<typeof parseDatabaseSecret> => parseDatabaseSecret(typeof value === "string" ? value : JSON.stringify(value), "AWSCURRENT of secret S");

describe("parseDatabaseSecret", () => {
  it("accepts the documented secret and keeps unknown fields", () => {
    const s = parse({ ...valid, dbInstanceIdentifier: "db1", team: "payments" });
    assert.equal(s.username, "app");
    assert.equal(s.team, "payments");
    assert.equal(serializeSecret(s), JSON.stringify({ ...valid, dbInstanceIdentifier: "db1", team: "payments" }));
  });

  it("requires only engine, host, username and password, like AWS's templates", () => {
    const s = parse({ engine: "mysql", host: "h", username: "u", password: "p" });
    assert.equal(s.port, undefined);
    assert.equal(s.dbname, undefined);
  });

  it("accepts a port written as a string and stores it as a number", () => {
    assert.equal(parse({ ...valid, port: "6543" }).port, 6543);
  });

  it("rejects text that is not JSON without quoting the text", () => {
    assert.throws(() => parse(`{"password":"${valid.password}",`), (e: Error) => {
      assert.ok(e instanceof InvalidSecretError);
      assert.equal(e.message, "AWSCURRENT of secret S is not valid JSON");
      return true;
    });
  });

  it("rejects JSON that is not an object", () => {
    assert.throws(() => parse("[1,2]"), /AWSCURRENT of secret S is not a JSON object/);
    assert.throws(() => parse("null"), /is not a JSON object/);
  });

  it("rejects a missing value", () => {
    assert.throws(() => parseDatabaseSecret(undefined, "AWSPENDING of secret S"), /AWSPENDING of secret S has no SecretString/);
  });

  for (const field of ["engine", "host", "username", "password"]) {
    it(`names the missing field "${field}"`, () => {
      assert.throws(() => parse({ ...valid, [field]: undefined }), new RegExp(`lacks the field "${field}" \\(a non-empty string\\)`));
    });
  }

  it("rejects an unsupported engine and lists the supported ones", () => {
    assert.throws(
      () => parse({ ...valid, engine: "postgresql" }),
      /names engine "postgresql"; supported engines are postgres, mysql, mariadb, aurora-postgresql, aurora-mysql, aurora$/,
    );
  });

  it("rejects a port out of range", () => {
    assert.throws(() => parse({ ...valid, port: 70000 }), /invalid "port": expected an integer from 1 to 65535/);
    assert.throws(() => parse({ ...valid, port: "54x" }), /invalid "port"/);
  });

  it("rejects a non-string dbname and an empty masterarn", () => {
    assert.throws(() => parse({ ...valid, dbname: 5 }), /"dbname" that is not a string/);
    assert.throws(() => parse({ ...valid, masterarn: "" }), /"masterarn" that is not a non-empty string/);
  });

  it("never puts the password into an error message", () => {
    for (const bad of [{ ...valid, host: "" }, { ...valid, engine: "x" }, { ...valid, port: -1 }]) {
      assert.throws(() => parse(bad), (e: Error) => !e.message.includes(valid.password));
    }
  });
});

describe("parseMasterSecret", () => {
  it("accepts an RDS-managed master secret holding only username and password", () => {
    assert.deepEqual(parseMasterSecret(JSON.stringify({ username: "postgres", password: "x" }), "master"), { username: "postgres", password: "x" });
  });

  it("keeps host and port when present", () => {
    assert.deepEqual(parseMasterSecret(JSON.stringify({ username: "m", password: "x", host: "h", port: "3306" }), "master"), { username: "m", password: "x", host: "h", port: 3306 });
  });

  it("requires the password", () => {
    assert.throws(() => parseMasterSecret(JSON.stringify({ username: "m" }), "master secret M"), /master secret M lacks the field "password"/);
  });
});

describe("strategyOf and alternateUsername", () => {
  it("infers alternating-users from a masterarn field", () => {
    assert.equal(strategyOf(parse(valid)), "single-user");
    assert.equal(strategyOf(parse({ ...valid, masterarn: "arn:aws:secretsmanager:eu-west-1:1:secret:m" })), "alternating-users");
  });

  it("flips between user and user_clone", () => {
    assert.equal(alternateUsername("app"), "app_clone");
    assert.equal(alternateUsername("app_clone"), "app");
  });
});
