// The pure part of the proxy outputs: the ECS keys and entries that send applications to the proxy,
// and why grantConnect is refused.
import * as assert from "assert";
import { ecsEnvironmentEntries, ecsSecretKeys, grantConnectRefusal } from "../../components/proxyOutputs";
import { MANAGED_SECRET_KEYS, ecsSecretEntries } from "../../components/secretJson";

describe("ecsSecretKeys", () => {
  it("leaves the keys alone without a proxy", () => {
    assert.strictEqual(ecsSecretKeys(undefined, false), undefined);
    assert.deepStrictEqual(ecsSecretKeys(MANAGED_SECRET_KEYS, false), MANAGED_SECRET_KEYS);
  });
  it("drops host behind a proxy, so applications cannot bypass it with the secret's host", () => {
    assert.deepStrictEqual(ecsSecretKeys(undefined, true), ["port", "username", "password", "dbname"]);
    assert.deepStrictEqual(ecsSecretEntries("arn:s", ecsSecretKeys(undefined, true)).map((e) => e.name), ["DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_NAME"]);
    assert.deepStrictEqual(ecsSecretKeys(MANAGED_SECRET_KEYS, true), ["username", "password"]);
  });
});

describe("ecsEnvironmentEntries", () => {
  it("gives DB_HOST, DB_PORT and DB_NAME as plain values", () => {
    assert.deepStrictEqual(ecsEnvironmentEntries("orders-proxy.proxy-abc.eu-west-1.rds.amazonaws.com", 5432, "app"), [
      { name: "DB_HOST", value: "orders-proxy.proxy-abc.eu-west-1.rds.amazonaws.com" },
      { name: "DB_PORT", value: "5432" },
      { name: "DB_NAME", value: "app" },
    ]);
  });
});

describe("grantConnectRefusal", () => {
  it("refuses without a proxy, pointing at grantRead", () => {
    assert.match(String(grantConnectRefusal(undefined)), /^grantConnect needs a proxy with iamAuth: true, and this database has none; use grantRead/);
  });
  it("refuses a proxy without IAM authentication, saying how to get it", () => {
    assert.match(String(grantConnectRefusal({ iamAuth: false })), /^grantConnect needs proxy\.iamAuth: true; .*set proxy\.iamAuth: true$/);
  });
  it("grants with IAM authentication", () => {
    assert.strictEqual(grantConnectRefusal({ iamAuth: true }), undefined);
  });
});
