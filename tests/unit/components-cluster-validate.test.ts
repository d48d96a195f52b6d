// Every rule of RotatedCluster with a good and a bad value, and the proof that the rules both
// components share run on the cluster path too (network, names, rotation, password, alerts, tags,
// major upgrade, proxy). Messages name the argument, show the value and say what is allowed.
import * as assert from "assert";
import { PROXY_ALTERNATING_USERS_REFUSAL } from "../../components/proxyValidation";
import type { RotatedClusterArgs } from "../../components/types";
import { resolveRotatedClusterArgs, validateRotatedClusterArgs, validateRotatedDatabaseArgs } from "../../components/validate";

const base: RotatedClusterArgs = { vpcId: "vpc-1", subnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"] };

function errorsOf(extra: Partial<RotatedClusterArgs>): string[] {
  return validateRotatedClusterArgs({ ...base, ...extra });
}

function onlyError(extra: Partial<RotatedClusterArgs>): string {
  const errors = errorsOf(extra);
  assert.strictEqual(errors.length, 1, `expected one error, got ${JSON.stringify(errors)}`);
  return errors[0];
}

describe("validateRotatedClusterArgs", () => {
  it("accepts the defaults, each Aurora engine with its defaults, and a provisioned cluster with readers", () => {
    assert.deepStrictEqual(errorsOf({}), []);
    for (const engine of ["aurora-postgresql", "aurora-mysql"] as const) assert.deepStrictEqual(errorsOf({ engine }), []);
    assert.deepStrictEqual(errorsOf({ instanceClass: "db.r7g.large", readers: 2 }), []);
  });

  describe("engine", () => {
    it("lists the Aurora engines for an unknown one", () => {
      assert.strictEqual(onlyError({ engine: "oracle" as never }), 'engine must be one of "aurora-postgresql", "aurora-mysql"; got "oracle"');
    });
    it("points an instance engine to its Aurora edition or to RotatedDatabase", () => {
      assert.strictEqual(onlyError({ engine: "postgres" as never }),
        'engine must be one of "aurora-postgresql", "aurora-mysql"; got "postgres": RotatedCluster declares Aurora clusters; use "aurora-postgresql" for Aurora PostgreSQL, or RotatedDatabase for an RDS for PostgreSQL instance');
      assert.strictEqual(onlyError({ engine: "mysql" as never }),
        'engine must be one of "aurora-postgresql", "aurora-mysql"; got "mysql": RotatedCluster declares Aurora clusters; use "aurora-mysql" for Aurora MySQL, or RotatedDatabase for an RDS for MySQL instance');
      assert.strictEqual(onlyError({ engine: "mariadb" as never }),
        'engine must be one of "aurora-postgresql", "aurora-mysql"; got "mariadb": Aurora has no MariaDB-compatible edition; use RotatedDatabase for an RDS for MariaDB instance');
    });
    it("points RotatedDatabase's Aurora engine to RotatedCluster, and leaves its other messages as they were", () => {
      const db = { vpcId: "vpc-1", subnetIds: base.subnetIds };
      assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...db, engine: "aurora-postgresql" as never }), [
        'engine must be one of "postgres", "mysql", "mariadb"; got "aurora-postgresql": that is an Aurora engine; declare an Aurora cluster with RotatedCluster, or use "postgres" for an RDS for PostgreSQL instance',
      ]);
      assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...db, engine: "aurora-mysql" as never }), [
        'engine must be one of "postgres", "mysql", "mariadb"; got "aurora-mysql": that is an Aurora engine; declare an Aurora cluster with RotatedCluster, or use "mysql" for an RDS for MySQL instance',
      ]);
      assert.deepStrictEqual(validateRotatedDatabaseArgs({ ...db, engine: "oracle" as never }), ['engine must be one of "postgres", "mysql", "mariadb"; got "oracle"']);
    });
    it("refuses an unknown strategy before anything else", () => {
      assert.deepStrictEqual(errorsOf({ subnetIds: [], rotation: { strategy: "weekly" as never } }), ['rotation.strategy must be one of "single-user", "alternating-users", "managed"; got "weekly"']);
    });
  });

  describe("engineVersion", () => {
    it("takes aurora-postgresql major.minor or a major alone, from 14 on", () => {
      for (const v of ["17.7", "17", "16.11", "14.6", "18.4"]) assert.deepStrictEqual(errorsOf({ engineVersion: v }), [], v);
      assert.strictEqual(onlyError({ engineVersion: "13.9" }), 'engineVersion for aurora-postgresql must be 14 or newer; got "13.9"');
      assert.strictEqual(onlyError({ engineVersion: "13" }), 'engineVersion for aurora-postgresql must be 14 or newer; got "13"');
      assert.strictEqual(onlyError({ engineVersion: "17.a" }),
        'engineVersion for aurora-postgresql must look like "17.7" (major.minor, or a major alone for its default minor); got "17.a"');
      assert.match(onlyError({ engineVersion: "8.0.mysql_aurora.3.10.3" }), /^engineVersion for aurora-postgresql must look like "17\.7"/);
    });
    it("takes aurora-mysql's full version or its MySQL major.minor, from 3.08 on", () => {
      for (const v of ["8.0.mysql_aurora.3.10.3", "8.0.mysql_aurora.3.08.0", "8.0.mysql_aurora.3.12.0", "8.4.mysql_aurora.8.4.7", "8.0"]) {
        assert.deepStrictEqual(errorsOf({ engine: "aurora-mysql", engineVersion: v }), [], v);
      }
      // 3.04 left standard support on 2026-10-31.
      assert.strictEqual(onlyError({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.04.6" }),
        'engineVersion for aurora-mysql must be 8.0.mysql_aurora.3.08 or newer; got "8.0.mysql_aurora.3.04.6"');
      assert.strictEqual(onlyError({ engine: "aurora-mysql", engineVersion: "5.7.mysql_aurora.2.12.5" }),
        'engineVersion for aurora-mysql must be 8.0.mysql_aurora.3.08 or newer; got "5.7.mysql_aurora.2.12.5"');
      assert.strictEqual(onlyError({ engine: "aurora-mysql", engineVersion: "8.0.39" }),
        'engineVersion for aurora-mysql must look like "8.0.mysql_aurora.3.10.3" (<MySQL major.minor>.mysql_aurora.<Aurora major.minor.patch>, or the MySQL major.minor alone for its default); got "8.0.39"');
      assert.match(onlyError({ engine: "aurora-mysql", engineVersion: "17.7" }), /^engineVersion for aurora-mysql must look like/);
    });
  });

  describe("instanceClass", () => {
    it("takes db.serverless and provisioned Aurora classes", () => {
      for (const c of ["db.serverless", "db.r7g.large", "db.t4g.medium", "db.r8g.2xlarge", "db.x2g.xlarge"]) assert.deepStrictEqual(errorsOf({ instanceClass: c }), [], c);
    });
    const rule = 'instanceClass must be "db.serverless" (Serverless v2) or a provisioned Aurora class like "db.r7g.large"';
    it("refuses a malformed class and previous-generation families", () => {
      assert.strictEqual(onlyError({ instanceClass: "r7g.large" }), `${rule}; got "r7g.large"`);
      assert.strictEqual(onlyError({ instanceClass: "serverless" }), `${rule}; got "serverless"`);
      assert.strictEqual(onlyError({ instanceClass: "db.t2.medium" }), `${rule}; got "db.t2.medium", a previous-generation class that no current Aurora version offers`);
      assert.strictEqual(onlyError({ instanceClass: "db.m3.large" }), `${rule}; got "db.m3.large", a previous-generation class that no current Aurora version offers`);
    });
    it("refuses the classes Aurora MySQL 3 dropped, for aurora-mysql only", () => {
      const dropped = "a class Aurora MySQL version 3 does not offer (it dropped db.r3, db.r4, db.t2 and db.t3.small)";
      for (const c of ["db.r4.large", "db.r3.xlarge", "db.t3.small", "db.t2.medium"]) {
        assert.strictEqual(onlyError({ engine: "aurora-mysql", instanceClass: c }), `${rule}; got "${c}", ${dropped}`);
      }
      for (const c of ["db.t3.medium", "db.t4g.medium", "db.r5.large"]) assert.deepStrictEqual(errorsOf({ engine: "aurora-mysql", instanceClass: c }), [], c);
      // aurora-postgresql leaves db.r4 to RDS, which knows per version.
      assert.deepStrictEqual(errorsOf({ instanceClass: "db.r4.large" }), []);
    });
  });

  describe("serverlessV2Scaling", () => {
    it("is refused with a provisioned class", () => {
      assert.strictEqual(onlyError({ instanceClass: "db.r7g.large", serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 } }),
        'serverlessV2Scaling applies only to instanceClass "db.serverless" (Serverless v2); drop it, or use "db.serverless" instead of "db.r7g.large"');
    });
    it("is checked against AWS's limits, without auto-pause", () => {
      assert.match(onlyError({ serverlessV2Scaling: { minCapacity: 0, maxCapacity: 4 } }), /^serverlessV2Scaling\.minCapacity must be .*: 0 turns on auto-pause, .*; got 0$/);
      assert.strictEqual(onlyError({ serverlessV2Scaling: { minCapacity: 8, maxCapacity: 4 } }), "serverlessV2Scaling.minCapacity must be at most maxCapacity; got minCapacity 8 and maxCapacity 4");
      assert.strictEqual(onlyError({ serverlessV2Scaling: { minCapacity: 1, maxCapacity: 4, extra: 1 } as never }), 'serverlessV2Scaling takes only minCapacity, maxCapacity; got ["extra"]');
      assert.deepStrictEqual(errorsOf({ serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 256 } }), []);
    });
  });

  describe("readers and backups", () => {
    it("takes 0 to 15 whole readers", () => {
      assert.deepStrictEqual(errorsOf({ readers: 15 }), []);
      for (const readers of [-1, 16, 1.5]) {
        assert.strictEqual(onlyError({ readers }), `readers must be a whole number from 0 to 15 (Aurora Replicas besides the writer); got ${readers}`);
      }
    });
    it("keeps at least one day of backups, at most 35", () => {
      assert.deepStrictEqual(errorsOf({ backupRetentionDays: 1 }), []);
      assert.deepStrictEqual(errorsOf({ backupRetentionDays: 35 }), []);
      for (const days of [0, 36]) {
        assert.strictEqual(onlyError({ backupRetentionDays: days }),
          `backupRetentionDays must be a whole number from 1 to 35 for a cluster (Aurora always keeps at least one day of backups); got ${days}`);
      }
    });
  });

  describe("the shared rules run for clusters", () => {
    it("network: subnets, CIDR ranges, Secrets Manager access", () => {
      assert.strictEqual(onlyError({ subnetIds: ["subnet-0aaa1111"] }), 'subnetIds must list at least 2 private subnets in different availability zones; got ["subnet-0aaa1111"]');
      assert.strictEqual(onlyError({ subnetIds: ["subnet-0aaa1111", "subnet-0aaa1111"] }), 'subnetIds must not repeat a subnet; got "subnet-0aaa1111" twice');
      assert.strictEqual(onlyError({ subnetIds: ["subnet-0aaa1111", "sub-2"] }), 'subnetIds must hold subnet ids like "subnet-0123456789abcdef0"; got "sub-2"');
      assert.match(onlyError({ allowedCidrBlocks: ["0.0.0.0/0"] }), /^allowedCidrBlocks\[0\] must be .*; got "0\.0\.0\.0\/0"$/);
      assert.match(onlyError({ secretsManagerAccess: { natGateway: true, createEndpoint: true } as never }), /^secretsManagerAccess must be exactly one of /);
    });
    it("names: master user and database, with the Aurora engine's limits", () => {
      assert.strictEqual(onlyError({ engine: "aurora-mysql", masterUsername: "root" }), 'masterUsername must not be "root", which aurora-mysql or RDS reserves; got "root"');
      assert.strictEqual(onlyError({ masterUsername: "rds_admin" }), 'masterUsername must not start with "rds_", which aurora-postgresql or RDS reserves; got "rds_admin"');
      assert.strictEqual(onlyError({ masterUsername: "a".repeat(17) }), `masterUsername must be 1 to 16 characters long on aurora-postgresql (got 17); got "${"a".repeat(17)}"`);
      assert.match(onlyError({ dbName: "template1" }), /^dbName must not be "template1", which exists on every aurora-postgresql instance/);
      assert.match(onlyError({ engine: "aurora-mysql", dbName: "mysql" }), /^dbName must not be "mysql"/);
    });
    it("rotation: schedule, duration, strategy options, application user", () => {
      assert.strictEqual(onlyError({ rotation: { schedule: "rate(2 hours)" } }), 'rotation.schedule must be at least every 4 hours; got "rate(2 hours)"');
      assert.match(onlyError({ rotation: { duration: "4h" } }), /^rotation\.duration must be shorter than the schedule's interval/);
      assert.match(onlyError({ rotation: { strategy: "alternating-users" } }), /^rotation\.applicationUsername is required by the "alternating-users" strategy/);
      assert.strictEqual(onlyError({ rotation: { applicationUsername: "app" } }), 'rotation.applicationUsername is only used by the "alternating-users" strategy; got "app" with "single-user"');
      assert.strictEqual(onlyError({ rotation: { strategy: "managed", passwordLength: 20 } }), 'rotation.passwordLength cannot be set with the "managed" strategy: RDS generates those passwords itself (got 20)');
      const name = "u".repeat(27);
      assert.strictEqual(onlyError({ engine: "aurora-mysql", rotation: { strategy: "alternating-users", applicationUsername: name } }),
        `rotation.applicationUsername must be at most 26 characters so that "${name}_clone" fits aurora-mysql's 32-character limit; got "${name}" (27)`);
      assert.deepStrictEqual(errorsOf({ rotation: { strategy: "alternating-users", applicationUsername: "app_user" } }), []);
      assert.deepStrictEqual(errorsOf({ rotation: { strategy: "managed" } }), []);
    });
    it("passwords: CreateDBCluster's 41 characters on both Aurora engines, and the excluded characters", () => {
      for (const engine of ["aurora-postgresql", "aurora-mysql"] as const) {
        assert.strictEqual(onlyError({ engine, rotation: { passwordLength: 42 } }), `rotation.passwordLength must be a whole number from 16 to 41 for ${engine} (RDS's limit); got 42`);
        assert.deepStrictEqual(errorsOf({ engine, rotation: { passwordLength: 41 } }), []);
      }
      assert.match(onlyError({ rotation: { excludeCharacters: "" } }), /^rotation\.excludeCharacters must include "\/\\"@", which RDS refuses/);
    });
    it("a major upgrade needs applyImmediately, in the cluster's words", () => {
      assert.strictEqual(onlyError({ allowMajorVersionUpgrade: true }),
        "allowMajorVersionUpgrade needs applyImmediately: true (a major upgrade replaces the cluster and instance parameter groups, and the old groups can be deleted only once the cluster has moved off them, which would otherwise wait for the maintenance window); got allowMajorVersionUpgrade true, applyImmediately false");
      assert.deepStrictEqual(errorsOf({ allowMajorVersionUpgrade: true, applyImmediately: true }), []);
    });
    it("alerts, log retention and tags", () => {
      assert.strictEqual(onlyError({ alerts: { email: "ops" } }), 'alerts.email must be an e-mail address; got "ops"');
      assert.match(onlyError({ alerts: { email: "ops@example.com", topicArn: "arn:aws:sns:eu-west-1:123456789012:t" } }), /^alerts\.email subscribes to the topic this component creates/);
      assert.match(onlyError({ logRetentionDays: 31 }), /^logRetentionDays must be one of CloudWatch's values .*; got 31$/);
      assert.strictEqual(onlyError({ tags: { "aws:owner": "me" } }), 'tags must not use the reserved "aws:" prefix; got key "aws:owner"');
    });
    it("proxy: its limits, and no alternating-users behind it", () => {
      assert.deepStrictEqual(errorsOf({ proxy: {} }), []);
      assert.deepStrictEqual(errorsOf({ proxy: { iamAuth: true }, rotation: { strategy: "managed" } }), []);
      assert.deepStrictEqual(errorsOf({ proxy: {}, rotation: { strategy: "alternating-users", applicationUsername: "app_user" } }), [PROXY_ALTERNATING_USERS_REFUSAL]);
      assert.strictEqual(onlyError({ proxy: { maxConnectionsPercent: 101 } }), "proxy.maxConnectionsPercent must be a whole number of percent from 1 to 100; got 101");
    });
  });

  it("returns every error at once, in argument order, the proxy last", () => {
    assert.deepStrictEqual(errorsOf({
      subnetIds: ["subnet-0aaa1111"],
      engineVersion: "13.9",
      instanceClass: "db.t2.medium",
      serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 },
      readers: 16,
      masterUsername: "rdsadmin",
      backupRetentionDays: 0,
      rotation: { schedule: "rate(1 hours)", strategy: "alternating-users", applicationUsername: "app_user" },
      logRetentionDays: 2,
      proxy: {},
    }).map((e) => e.split(" ")[0]), [
      "subnetIds", "engineVersion", "instanceClass", "serverlessV2Scaling", "readers", "backupRetentionDays", "masterUsername",
      "rotation.schedule", "logRetentionDays", "proxy",
    ]);
  });

  it("resolves to the values the component builds from", () => {
    const resolved = resolveRotatedClusterArgs({ ...base, engine: "aurora-mysql", engineVersion: "8.0", instanceClass: "db.r7g.large", readers: 2 });
    assert.ok(resolved.ok, JSON.stringify(resolved));
    assert.strictEqual(resolved.value.engine, "aurora-mysql");
    assert.strictEqual(resolved.value.engineVersion, "8.0");
    assert.strictEqual(resolved.value.port, 3306);
    assert.strictEqual(resolved.value.readers, 2);
    assert.strictEqual(resolved.value.serverlessV2Scaling, undefined);
    const refused = resolveRotatedClusterArgs({ ...base, readers: 99 });
    assert.deepStrictEqual(refused, { ok: false, errors: ["readers must be a whole number from 0 to 15 (Aurora Replicas besides the writer); got 99"] });
  });
});
