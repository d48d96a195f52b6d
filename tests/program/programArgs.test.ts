// The pure parts of the entry program: the created VPC's arguments and the mapping from a `databases`
// entry to RotatedDatabase or RotatedCluster arguments.
import * as assert from "assert";
import { loadStackConfig } from "../../config";
import type { ClusterDatabaseConfig } from "../../config";
import { validateRotatedClusterArgs } from "../../components/validate";
import { clusterArgs, createdVpcArgs, databaseArgs, needsEndpoint } from "../../program";

describe("createdVpcArgs", () => {
  it("asks for isolated subnets in 2 AZs, no NAT gateway and DNS for the endpoint", () => {
    assert.deepStrictEqual(createdVpcArgs({ mode: "create", cidrBlock: "10.1.0.0/16", availabilityZones: 2 }, { env: "t" }), {
      cidrBlock: "10.1.0.0/16",
      numberOfAvailabilityZones: 2,
      subnetStrategy: "Auto",
      subnetSpecs: [{ type: "Isolated", name: "isolated", cidrMask: 24 }],
      natGateways: { strategy: "None" },
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { env: "t" },
    });
  });
});

describe("databaseArgs", () => {
  const network = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };
  const endpoint = { createEndpoint: true } as const;

  it("passes set settings through, leaves unset ones to the component, and supplies the network", () => {
    const args = databaseArgs({ name: "app", engine: "mysql", rotation: { schedule: "rate(1 day)" } }, { tags: {} }, network, endpoint);
    assert.deepStrictEqual(args, {
      engine: "mysql", rotation: { schedule: "rate(1 day)" }, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], tags: {},
      secretsManagerAccess: { createEndpoint: true },
    });
  });

  it("merges stack tags under the database's own", () => {
    const args = databaseArgs({ name: "app", tags: { team: "db", env: "override" } }, { tags: { env: "dev", owner: "x" } }, network, undefined);
    assert.deepStrictEqual(args.tags, { env: "override", owner: "x", team: "db" });
    assert.ok(!("secretsManagerAccess" in args));
  });

  it("applies the stack's alert e-mail unless the database names its own e-mail or topic", () => {
    assert.deepStrictEqual(databaseArgs({ name: "a" }, { tags: {}, alertEmail: "ops@x.io" }, network, endpoint).alerts, { email: "ops@x.io" });
    assert.deepStrictEqual(databaseArgs({ name: "a", alerts: { email: "db@x.io" } }, { tags: {}, alertEmail: "ops@x.io" }, network, endpoint).alerts, { email: "db@x.io" });
    assert.deepStrictEqual(databaseArgs({ name: "a", alerts: { topicArn: "arn:aws:sns:eu-west-1:1:t" } }, { tags: {}, alertEmail: "ops@x.io" }, network, endpoint).alerts, { topicArn: "arn:aws:sns:eu-west-1:1:t" });
    assert.strictEqual(databaseArgs({ name: "a" }, { tags: {} }, network, endpoint).alerts, undefined);
  });

  it("needs the endpoint for every strategy but managed", () => {
    assert.strictEqual(needsEndpoint({ name: "a" }), true);
    assert.strictEqual(needsEndpoint({ name: "a", rotation: { strategy: "alternating-users", applicationUsername: "u" } }), true);
    assert.strictEqual(needsEndpoint({ name: "a", rotation: { strategy: "managed" } }), false);
  });

  it("needs the endpoint for a cluster the same way", () => {
    assert.strictEqual(needsEndpoint({ name: "a", cluster: {} }), true);
    assert.strictEqual(needsEndpoint({ name: "a", cluster: { engine: "aurora-mysql" }, rotation: { strategy: "managed" } }), false);
  });
});

describe("clusterArgs", () => {
  const network = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] };
  const endpoint = { createEndpoint: true } as const;

  it("lifts the cluster settings to the component's top level next to the shared ones, and supplies the network", () => {
    const db: ClusterDatabaseConfig = {
      name: "orders",
      cluster: { engine: "aurora-postgresql", instanceClass: "db.serverless", serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 }, readers: 1 },
      backupRetentionDays: 7, proxy: { iamAuth: true }, rotation: { strategy: "single-user" },
    };
    assert.deepStrictEqual(clusterArgs(db, { tags: { env: "staging" } }, network, endpoint), {
      engine: "aurora-postgresql", instanceClass: "db.serverless", serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 4 }, readers: 1,
      backupRetentionDays: 7, proxy: { iamAuth: true }, rotation: { strategy: "single-user" },
      vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], tags: { env: "staging" }, secretsManagerAccess: { createEndpoint: true },
    });
  });

  it("leaves every unset setting to RotatedCluster: cluster: {} gives only what the program supplies", () => {
    assert.deepStrictEqual(clusterArgs({ name: "orders", cluster: {} }, { tags: {} }, network, undefined), {
      vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], tags: {},
    });
  });

  it("merges tags and applies the stack's alert e-mail exactly as for an instance", () => {
    const stack = { tags: { env: "staging", owner: "x" }, alertEmail: "ops@x.io" };
    const cluster = clusterArgs({ name: "a", cluster: {}, tags: { env: "override" } }, stack, network, endpoint);
    const instance = databaseArgs({ name: "a", tags: { env: "override" } }, stack, network, endpoint);
    assert.deepStrictEqual([cluster.tags, cluster.alerts], [{ env: "override", owner: "x" }, { email: "ops@x.io" }]);
    assert.deepStrictEqual([cluster.tags, cluster.alerts, cluster.secretsManagerAccess], [instance.tags, instance.alerts, instance.secretsManagerAccess]);
    assert.deepStrictEqual(clusterArgs({ name: "a", cluster: {}, alerts: { topicArn: "arn:aws:sns:eu-west-1:1:t" } }, stack, network, endpoint).alerts,
      { topicArn: "arn:aws:sns:eu-west-1:1:t" });
  });

  it("maps a loaded stack entry: no config key is dropped or renamed on the way to the component", () => {
    const [db] = loadStackConfig({
      "rotated-rds:databases": JSON.stringify({ orders: { cluster: { engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.10.3", readers: 2 }, dbName: "orders", deletionProtection: true } }),
    }).databases;
    assert.ok(db.cluster !== undefined);
    assert.deepStrictEqual(clusterArgs(db, { tags: {} }, network, undefined), {
      engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.10.3", readers: 2, dbName: "orders", deletionProtection: true,
      vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], tags: {},
    });
    // ... and the component accepts what the stack file accepted.
    const real = { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"] };
    assert.deepStrictEqual(validateRotatedClusterArgs(clusterArgs(db, { tags: {} }, real, endpoint)), []);
  });
});
