// A `databases` entry that is an Aurora cluster: `cluster:` holds what only a cluster has, the entry's
// top level the settings an instance and a cluster share, and the instance-only keys are refused with
// where they go instead. Each refusal is the exact message, with the full key.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  CLUSTER_KEYS, ConfigError, DATABASE_KEYS, INSTANCE_ONLY_KEYS, loadStackConfig, SERVERLESS_V2_SCALING_KEYS, SHARED_DATABASE_KEYS,
} from "../../config";
import type { DatabaseConfig } from "../../config";

const KEY = "rotated-rds:databases.orders";

function read(settings: unknown): DatabaseConfig {
  return loadStackConfig({ "rotated-rds:databases": JSON.stringify({ orders: settings }) }).databases[0];
}

function refusal(settings: unknown): string {
  try {
    read(settings);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.message;
  }
  assert.fail(`accepted ${JSON.stringify(settings)}`);
}

describe("readDatabase: cluster entries", () => {
  it("reads cluster: {} and an empty cluster: as a cluster with RotatedCluster's defaults", () => {
    assert.deepStrictEqual(read({ cluster: {} }), { name: "orders", cluster: {} });
    // `cluster:` with nothing under it is null in YAML: still a cluster, never silently an instance.
    assert.deepStrictEqual(read({ cluster: null }), { name: "orders", cluster: {} });
    assert.deepStrictEqual(read({ cluster: "" }), { name: "orders", cluster: {} });
    assert.deepStrictEqual(read({}), { name: "orders" });
  });

  it("reads every cluster setting, in its native or string spelling, and the shared settings next to it", () => {
    const db = read({
      cluster: {
        engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.08.0", instanceClass: "db.serverless",
        serverlessV2Scaling: { minCapacity: "0.5", maxCapacity: 16 }, readers: "2",
      },
      dbName: "orders", masterUsername: "owner", deletionProtection: true, applyImmediately: "true", allowMajorVersionUpgrade: false,
      backupRetentionDays: 35, skipFinalSnapshot: "false", kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
      allowedSecurityGroupIds: ["sg-0abc"], allowedCidrBlocks: ["10.1.0.0/16"], proxy: { iamAuth: "true", maxConnectionsPercent: 75 },
      rotation: { strategy: "single-user", schedule: "rate(1 day)" }, alerts: { email: "ops@example.com" }, logRetentionDays: 14,
      tags: { team: "orders" },
    });
    assert.deepStrictEqual(db, {
      name: "orders",
      cluster: {
        engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.08.0", instanceClass: "db.serverless",
        serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 16 }, readers: 2,
      },
      dbName: "orders", masterUsername: "owner", deletionProtection: true, applyImmediately: true, allowMajorVersionUpgrade: false,
      backupRetentionDays: 35, skipFinalSnapshot: false, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
      allowedSecurityGroupIds: ["sg-0abc"], allowedCidrBlocks: ["10.1.0.0/16"], proxy: { iamAuth: true, maxConnectionsPercent: 75 },
      rotation: { strategy: "single-user", schedule: "rate(1 day)" }, alerts: { email: "ops@example.com" }, logRetentionDays: 14,
      tags: { team: "orders" },
    });
  });

  it("reads a provisioned cluster, a YAML-number engine version, and the capacity limits' edges", () => {
    assert.deepStrictEqual(read({ cluster: { engine: "aurora-postgresql", engineVersion: 16.6, instanceClass: "db.r7g.large", readers: 15 } }).cluster,
      { engine: "aurora-postgresql", engineVersion: "16.6", instanceClass: "db.r7g.large", readers: 15 });
    assert.deepStrictEqual(read({ cluster: { serverlessV2Scaling: { minCapacity: 256, maxCapacity: "256" }, readers: 0 } }).cluster,
      { serverlessV2Scaling: { minCapacity: 256, maxCapacity: 256 }, readers: 0 });
    assert.deepStrictEqual(read({ cluster: { serverlessV2Scaling: { minCapacity: 1.5, maxCapacity: 1 } } }).cluster,
      { serverlessV2Scaling: { minCapacity: 1.5, maxCapacity: 1 } }, "min <= max is the component's rule, checked with its other arguments");
  });

  it("turns the proxy on with an empty proxy: too", () => {
    assert.deepStrictEqual(read({ cluster: {}, proxy: null }), { name: "orders", cluster: {}, proxy: {} });
    assert.deepStrictEqual(read({ proxy: "" }), { name: "orders", proxy: {} });
  });

  const refusals: Array<[string, unknown, string | RegExp]> = [
    ["engine next to cluster", { cluster: {}, engine: "postgres" },
      `${KEY}.engine must be absent in a cluster entry: set cluster.engine instead (one of "aurora-postgresql", "aurora-mysql"); got "postgres"`],
    ["engineVersion next to cluster", { cluster: {}, engineVersion: "16.6" },
      `${KEY}.engineVersion must be absent in a cluster entry: set cluster.engineVersion instead (an Aurora engine version such as "16.6" (aurora-postgresql) or "8.0.mysql_aurora.3.08.0" (aurora-mysql)); got "16.6"`],
    ["instanceClass next to cluster", { cluster: {}, instanceClass: "db.r7g.large" },
      `${KEY}.instanceClass must be absent in a cluster entry: set cluster.instanceClass instead ("db.serverless" (Serverless v2) or a provisioned instance class such as "db.r7g.large"); got "db.r7g.large"`],
    ["allocatedStorage next to cluster", { cluster: {}, allocatedStorage: 100 },
      `${KEY}.allocatedStorage must be absent in a cluster entry: allocatedStorage has no meaning for an Aurora cluster: Aurora storage grows on its own; got 100`],
    ["multiAz next to cluster", { cluster: { readers: 1 }, multiAz: true },
      `${KEY}.multiAz must be absent in a cluster entry: multiAz has no meaning for an Aurora cluster: its storage already spans three availability zones, and cluster.readers (1 or more) adds an instance that takes over when the writer fails; got true`],
    ["allocatedStorage inside cluster", { cluster: { allocatedStorage: 20 } },
      `${KEY}.cluster.allocatedStorage must be absent: allocatedStorage has no meaning for an Aurora cluster: Aurora storage grows on its own; got 20`],
    ["a shared setting inside cluster", { cluster: { dbName: "orders" } },
      `${KEY}.cluster.dbName must be absent: set dbName next to cluster, as ${KEY}.dbName (it means the same for an instance and a cluster); got "orders"`],
    ["proxy inside cluster", { cluster: { proxy: {} } },
      `${KEY}.cluster.proxy must be absent: set proxy next to cluster, as ${KEY}.proxy (it means the same for an instance and a cluster); got {}`],
    ["an unknown cluster key", { cluster: { writers: 2 } },
      `${KEY}.cluster.writers must be absent: ${KEY}.cluster accepts only engine, engineVersion, instanceClass, serverlessV2Scaling, readers; got 2`],
    ["cluster that is not a mapping", { cluster: true },
      `${KEY}.cluster must be a mapping of cluster settings (or {} for RotatedCluster's defaults); got true`],
    ["cluster as a list", { cluster: ["aurora-postgresql"] },
      `${KEY}.cluster must be a mapping of cluster settings (or {} for RotatedCluster's defaults); got ["aurora-postgresql"]`],
    ["an instance engine in cluster.engine", { cluster: { engine: "postgres" } },
      `${KEY}.cluster.engine must be one of "aurora-postgresql", "aurora-mysql"; got "postgres"`],
    ["an Aurora engine as an instance engine", { engine: "aurora-postgresql" },
      `${KEY}.engine must be one of "postgres", "mysql", "mariadb"; got "aurora-postgresql"`],
    ["cluster.engineVersion", { cluster: { engineVersion: " " } },
      `${KEY}.cluster.engineVersion must be an Aurora engine version such as "16.6" (aurora-postgresql) or "8.0.mysql_aurora.3.08.0" (aurora-mysql); got " "`],
    ["cluster.instanceClass", { cluster: { instanceClass: "serverless" } },
      `${KEY}.cluster.instanceClass must be "db.serverless" (Serverless v2) or a provisioned instance class such as "db.r7g.large"; got "serverless"`],
    ["cluster.instanceClass type", { cluster: { instanceClass: 2 } },
      `${KEY}.cluster.instanceClass must be "db.serverless" (Serverless v2) or a provisioned instance class such as "db.r7g.large"; got 2`],
    ["cluster.readers", { cluster: { readers: 16 } }, `${KEY}.cluster.readers must be an integer from 0 to 15; got 16`],
    ["cluster.readers fraction", { cluster: { readers: "1.5" } }, `${KEY}.cluster.readers must be an integer from 0 to 15; got "1.5"`],
    ["cluster.serverlessV2Scaling", { cluster: { serverlessV2Scaling: 4 } },
      `${KEY}.cluster.serverlessV2Scaling must be a mapping with minCapacity and maxCapacity (Aurora capacity units); got 4`],
    ["cluster.serverlessV2Scaling key", { cluster: { serverlessV2Scaling: { minCapacity: 1, maxCapacity: 2, autoPause: true } } },
      `${KEY}.cluster.serverlessV2Scaling.autoPause must be absent: ${KEY}.cluster.serverlessV2Scaling accepts only minCapacity, maxCapacity; got true`],
    ["a missing maxCapacity", { cluster: { serverlessV2Scaling: { minCapacity: 1 } } },
      `${KEY}.cluster.serverlessV2Scaling.maxCapacity must be a number of Aurora capacity units from 1 to 256 in steps of 0.5; got nothing (the key is missing)`],
    ["a minCapacity of 0 (auto-pause)", { cluster: { serverlessV2Scaling: { minCapacity: 0, maxCapacity: 4 } } },
      `${KEY}.cluster.serverlessV2Scaling.minCapacity must be a number of Aurora capacity units from 0.5 to 256 in steps of 0.5 (not 0: 0 turns on auto-pause, and a paused instance takes longer to resume than the rotation function waits for a login (5 s), so rotations would fail); got 0`],
    ["a capacity off the 0.5 step", { cluster: { serverlessV2Scaling: { minCapacity: 1, maxCapacity: 2.25 } } },
      `${KEY}.cluster.serverlessV2Scaling.maxCapacity must be a number of Aurora capacity units from 1 to 256 in steps of 0.5; got 2.25`],
    ["a capacity over 256", { cluster: { serverlessV2Scaling: { minCapacity: 1, maxCapacity: "256.5" } } },
      `${KEY}.cluster.serverlessV2Scaling.maxCapacity must be a number of Aurora capacity units from 1 to 256 in steps of 0.5; got "256.5"`],
    ["a capacity that is not a number", { cluster: { serverlessV2Scaling: { minCapacity: "half", maxCapacity: 2 } } },
      /^rotated-rds:databases\.orders\.cluster\.serverlessV2Scaling\.minCapacity must be a number of Aurora capacity units from 0\.5 .*; got "half"$/],
    ["a cluster with no backups", { cluster: {}, backupRetentionDays: 0 }, `${KEY}.backupRetentionDays must be an integer from 1 to 35; got 0`],
    ["a shared setting of a cluster, read as for an instance", { cluster: {}, rotation: { strategy: "alternating-users" } },
      `${KEY}.rotation.applicationUsername must be set when strategy is "alternating-users" (the user that rotates with its <user>_clone twin); got nothing (the key is missing)`],
    ["a proxy setting of a cluster", { cluster: {}, proxy: { idleClientTimeout: 0 } }, `${KEY}.proxy.idleClientTimeout must be an integer from 1 to 28800; got 0`],
  ];
  for (const [what, settings, message] of refusals) {
    it(`refuses ${what}`, () => {
      const got = refusal(settings);
      if (typeof message === "string") assert.strictEqual(got, message);
      else assert.match(got, message);
    });
  }

  it("still takes backupRetentionDays 0 on an instance", () => {
    assert.deepStrictEqual(read({ backupRetentionDays: 0 }), { name: "orders", backupRetentionDays: 0 });
  });
});

describe("the cluster key lists", () => {
  it("split an entry's keys into cluster, shared and instance-only, with nothing left over", () => {
    assert.deepStrictEqual([...SHARED_DATABASE_KEYS, ...INSTANCE_ONLY_KEYS, "cluster"].sort(), [...DATABASE_KEYS].sort());
    assert.deepStrictEqual(SHARED_DATABASE_KEYS.filter((k) => (INSTANCE_ONLY_KEYS as readonly string[]).includes(k)), []);
    assert.deepStrictEqual([...CLUSTER_KEYS], ["engine", "engineVersion", "instanceClass", "serverlessV2Scaling", "readers"]);
    assert.deepStrictEqual([...SERVERLESS_V2_SCALING_KEYS], ["minCapacity", "maxCapacity"]);
  });
});

describe("README.md's cluster settings table", () => {
  it("documents every key of cluster (serverlessV2Scaling's one by one) and nothing else", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");
    const at = readme.indexOf("\n### Cluster settings (`databases.<name>.cluster.…`)\n");
    assert.ok(at >= 0, "README.md has no cluster settings table");
    const lines = readme.slice(at).split("\n");
    const first = lines.findIndex((l) => l.startsWith("|"));
    const rows: string[] = [];
    for (const line of lines.slice(first + 2)) {
      if (!line.startsWith("|")) break;
      rows.push(line.split("|")[1].trim().replace(/^`|`$/g, ""));
    }
    const expected = CLUSTER_KEYS.flatMap((k) => k === "serverlessV2Scaling"
      ? SERVERLESS_V2_SCALING_KEYS.map((s) => `cluster.${k}.${s}`)
      : [`cluster.${k}`]);
    assert.deepStrictEqual(rows, expected);
  });
});
