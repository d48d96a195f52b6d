// RotatedCluster's defaults, applied in one place, and shared with RotatedDatabase's: the same
// function fills what both components take, so a shared default cannot drift between them.
import * as assert from "assert";
import {
  DEFAULT_CLUSTER_ENGINE,
  DEFAULT_CLUSTER_INSTANCE_CLASS,
  DEFAULT_READERS,
  DEFAULT_SERVERLESS_V2_SCALING,
  withClusterDefaults,
  withDefaults,
} from "../../components/defaults";
import type { RotatedClusterArgs, RotatedDatabaseArgs } from "../../components/types";

const network = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };

describe("withClusterDefaults", () => {
  const r = withClusterDefaults(network);

  it("fills every optional argument with its documented default", () => {
    assert.deepStrictEqual({ ...r, vpcId: undefined, subnetIds: undefined }, {
      vpcId: undefined,
      subnetIds: undefined,
      allowedSecurityGroupIds: [],
      allowedCidrBlocks: [],
      secretsManagerAccess: { createEndpoint: true },
      engine: "aurora-postgresql",
      engineVersion: "17.7",
      port: 5432,
      instanceClass: "db.serverless",
      serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 },
      readers: 0,
      dbName: "app",
      masterUsername: "dbadmin",
      proxy: undefined,
      deletionProtection: false,
      applyImmediately: false,
      allowMajorVersionUpgrade: false,
      backupRetentionDays: 7,
      skipFinalSnapshot: false,
      kmsKeyArn: undefined,
      rotation: {
        strategy: "single-user",
        schedule: "rate(4 hours)",
        duration: "1h",
        rotateImmediately: true,
        passwordLength: 32,
        excludeCharacters: "\"'@/\\`:;,?#%&[]{}()<>|~$ ",
        applicationUsername: undefined,
      },
      alerts: { topicArn: undefined, email: undefined },
      logRetentionDays: 30,
      tags: {},
    });
  });

  it("names its defaults as constants", () => {
    assert.strictEqual(DEFAULT_CLUSTER_ENGINE, "aurora-postgresql");
    assert.strictEqual(DEFAULT_CLUSTER_INSTANCE_CLASS, "db.serverless");
    assert.deepStrictEqual(DEFAULT_SERVERLESS_V2_SCALING, { minCapacity: 0.5, maxCapacity: 4 });
    assert.strictEqual(DEFAULT_READERS, 0);
  });

  it("takes aurora-mysql's default version and port", () => {
    const m = withClusterDefaults({ ...network, engine: "aurora-mysql" });
    assert.strictEqual(m.engineVersion, "8.0.mysql_aurora.3.10.3");
    assert.strictEqual(m.port, 3306);
  });

  it("sets serverlessV2Scaling exactly with db.serverless", () => {
    assert.strictEqual(withClusterDefaults({ ...network, instanceClass: "db.r7g.large" }).serverlessV2Scaling, undefined);
    // Given with a provisioned class, it is not used (validation refuses it).
    assert.strictEqual(withClusterDefaults({ ...network, instanceClass: "db.r7g.large", serverlessV2Scaling: { minCapacity: 1, maxCapacity: 2 } }).serverlessV2Scaling, undefined);
    assert.deepStrictEqual(withClusterDefaults({ ...network, serverlessV2Scaling: { minCapacity: 2, maxCapacity: 16 } }).serverlessV2Scaling, { minCapacity: 2, maxCapacity: 16 });
  });

  it("hands out a copy of the default scaling, so a caller cannot change the default", () => {
    const a = withClusterDefaults(network);
    (a.serverlessV2Scaling as { maxCapacity: number }).maxCapacity = 64;
    assert.deepStrictEqual(withClusterDefaults(network).serverlessV2Scaling, { minCapacity: 0.5, maxCapacity: 4 });
  });

  it("keeps explicit values, false and 0 included", () => {
    const k = withClusterDefaults({ ...network, readers: 2, backupRetentionDays: 1, deletionProtection: true, skipFinalSnapshot: true, rotation: { rotateImmediately: false } });
    assert.strictEqual(k.readers, 2);
    assert.strictEqual(k.backupRetentionDays, 1);
    assert.strictEqual(k.deletionProtection, true);
    assert.strictEqual(k.skipFinalSnapshot, true);
    assert.strictEqual(k.rotation.rotateImmediately, false);
  });

  it("falls back to the default engine's facts for an engine that is not Aurora's (validation refuses it first)", () => {
    const p = withClusterDefaults({ ...network, engine: "postgres" as never });
    assert.strictEqual(p.engineVersion, "17.7");
    assert.strictEqual(p.port, 5432);
  });

  it("resolves every shared argument exactly as withDefaults does", () => {
    const shared = {
      ...network,
      allowedSecurityGroupIds: ["sg-0123456789abcdef0"],
      allowedCidrBlocks: ["10.0.0.0/16"],
      secretsManagerAccess: { natGateway: true as const },
      dbName: "orders",
      masterUsername: "owner",
      deletionProtection: true,
      applyImmediately: true,
      allowMajorVersionUpgrade: true,
      backupRetentionDays: 14,
      skipFinalSnapshot: true,
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1",
      proxy: { iamAuth: true },
      rotation: { strategy: "alternating-users" as const, applicationUsername: "app", schedule: "rate(1 day)", duration: "2h" },
      alerts: { email: "ops@example.com" },
      logRetentionDays: 90,
      tags: { team: "data" },
    } satisfies Partial<RotatedDatabaseArgs> & Partial<RotatedClusterArgs>;
    const fromInstance = withDefaults({ ...shared, engine: "postgres", engineVersion: "16" });
    const fromCluster = withClusterDefaults({ ...shared, engine: "aurora-postgresql", engineVersion: "16" });
    const omit = <T extends object>(o: T, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
    assert.deepStrictEqual(
      omit(fromCluster, ["engine", "instanceClass", "serverlessV2Scaling", "readers"]),
      omit(fromInstance, ["engine", "instanceClass", "allocatedStorage", "multiAz"]),
    );
    assert.deepStrictEqual(fromCluster.proxy, { iamAuth: true, directAccess: false, idleClientTimeout: 1800, maxConnectionsPercent: 90, connectionBorrowTimeout: 120 });
  });
});
