// The pure helpers RotatedCluster adds to the shared modules: the engine-version floor, the cluster's
// replacement key, the cluster secret's fields, the cluster's strategy-change message and the
// rotation function's name for a cluster.
import * as assert from "assert";
import { engineVersionFloor } from "../../components/engineVersionFloor";
import { generatedPasswordTriggers } from "../../components/generatedPassword";
import { clusterReplacementKey, instanceReplacementKey, rotationFunctionName } from "../../components/naming";
import { buildSecretJson } from "../../components/secretJson";
import { strategyChangeError } from "../../components/strategyChange";

describe("engineVersionFloor", () => {
  it("asks for the running version when RDS moved the cluster past the configured minor", () => {
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17.4", "17.9"), "17.9");
    assert.strictEqual(engineVersionFloor("aurora-mysql", "8.0.mysql_aurora.3.08.0", "8.0.mysql_aurora.3.10.3"), "8.0.mysql_aurora.3.10.3");
  });
  it("compares numbers, not strings (3.9 is older than 3.10)", () => {
    assert.strictEqual(engineVersionFloor("aurora-mysql", "8.0.mysql_aurora.3.10.0", "8.0.mysql_aurora.3.9.0"), "8.0.mysql_aurora.3.10.0");
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17.10", "17.9"), "17.10");
  });
  it("keeps the configured version on a first deploy, for an upgrade, and for another family", () => {
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17.4", undefined), "17.4");
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17.9", "17.4"), "17.9");
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "18.1", "17.9"), "18.1");
    assert.strictEqual(engineVersionFloor("aurora-mysql", "8.4.mysql_aurora.4.0.0", "8.0.mysql_aurora.3.10.3"), "8.4.mysql_aurora.4.0.0");
  });
  it("keeps a major alone, which the provider matches against any of its minors", () => {
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17", "17.9"), "17");
  });
  it("ignores a running version it cannot read", () => {
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17.4", ""), "17.4");
    assert.strictEqual(engineVersionFloor("aurora-postgresql", "17.4", "17.9-beta"), "17.4");
  });
});

describe("clusterReplacementKey", () => {
  const base = { engine: "aurora-postgresql", dbName: "app", username: "dbadmin", kmsKeyArn: undefined, subnetGroupName: "orders-subnets-1a2b3c4" };
  it("changes with every ForceNew input of a cluster, the subnet group's name included", () => {
    const keys = [
      base, { ...base, engine: "aurora-mysql" }, { ...base, dbName: "sales" }, { ...base, username: "owner" },
      { ...base, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" }, { ...base, subnetGroupName: "orders-subnets-9f8e7d6" },
    ].map(clusterReplacementKey);
    assert.strictEqual(new Set(keys).size, keys.length);
    assert.strictEqual(clusterReplacementKey({ ...base }), keys[0]);
  });
  it("never equals an instance's key for the same inputs", () => {
    assert.notStrictEqual(clusterReplacementKey(base), instanceReplacementKey(base));
  });
  it("is what the first password's triggers carry", () => {
    const rules = { passwordLength: 32, excludeCharacters: "\"@/" };
    assert.deepStrictEqual(generatedPasswordTriggers({ replacementKey: clusterReplacementKey(base) }, rules), { instance: clusterReplacementKey(base), ...rules });
  });
});

describe("buildSecretJson for a cluster", () => {
  it("carries dbClusterIdentifier where an instance's carries dbInstanceIdentifier, and the Aurora engine string", () => {
    const json = buildSecretJson({
      engine: "aurora-mysql", host: "c.cluster-x.eu-west-1.rds.amazonaws.com", port: 3306, username: "u", password: "p", dbname: "app",
      dbClusterIdentifier: "orders-cluster-1", masterarn: "arn:m",
    });
    assert.deepStrictEqual(Object.keys(json), ["engine", "host", "port", "username", "password", "dbname", "dbClusterIdentifier", "masterarn"]);
    assert.deepStrictEqual([json.engine, json.dbClusterIdentifier, json.dbInstanceIdentifier], ["aurora-mysql", "orders-cluster-1", undefined]);
  });
});

describe("strategyChangeError for a cluster", () => {
  it("names RotatedCluster and an existing cluster", () => {
    const message = strategyChangeError("orders", "managed", "single-user", "cluster");
    assert.match(String(message), /^RotatedCluster "orders": rotation\.strategy cannot change from "managed" to "single-user" on an existing cluster /);
    assert.match(String(message), /deploy a second RotatedCluster with "single-user" under a new name/);
    assert.strictEqual(strategyChangeError("orders", "managed", "managed", "cluster"), undefined);
  });
});

describe("rotationFunctionName for a cluster", () => {
  it("differs from a database's of the same name, in the same form", () => {
    const cluster = rotationFunctionName("p", "s", "orders", "cluster");
    assert.match(cluster, /^orders-rotation-[0-9a-f]{8}$/);
    assert.notStrictEqual(cluster, rotationFunctionName("p", "s", "orders"));
  });
});
