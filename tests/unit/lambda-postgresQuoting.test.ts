import { strict as assert } from "assert";
import { postgresEngine } from "../../rotation-lambda/engines/postgres";
import { quoteIdentifier, quoteLiteral } from "../../rotation-lambda/engines/postgresQuoting";

describe("quoteIdentifier (PostgreSQL)", () => {
  it("double-quotes a plain name, keeping its case", () => {
    assert.equal(quoteIdentifier("App_User"), '"App_User"');
  });

  it("doubles embedded double quotes so SQL in a name stays inside the identifier", () => {
    assert.equal(quoteIdentifier('x"; DROP TABLE t; --'), '"x""; DROP TABLE t; --"');
    assert.equal(quoteIdentifier(`a'b`), `"a'b"`);
  });

  it("rejects an empty name and a NUL character", () => {
    assert.throws(() => quoteIdentifier(""), /must not be empty/);
    assert.throws(() => quoteIdentifier("a\0b"), /must not contain a NUL character/);
  });

  it("refuses a name PostgreSQL would truncate (over 63 bytes) rather than rename a role silently", () => {
    assert.equal(quoteIdentifier("a".repeat(63)), `"${"a".repeat(63)}"`);
    assert.throws(() => quoteIdentifier("a".repeat(64)), /is 64 bytes long; the limit is 63/);
    assert.throws(() => quoteIdentifier("é".repeat(32)), /is 64 bytes long/);
  });
});

describe("quoteLiteral (PostgreSQL)", () => {
  it("doubles single quotes", () => {
    assert.equal(quoteLiteral("it's"), "'it''s'");
  });

  it("uses the E'' form with doubled backslashes when a backslash is present", () => {
    assert.equal(quoteLiteral("a\\'b"), "E'a\\\\''b'");
  });

  it("rejects a NUL character", () => {
    assert.throws(() => quoteLiteral("a\0"), /must not contain a NUL character/);
  });
});

describe("postgresEngine user names", () => {
  it("measures a name in bytes against the 63-byte identifier limit", () => {
    assert.equal(postgresEngine.maxUsernameLength("postgres"), 63);
    assert.deepEqual(postgresEngine.usernameLength("zoë_clone"), { length: 10, unit: "bytes" });
  });
});
