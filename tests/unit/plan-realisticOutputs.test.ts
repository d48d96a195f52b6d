// What the offline mocks answer for Aurora clusters, their instances and RDS Proxy: AWS's formats
// (the plan shows them, and the components parse some of them), the same answer on every run, and a
// new identity exactly when the provider would replace the resource.
import * as assert from "assert";
import { mockedAccount, realisticCall, realisticState } from "../../plan/realisticOutputs";

const ctx = { region: "eu-west-1", accountId: "123456789012" };
const CLUSTER = "aws:rds/cluster:Cluster";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const INSTANCE = "aws:rds/instance:Instance";

function stateOf(type: string, name: string, inputs: Record<string, unknown> = {}) {
  return realisticState(type, name, inputs, ctx);
}

const clusterInputs = { engine: "aurora-postgresql", clusterIdentifier: "orders", masterUsername: "dbadmin", databaseName: "app" };

describe("realisticState for Aurora and RDS Proxy", () => {
  describe("aws:rds/cluster:Cluster", () => {
    it("names itself after clusterIdentifier, with writer and reader endpoints on the account's RDS host", () => {
      const { id, state } = stateOf(CLUSTER, "orders-cluster", clusterInputs);
      assert.strictEqual(id, "orders");
      assert.strictEqual(state.clusterIdentifier, "orders");
      assert.match(String(state.endpoint), /^orders\.cluster-c[0-9a-f]{11}\.eu-west-1\.rds\.amazonaws\.com$/);
      assert.match(String(state.readerEndpoint), /^orders\.cluster-ro-c[0-9a-f]{11}\.eu-west-1\.rds\.amazonaws\.com$/);
      assert.strictEqual(state.arn, "arn:aws:rds:eu-west-1:123456789012:cluster:orders");
      assert.match(String(state.clusterResourceId), /^cluster-[0-9A-F]{26}$/);
      // One host hash per account and region, as for instances in the same account.
      const instance = stateOf(INSTANCE, "x", { identifier: "x", engine: "postgres" }).state;
      assert.strictEqual(String(state.endpoint).split(".")[1], `cluster-${String(instance.address).split(".")[1]}`);
    });

    it("takes a physical name when no identifier is given, and the port from the engine", () => {
      const pg = stateOf(CLUSTER, "a-cluster", { engine: "aurora-postgresql" });
      const my = stateOf(CLUSTER, "a-cluster", { engine: "aurora-mysql" });
      assert.match(pg.id, /^a-cluster-[0-9a-f]{7}$/);
      assert.strictEqual(pg.state.port, 5432);
      assert.strictEqual(my.state.port, 3306);
      assert.strictEqual(stateOf(CLUSTER, "a", { engine: "aurora-mysql", port: 3307 }).state.port, 3307);
    });

    it("reports the master secret RDS manages only with manageMasterUserPassword", () => {
      assert.strictEqual(stateOf(CLUSTER, "c", clusterInputs).state.masterUserSecrets, undefined);
      const { state } = stateOf(CLUSTER, "c", { ...clusterInputs, manageMasterUserPassword: true, masterUserSecretKmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k" });
      const [secret] = state.masterUserSecrets as Array<Record<string, string>>;
      assert.match(secret.secretArn, /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{6}$/);
      assert.strictEqual(secret.kmsKeyId, "arn:aws:kms:eu-west-1:123456789012:key/k");
      assert.strictEqual(secret.secretStatus, "active");
    });

    it("answers the same on every run", () => {
      const a = stateOf(CLUSTER, "c", { ...clusterInputs, manageMasterUserPassword: true });
      const b = stateOf(CLUSTER, "c", { ...clusterInputs, manageMasterUserPassword: true });
      assert.deepStrictEqual(a, b);
    });

    it("gets a new identity when an input the provider replaces it for changes, and keeps it otherwise", () => {
      const identity = (inputs: Record<string, unknown>) => {
        const { state } = stateOf(CLUSTER, "c", { ...inputs, manageMasterUserPassword: true });
        return [state.clusterResourceId, (state.masterUserSecrets as Array<{ secretArn: string }>)[0].secretArn.split("rds!")[1]];
      };
      const before = identity(clusterInputs);
      for (const change of [{ engine: "aurora-mysql" }, { databaseName: "other" }, { masterUsername: "root" }, { kmsKeyId: "arn:k" }, { clusterIdentifier: "orders2" }]) {
        const after = identity({ ...clusterInputs, ...change });
        assert.notStrictEqual(after[0], before[0], `clusterResourceId after ${JSON.stringify(change)}`);
        assert.notStrictEqual(after[1], before[1], `master secret after ${JSON.stringify(change)}`);
      }
      assert.deepStrictEqual(identity({ ...clusterInputs, engineVersion: "16.4", backupRetentionPeriod: 14, deletionProtection: true }), before);
    });

    it("does not share a master secret name with an instance of the same name", () => {
      const c = stateOf(CLUSTER, "n", { manageMasterUserPassword: true }).state.masterUserSecrets as Array<{ secretArn: string }>;
      const i = stateOf(INSTANCE, "n", { manageMasterUserPassword: true }).state.masterUserSecrets as Array<{ secretArn: string }>;
      assert.match(i[0].secretArn, /secret:rds!db-/);
      assert.notStrictEqual(c[0].secretArn.split("-").slice(1).join("-"), i[0].secretArn.split("-").slice(1).join("-"));
    });
  });

  describe("aws:rds/clusterInstance:ClusterInstance", () => {
    const writer = { identifier: "orders-writer", clusterIdentifier: "orders", engine: "aurora-postgresql", promotionTier: 0 };

    it("has an instance endpoint, ARN and dbiResourceId of its own", () => {
      const { id, state } = stateOf(CLUSTER_INSTANCE, "orders-writer", writer);
      assert.strictEqual(id, "orders-writer");
      assert.match(String(state.endpoint), /^orders-writer\.c[0-9a-f]{11}\.eu-west-1\.rds\.amazonaws\.com$/);
      assert.strictEqual(state.arn, "arn:aws:rds:eu-west-1:123456789012:db:orders-writer");
      assert.match(String(state.dbiResourceId), /^db-[0-9A-F]{26}$/);
      assert.strictEqual(state.port, 5432);
      assert.strictEqual(stateOf(CLUSTER_INSTANCE, "m", { engine: "aurora-mysql" }).state.port, 3306);
    });

    it("is the writer at promotion tier 0 (or none) and a reader above it", () => {
      assert.strictEqual(stateOf(CLUSTER_INSTANCE, "w", writer).state.writer, true);
      assert.strictEqual(stateOf(CLUSTER_INSTANCE, "w", { ...writer, promotionTier: undefined }).state.writer, true);
      assert.strictEqual(stateOf(CLUSTER_INSTANCE, "r", { ...writer, identifier: "orders-reader-1", promotionTier: 1 }).state.writer, false);
    });

    it("keeps its dbiResourceId across runs and gets a new one when moved to another cluster", () => {
      const a = stateOf(CLUSTER_INSTANCE, "w", writer).state.dbiResourceId;
      assert.strictEqual(stateOf(CLUSTER_INSTANCE, "w", { ...writer, instanceClass: "db.r6g.large" }).state.dbiResourceId, a);
      assert.notStrictEqual(stateOf(CLUSTER_INSTANCE, "w", { ...writer, clusterIdentifier: "other" }).state.dbiResourceId, a);
    });
  });

  it("names a cluster parameter group and gives it a cluster-pg ARN", () => {
    const { id, state } = stateOf("aws:rds/clusterParameterGroup:ClusterParameterGroup", "orders-cluster-params", { family: "aurora-postgresql16" });
    assert.match(id, /^orders-cluster-params-[0-9a-f]{7}$/);
    assert.strictEqual(state.name, id);
    assert.strictEqual(state.arn, `arn:aws:rds:eu-west-1:123456789012:cluster-pg:${id}`);
  });

  describe("RDS Proxy", () => {
    it("gives the proxy a proxy endpoint and a db-proxy ARN with a prx- id", () => {
      const { id, state } = stateOf("aws:rds/proxy:Proxy", "orders-proxy", { name: "orders-proxy", engineFamily: "POSTGRESQL" });
      assert.strictEqual(id, "orders-proxy");
      assert.match(String(state.endpoint), /^orders-proxy\.proxy-c[0-9a-f]{11}\.eu-west-1\.rds\.amazonaws\.com$/);
      assert.match(String(state.arn), /^arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-[0-9a-f]{17}$/);
      assert.deepStrictEqual(stateOf("aws:rds/proxy:Proxy", "orders-proxy", { name: "orders-proxy" }).state.arn, state.arn);
      assert.match(stateOf("aws:rds/proxy:Proxy", "p", {}).id, /^p-[0-9a-f]{7}$/);
    });

    it("names the default target group \"default\" and ids it by its proxy", () => {
      const { id, state } = stateOf("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "orders-proxy-targets", { dbProxyName: "orders-proxy" });
      assert.strictEqual(id, "orders-proxy");
      assert.strictEqual(state.name, "default");
      assert.match(String(state.arn), /^arn:aws:rds:eu-west-1:123456789012:target-group:prx-tg-[0-9a-f]{17}$/);
    });

    it("registers an instance target with its endpoint and a cluster target as a tracked cluster", () => {
      const instance = stateOf("aws:rds/proxyTarget:ProxyTarget", "t", { dbProxyName: "p", targetGroupName: "default", dbInstanceIdentifier: "app" });
      assert.strictEqual(instance.id, "p/default/RDS_INSTANCE/app");
      assert.strictEqual(instance.state.type, "RDS_INSTANCE");
      assert.strictEqual(instance.state.targetArn, "arn:aws:rds:eu-west-1:123456789012:db:app");
      assert.strictEqual(instance.state.endpoint, stateOf(INSTANCE, "x", { identifier: "app" }).state.address);
      const cluster = stateOf("aws:rds/proxyTarget:ProxyTarget", "t", { dbProxyName: "p", targetGroupName: "default", dbClusterIdentifier: "orders" });
      assert.strictEqual(cluster.id, "p/default/TRACKED_CLUSTER/orders");
      assert.strictEqual(cluster.state.trackedClusterId, "orders");
      assert.strictEqual(cluster.state.rdsResourceId, "orders");
    });

    it("gives an extra proxy endpoint its own host name under the proxy's", () => {
      const { id, state } = stateOf("aws:rds/proxyEndpoint:ProxyEndpoint", "ro", { dbProxyName: "p", dbProxyEndpointName: "p-ro", targetRole: "READ_ONLY" });
      assert.strictEqual(id, "p/p-ro");
      assert.match(String(state.endpoint), /^p-ro\.endpoint\.proxy-c[0-9a-f]{11}\.eu-west-1\.rds\.amazonaws\.com$/);
      assert.match(String(state.arn), /^arn:aws:rds:eu-west-1:123456789012:db-proxy-endpoint:prx-endpoint-[0-9a-f]{17}$/);
      assert.strictEqual(state.targetRole, "READ_ONLY");
      assert.strictEqual(state.isDefault, false);
    });
  });
});

describe("realisticCall for cluster lookups", () => {
  afterEach(() => { mockedAccount.rdsClusters = []; mockedAccount.rdsInstances = []; });

  it("finds nothing in a new account", () => {
    const clusters = realisticCall("aws:rds/getClusters:getClusters", { filters: [{ name: "db-cluster-id", values: ["orders"] }] }, ctx);
    assert.deepStrictEqual([clusters.clusterArns, clusters.clusterIdentifiers], [[], []]);
    const tagged = realisticCall("aws:resourcegroupstaggingapi/getResources:getResources", { resourceTypeFilters: ["rds:cluster"], tagFilters: [{ key: "k", values: ["v"] }] }, ctx);
    assert.deepStrictEqual(tagged.resourceTagMappingLists, []);
    assert.strictEqual(tagged.id, "eu-west-1");
  });

  it("finds the clusters the mocked account holds, by identifier and by tag", () => {
    const arn = "arn:aws:rds:eu-west-1:123456789012:cluster:orders";
    mockedAccount.rdsClusters = [{ arn, identifier: "orders", tags: { strategy: "managed", stack: "s" } }];
    mockedAccount.rdsInstances = [{ arn: "arn:aws:rds:eu-west-1:123456789012:db:app", identifier: "app", tags: { strategy: "managed", stack: "s" } }];
    const byId = realisticCall("aws:rds/getClusters:getClusters", { filters: [{ name: "db-cluster-id", values: ["orders"] }] }, ctx);
    assert.deepStrictEqual(byId.clusterIdentifiers, ["orders"]);
    assert.deepStrictEqual(realisticCall("aws:rds/getClusters:getClusters", { filters: [{ name: "engine", values: ["aurora-mysql"] }] }, ctx).clusterArns, []);

    const lookup = (tagFilters: unknown[], resourceTypeFilters = ["rds:cluster"]) =>
      (realisticCall("aws:resourcegroupstaggingapi/getResources:getResources", { resourceTypeFilters, tagFilters }, ctx)
        .resourceTagMappingLists as Array<{ resourceArn: string }>).map((m) => m.resourceArn);
    assert.deepStrictEqual(lookup([{ key: "strategy", values: ["managed"] }, { key: "stack", values: ["s"] }]), [arn]);
    assert.deepStrictEqual(lookup([{ key: "strategy", values: ["single-user"] }]), []);
    assert.deepStrictEqual(lookup([{ key: "strategy" }]), [arn], "a key without values matches any value");
    assert.deepStrictEqual(lookup([{ key: "owner" }]), []);
    assert.strictEqual(lookup([{ key: "strategy", values: ["managed"] }], ["rds"]).length, 2);
    assert.deepStrictEqual(lookup([{ key: "strategy", values: ["managed"] }], ["ec2:instance"]), []);
  });
});
