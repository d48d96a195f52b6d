// RotatedCluster with its defaults (aurora-postgresql, Serverless v2, a writer, single-user, a created
// endpoint) under Pulumi mocks: every assertion compares what the component computed against the
// resources it references, and every output is checked by identity.
import * as assert from "assert";
import { RotatedCluster } from "../../components";
import { NETWORK_INTERFACE_ACTIONS, PolicyDocument } from "../../components/rotationPolicy";
import { writeOnlyVersion } from "../../components/writeOnlyVersion";
import { ROTATED_SECRET_ACTIONS, UNSCOPED_ACTIONS } from "../../rotation-lambda/contract";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { assertOutputsFrom, componentOutputs, rotatedClusterSources } from "./identity";
import { Recorded, SUBNETS, T, VPC, isSecret, missingTags } from "./records";

const REGION = "eu-west-1";

describe("RotatedCluster (single-user, aurora-postgresql, Serverless v2, created endpoint)", () => {
  let rec: Recorded;
  let outputs: Record<string, unknown>;
  const id = (type: string, name: string) => rec.out(type, name, "id");

  before(async () => {
    const run = await recordProgram(() => {
      const cluster = new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, tags: { team: "orders" } });
      return componentOutputs(cluster);
    }, { region: REGION });
    rec = new Recorded(run);
    outputs = run.result as Record<string, unknown>;
  });

  describe("security groups", () => {
    it("creates every group without inline rules in the VPC", () => {
      assert.deepStrictEqual(rec.all(T.sg).map((sg) => sg.name).sort(), ["orders-client-sg", "orders-db-sg", "orders-rotation-sg", "orders-secretsmanager-sg"]);
      for (const sg of rec.all(T.sg)) assert.deepStrictEqual([sg.inputs.ingress, sg.inputs.egress, sg.inputs.vpcId], [undefined, undefined, VPC], sg.name);
    });
    it("admits the cluster port only from the rotation and client groups, and lets the cluster reach nothing", () => {
      assert.deepStrictEqual(rec.rulesOf(T.ingress, id(T.sg, "orders-db-sg")), Recorded.sorted([
        ["tcp", 5432, 5432, id(T.sg, "orders-rotation-sg")],
        ["tcp", 5432, 5432, id(T.sg, "orders-client-sg")],
      ]));
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "orders-db-sg")), []);
    });
    it("lets the rotation function reach only the cluster port and the endpoint on 443", () => {
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "orders-rotation-sg")), Recorded.sorted([
        ["tcp", 5432, 5432, id(T.sg, "orders-db-sg")],
        ["tcp", 443, 443, id(T.sg, "orders-secretsmanager-sg")],
      ]));
      assert.deepStrictEqual(rec.rulesOf(T.ingress, id(T.sg, "orders-rotation-sg")), []);
    });
    it("lets clients reach the cluster port and the endpoint, and the endpoint admit the rotation and client groups only", () => {
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "orders-client-sg")), Recorded.sorted([
        ["tcp", 5432, 5432, id(T.sg, "orders-db-sg")],
        ["tcp", 443, 443, id(T.sg, "orders-secretsmanager-sg")],
      ]));
      assert.deepStrictEqual(rec.rulesOf(T.ingress, id(T.sg, "orders-secretsmanager-sg")), Recorded.sorted([
        ["tcp", 443, 443, id(T.sg, "orders-rotation-sg")],
        ["tcp", 443, 443, id(T.sg, "orders-client-sg")],
      ]));
    });
    it("opens nothing to a CIDR", () => {
      for (const r of [...rec.all(T.ingress), ...rec.all(T.egress)]) assert.ok(r.inputs.cidrIpv4 === undefined && r.inputs.cidrIpv6 === undefined, r.name);
    });
  });

  describe("cluster", () => {
    it("is an encrypted, provisioned-mode Aurora cluster in its subnet group, behind its security group", () => {
      const c = rec.one(T.cluster, "orders-cluster").inputs;
      assert.deepStrictEqual(
        [c.engine, c.engineVersion, c.engineMode, c.storageEncrypted, c.kmsKeyId, c.dbSubnetGroupName, c.vpcSecurityGroupIds, c.port],
        ["aurora-postgresql", "17.7", "provisioned", true, undefined, rec.out(T.subnetGroup, "orders-subnets", "name"), [id(T.sg, "orders-db-sg")], 5432],
      );
      assert.deepStrictEqual(rec.one(T.subnetGroup, "orders-subnets").inputs.subnetIds, SUBNETS);
    });
    it("scales its db.serverless instances with the default Serverless v2 capacity", () => {
      assert.deepStrictEqual(rec.one(T.cluster).inputs.serverlessv2ScalingConfiguration, { minCapacity: 0.5, maxCapacity: 4 });
      assert.deepStrictEqual(rec.all(T.clusterInstance).map((i) => i.inputs.instanceClass), ["db.serverless"]);
    });
    it("forces TLS through its cluster parameter group, and gives its instances a group of the same family", () => {
      const c = rec.one(T.cluster).inputs;
      const params = rec.one(T.clusterParameterGroup, "orders-cluster-params").inputs;
      assert.strictEqual(c.dbClusterParameterGroupName, rec.out(T.clusterParameterGroup, "orders-cluster-params", "name"));
      assert.deepStrictEqual([params.family, params.parameters], ["aurora-postgresql17", [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }]]);
      const instanceParams = rec.one(T.parameterGroup, "orders-instance-params").inputs;
      assert.deepStrictEqual([instanceParams.family, instanceParams.parameters], ["aurora-postgresql17", undefined]);
      assert.strictEqual(rec.one(T.clusterInstance, "orders-writer").inputs.dbParameterGroupName, rec.out(T.parameterGroup, "orders-instance-params", "name"));
      // Only a major upgrade may name the instance group on the cluster (ModifyDBCluster).
      assert.strictEqual(c.dbInstanceParameterGroupName, undefined);
    });
    it("takes the first password write-only, as a secret, from the stateful password, and keeps a final snapshot", () => {
      const c = rec.one(T.cluster).inputs;
      assert.ok(isSecret(c.masterPasswordWo), "masterPasswordWo must be a Pulumi secret");
      assert.deepStrictEqual([c.masterPassword, c.masterPasswordWoVersion, c.manageMasterUserPassword, c.masterUserSecretKmsKeyId], [undefined, 1, undefined, undefined]);
      assert.strictEqual(unwrapSecrets(c.masterPasswordWo), unwrapSecrets(rec.one(T.password, "orders-password").state.password));
      assert.deepStrictEqual([c.masterUsername, c.databaseName, c.skipFinalSnapshot, c.copyTagsToSnapshot, c.backupRetentionPeriod], ["dbadmin", "app", false, true, 7]);
      assert.match(String(c.finalSnapshotIdentifier), /^orders-final-[0-9a-f]{16}$/);
      assert.deepStrictEqual([c.deletionProtection, c.applyImmediately, c.allowMajorVersionUpgrade], [false, false, false]);
    });
    it("ignores only the plain master password, and is neither protected nor retained without deletion protection", () => {
      const o = rec.options(T.cluster, "orders-cluster");
      assert.deepStrictEqual([o.ignoreChanges, o.protect, o.retainOnDelete], [["masterPassword"], undefined, false]);
    });
    it("tags the cluster with its strategy and stack, for the strategy check", () => {
      const tags = rec.one(T.cluster).inputs.tags as Record<string, string>;
      assert.deepStrictEqual([tags["rotated-rds:strategy"], tags["rotated-rds:stack"], tags["rotated-rds:database"]], ["single-user", "rotated-rds/test", "orders"]);
    });
    it("has one private writer instance, first in line for promotion, in the cluster", () => {
      assert.deepStrictEqual(rec.all(T.clusterInstance).map((i) => i.name), ["orders-writer"]);
      const w = rec.one(T.clusterInstance, "orders-writer").inputs;
      assert.deepStrictEqual(
        [w.clusterIdentifier, w.engine, w.engineVersion, w.publiclyAccessible, w.promotionTier, w.dbSubnetGroupName, w.autoMinorVersionUpgrade],
        [id(T.cluster, "orders-cluster"), "aurora-postgresql", undefined, false, 0, rec.out(T.subnetGroup, "orders-subnets", "name"), true],
      );
    });
  });

  describe("secret", () => {
    it("holds the cluster's writer endpoint, its identifier and the Aurora engine string, and no instance identifier", () => {
      const v = rec.one(T.secretVersion, "orders-secret-initial").inputs;
      assert.ok(isSecret(v.secretStringWo), "secretStringWo must be a Pulumi secret");
      const json = JSON.parse(String(unwrapSecrets(v.secretStringWo))) as Record<string, unknown>;
      assert.deepStrictEqual(Object.keys(json), ["engine", "host", "port", "username", "password", "dbname", "dbClusterIdentifier"]);
      assert.deepStrictEqual(json, {
        engine: "aurora-postgresql",
        host: rec.out(T.cluster, "orders-cluster", "endpoint"),
        port: 5432,
        username: "dbadmin",
        password: unwrapSecrets(rec.one(T.cluster).inputs.masterPasswordWo),
        dbname: "app",
        dbClusterIdentifier: rec.out(T.cluster, "orders-cluster", "clusterIdentifier"),
      });
      assert.notStrictEqual(json.host, rec.out(T.cluster, "orders-cluster", "readerEndpoint"));
    });
    it("numbers its first value after the cluster's resource id, so a replaced cluster gets a new one", () => {
      const v = rec.one(T.secretVersion, "orders-secret-initial").inputs;
      assert.strictEqual(v.secretStringWoVersion, writeOnlyVersion(String(rec.out(T.cluster, "orders-cluster", "clusterResourceId"))));
      const o = rec.options(T.secretVersion, "orders-secret-initial");
      assert.deepStrictEqual([o.ignoreChanges, o.deleteBeforeReplace], [["secretString", "versionStages"], true]);
    });
  });

  describe("IAM", () => {
    let policy: PolicyDocument;
    before(() => { policy = rec.json(T.rolePolicy, "orders-rotation-policy", "policy") as PolicyDocument; });

    it("scopes the rotation policy to this secret, its log group and GetRandomPassword", () => {
      assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["RotateSecret", "GeneratePassword", "WriteLogs"]);
      const s = policy.Statement.find((x) => x.Sid === "RotateSecret");
      assert.deepStrictEqual([s?.Action, s?.Resource], [[...ROTATED_SECRET_ACTIONS], rec.out(T.secret, "orders-secret", "arn")]);
      const wildcard = policy.Statement.filter((x) => x.Resource === "*" || (Array.isArray(x.Resource) && x.Resource.includes("*")));
      assert.deepStrictEqual(wildcard.flatMap((x) => x.Action).sort(), [...UNSCOPED_ACTIONS].sort());
      assert.strictEqual(policy.Statement.find((x) => x.Sid === "WriteLogs")?.Resource, `${rec.out(T.logGroup, "orders-rotation-logs", "arn")}:*`);
      const vpc = rec.json(T.rolePolicy, "orders-rotation-vpc-policy", "policy") as PolicyDocument;
      assert.deepStrictEqual(vpc.Statement.flatMap((x) => x.Action).sort(), [...NETWORK_INTERFACE_ACTIONS].sort());
    });
    it("lets Secrets Manager invoke the function for this secret and account only", () => {
      const p = rec.one(T.permission).inputs;
      assert.deepStrictEqual([p.function, p.sourceArn, p.sourceAccount], [rec.out(T.fn, "orders-rotation", "name"), rec.out(T.secret, "orders-secret", "arn"), "123456789012"]);
    });
  });

  describe("rotation", () => {
    it("runs the function in the cluster's subnets with the rotation group, under a name of its own", () => {
      const f = rec.one(T.fn, "orders-rotation").inputs;
      assert.deepStrictEqual(f.vpcConfig, { subnetIds: SUBNETS, securityGroupIds: [id(T.sg, "orders-rotation-sg")] });
      assert.match(String(f.name), /^orders-rotation-[0-9a-f]{8}$/);
    });
    it("starts the first rotation only once the cluster, its writer, the initial value, the function and the network path exist", () => {
      const expected = [
        [T.permission, "orders-rotation-invoke"], [T.rolePolicy, "orders-rotation-policy"], [T.rolePolicy, "orders-rotation-vpc-policy"], [T.fn, "orders-rotation"],
        [T.cluster, "orders-cluster"], [T.clusterInstance, "orders-writer"], [T.secretVersion, "orders-secret-initial"],
        [T.ingress, "orders-db-from-rotation"], [T.egress, "orders-rotation-to-database"], [T.egress, "orders-rotation-to-secretsmanager"],
        [T.ingress, "orders-endpoint-from-rotation"], [T.vpce, "orders-secretsmanager-endpoint"],
      ].map(([type, name]) => `${type} ${name}`);
      const actual = rec.dependencies(T.rotation, "orders-rotation-schedule");
      assert.deepStrictEqual(expected.filter((d) => !actual.includes(d)), [], `${T.rotation} orders-rotation-schedule must wait for these; waits for ${actual.join(", ")}`);
      // The writer feeds no input of the schedule: only dependsOn can order it.
      assert.ok(rec.dependsOn(T.rotation, "orders-rotation-schedule").includes(`${T.clusterInstance} orders-writer`));
    });
    it("rotates our secret with our function every 4 hours, at once", () => {
      const r = rec.one(T.rotation).inputs;
      assert.deepStrictEqual(
        [r.secretId, r.rotationLambdaArn, r.rotationRules, r.rotateImmediately],
        [rec.out(T.secret, "orders-secret", "arn"), rec.out(T.fn, "orders-rotation", "arn"), { scheduleExpression: "rate(4 hours)", duration: "1h" }, true],
      );
    });
    it("alerts on rotation failures of this secret and on the function's errors", () => {
      const pattern = rec.json(T.eventRule, "orders-rotation-failed", "eventPattern") as { detail: { additionalEventData: { SecretId: string[] } } };
      assert.deepStrictEqual(pattern.detail.additionalEventData.SecretId, [rec.out(T.secret, "orders-secret", "arn")]);
      assert.deepStrictEqual(rec.one(T.alarm).inputs.dimensions, { FunctionName: rec.out(T.fn, "orders-rotation", "name") });
    });
  });

  describe("structure", () => {
    it("parents every child to the cluster component (the endpoint's own children to the endpoint)", () => {
      const component = rec.one(T.clusterComponent, "orders");
      const endpoint = rec.one(T.endpointComponent);
      assert.strictEqual(endpoint.parent, component.urn);
      for (const r of rec.record.resources.filter((x) => x !== component)) {
        const expected = ["orders-secretsmanager-sg", "orders-secretsmanager-endpoint"].includes(r.name) ? endpoint.urn : component.urn;
        assert.strictEqual(r.parent, expected, `${r.type} ${r.name}`);
      }
    });
    it("tags every taggable child with the user's tags and the component name", () => {
      const endpoint = rec.one(T.endpointComponent).urn;
      assert.deepStrictEqual(missingTags(rec.record.resources.filter((r) => r.parent !== endpoint), { team: "orders", "rotated-rds:database": "orders" }), []);
    });
    it("looks up, in one query, the clusters of this stack and component (for the strategy check and the running version)", () => {
      const lookups = rec.record.calls.filter((c) => c.token === "aws:resourcegroupstaggingapi/getResources:getResources");
      assert.deepStrictEqual(lookups.map((c) => c.inputs), [{
        resourceTypeFilters: ["rds:cluster"],
        tagFilters: [{ key: "rotated-rds:database", values: ["orders"] }, { key: "rotated-rds:stack", values: ["rotated-rds/test"] }],
      }]);
      // Nothing found on a first deploy: nothing to confirm with getClusters, no version to read.
      assert.deepStrictEqual(rec.record.calls.filter((c) => /getClusters?:/.test(c.token)), []);
    });
  });

  describe("outputs", () => {
    it("come from the resources they name", () => {
      assertOutputsFrom("orders", outputs, rotatedClusterSources(rec.record.resources, "orders", { strategy: "single-user", region: REGION }), rec.record.resources);
    });
  });
});
