// RotatedCluster for every strategy and both Aurora engines, provisioned with readers and Serverless
// v2: the master password, the secret's fields, IAM scoped to the secrets, the TLS parameter per
// engine, readers, and every output by identity.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { RotatedCluster } from "../../components";
import type { PolicyDocument } from "../../components/rotationPolicy";
import type { ClusterEngine, RotatedClusterArgs, RotationStrategy } from "../../components/types";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { assertOutputsFrom, componentOutputs, expectedApplicationPolicy, managedClusterSecretArn, rotatedClusterSources } from "./identity";
import { Recorded, SUBNETS, T, VPC, isSecret, missingTags } from "./records";

const REGION = "eu-west-1";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const ENGINES: Record<ClusterEngine, { port: number; family: string; tls: { name: string; value: string }; version: string }> = {
  "aurora-postgresql": { port: 5432, family: "aurora-postgresql17", tls: { name: "rds.force_ssl", value: "1" }, version: "17.7" },
  "aurora-mysql": { port: 3306, family: "aurora-mysql8.0", tls: { name: "require_secure_transport", value: "ON" }, version: "8.0.mysql_aurora.3.10.3" },
};
const STRATEGIES: RotationStrategy[] = ["single-user", "alternating-users", "managed"];

async function record(args: Partial<RotatedClusterArgs>): Promise<{ rec: Recorded; outputs: Record<string, unknown> }> {
  const run = await recordProgram(() => componentOutputs(new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS, tags: { team: "orders" }, ...args })), { region: REGION });
  return { rec: new Recorded(run), outputs: run.result as Record<string, unknown> };
}

const rotationOf = (strategy: RotationStrategy): RotatedClusterArgs["rotation"] =>
  strategy === "alternating-users" ? { strategy, applicationUsername: "orders_app" } : { strategy };

for (const engine of Object.keys(ENGINES) as ClusterEngine[]) {
  const facts = ENGINES[engine];
  for (const strategy of STRATEGIES) {
    describe(`RotatedCluster (${strategy}, ${engine})`, () => {
      let rec: Recorded;
      let outputs: Record<string, unknown>;
      before(async () => ({ rec, outputs } = await record({ engine, rotation: rotationOf(strategy) })));
      const managedArn = () => managedClusterSecretArn(rec.record.resources, "orders").value;

      it("forces TLS with the engine's cluster parameter and family, and the instance group of the same family", () => {
        const p = rec.one(T.clusterParameterGroup, "orders-cluster-params").inputs;
        assert.deepStrictEqual([p.family, p.parameters], [facts.family, [{ ...facts.tls, applyMethod: "pending-reboot" }]]);
        assert.strictEqual(rec.one(T.parameterGroup, "orders-instance-params").inputs.family, facts.family);
        const c = rec.one(T.cluster).inputs;
        assert.deepStrictEqual([c.engine, c.engineVersion, c.port], [engine, facts.version, facts.port]);
      });
      if (strategy === "single-user") {
        it("creates the cluster with the write-only password the secret holds", () => {
          const c = rec.one(T.cluster).inputs;
          assert.deepStrictEqual([c.manageMasterUserPassword, c.masterPasswordWoVersion], [undefined, 1]);
          assert.ok(isSecret(c.masterPasswordWo));
        });
      } else {
        it("lets RDS manage the master password: none in Pulumi state", () => {
          const c = rec.one(T.cluster).inputs;
          assert.deepStrictEqual([c.manageMasterUserPassword, c.masterPassword, c.masterPasswordWo, c.masterPasswordWoVersion], [true, undefined, undefined, undefined]);
        });
      }
      if (strategy === "managed") {
        it("creates no function, role, endpoint or secret of its own, and schedules RDS's own rotation of its secret", () => {
          for (const type of [T.fn, T.permission, T.role, T.rolePolicy, T.logGroup, T.vpce, T.endpointComponent, T.secret, T.secretVersion, T.alarm, T.password]) {
            assert.deepStrictEqual(rec.all(type).map((r) => r.name), [], type);
          }
          const r = rec.one(T.rotation).inputs;
          assert.deepStrictEqual([r.secretId, r.rotationLambdaArn], [managedArn(), undefined]);
          const deps = rec.dependsOn(T.rotation, "orders-rotation-schedule");
          assert.ok(deps.includes(`${T.clusterInstance} orders-writer`), `the schedule must wait for the writer; waits for ${deps.join(", ")}`);
        });
        it("admits the cluster port from clients only", () => {
          assert.deepStrictEqual(rec.rulesOf(T.ingress, rec.one(T.sg, "orders-db-sg").id), [["tcp", facts.port, facts.port, rec.one(T.sg, "orders-client-sg").id]]);
        });
      } else {
        it("writes the secret's fields: the writer endpoint, dbClusterIdentifier and the RDS engine string", () => {
          const json = JSON.parse(String(unwrapSecrets(rec.one(T.secretVersion).inputs.secretStringWo))) as Record<string, unknown>;
          const expectedKeys = ["engine", "host", "port", "username", "password", "dbname", "dbClusterIdentifier", ...(strategy === "alternating-users" ? ["masterarn"] : [])];
          assert.deepStrictEqual(Object.keys(json), expectedKeys);
          assert.deepStrictEqual(
            [json.engine, json.host, json.port, json.dbClusterIdentifier, json.username],
            [engine, rec.out(T.cluster, "orders-cluster", "endpoint"), facts.port, rec.out(T.cluster, "orders-cluster", "clusterIdentifier"), strategy === "single-user" ? "dbadmin" : "orders_app"],
          );
          if (strategy === "alternating-users") {
            assert.strictEqual(json.masterarn, managedArn());
            // A password the database has never seen, drawn for the application user.
            assert.strictEqual(json.password, unwrapSecrets(rec.one(T.password, "orders-password").state.password));
          }
        });
        it("scopes the rotation policy to our secret (and, for alternating-users, reading the master secret)", () => {
          const policy = rec.json(T.rolePolicy, "orders-rotation-policy", "policy") as PolicyDocument;
          assert.strictEqual(policy.Statement.find((s) => s.Sid === "RotateSecret")?.Resource, rec.out(T.secret, "orders-secret", "arn"));
          const master = policy.Statement.find((s) => s.Sid === "ReadMasterSecret");
          if (strategy === "alternating-users") assert.deepStrictEqual([master?.Action, master?.Resource], [["secretsmanager:GetSecretValue"], managedArn()]);
          else assert.strictEqual(master, undefined);
        });
        it("admits the cluster port from the rotation and client groups", () => {
          assert.deepStrictEqual(rec.rulesOf(T.ingress, rec.one(T.sg, "orders-db-sg").id), Recorded.sorted([
            ["tcp", facts.port, facts.port, rec.one(T.sg, "orders-rotation-sg").id],
            ["tcp", facts.port, facts.port, rec.one(T.sg, "orders-client-sg").id],
          ]));
          assert.deepStrictEqual(rec.rulesOf(T.egress, rec.one(T.sg, "orders-rotation-sg").id), Recorded.sorted([
            ["tcp", facts.port, facts.port, rec.one(T.sg, "orders-db-sg").id],
            ["tcp", 443, 443, rec.one(T.sg, "orders-secretsmanager-sg").id],
          ]));
        });
      }
      it("tags every taggable child", () => {
        assert.deepStrictEqual(missingTags(rec.record.resources.filter((r) => !r.name.startsWith("orders-secretsmanager-")), { team: "orders", "rotated-rds:database": "orders" }), []);
      });
      it("outputs by identity", () => {
        assertOutputsFrom("orders", outputs, rotatedClusterSources(rec.record.resources, "orders", { strategy, region: REGION }), rec.record.resources);
      });
    });
  }
}

describe("RotatedCluster (provisioned, two readers, aurora-mysql)", () => {
  let rec: Recorded;
  let outputs: Record<string, unknown>;
  before(async () => ({ rec, outputs } = await record({ engine: "aurora-mysql", instanceClass: "db.r7g.large", readers: 2 })));

  it("creates a writer and <name>-reader-1, <name>-reader-2 of the class, in promotion order", () => {
    const instances = rec.all(T.clusterInstance);
    assert.deepStrictEqual(instances.map((i) => [i.name, i.inputs.instanceClass, i.inputs.promotionTier]).sort(), [
      ["orders-reader-1", "db.r7g.large", 1], ["orders-reader-2", "db.r7g.large", 2], ["orders-writer", "db.r7g.large", 0],
    ]);
    for (const i of instances) {
      assert.deepStrictEqual(
        [i.inputs.clusterIdentifier, i.inputs.engine, i.inputs.publiclyAccessible, i.inputs.dbParameterGroupName],
        [rec.out(T.cluster, "orders-cluster", "id"), "aurora-mysql", false, rec.out(T.parameterGroup, "orders-instance-params", "name")],
        i.name,
      );
    }
  });
  it("creates the readers after the writer, which RDS makes the writer as the first instance", () => {
    for (const reader of ["orders-reader-1", "orders-reader-2"]) {
      assert.deepStrictEqual(rec.dependsOn(T.clusterInstance, reader), [`${T.clusterInstance} orders-writer`], reader);
    }
    assert.deepStrictEqual(rec.dependsOn(T.clusterInstance, "orders-writer"), []);
  });
  it("sets no Serverless v2 scaling with a provisioned class", () => {
    assert.strictEqual(rec.one(T.cluster).inputs.serverlessv2ScalingConfiguration, undefined);
  });
  it("outputs the reader endpoint and the cluster identifier by identity", () => {
    assertOutputsFrom("orders", outputs, rotatedClusterSources(rec.record.resources, "orders", { strategy: "single-user", region: REGION }), rec.record.resources);
    assert.notStrictEqual(outputs.readerEndpoint, outputs.address);
  });
});

describe("RotatedCluster (Serverless v2 with a capacity, one reader)", () => {
  it("passes the capacity to the cluster and makes every instance db.serverless", async () => {
    const { rec } = await record({ instanceClass: "db.serverless", serverlessV2Scaling: { minCapacity: 1.5, maxCapacity: 32 }, readers: 1 });
    assert.deepStrictEqual(rec.one(T.cluster).inputs.serverlessv2ScalingConfiguration, { minCapacity: 1.5, maxCapacity: 32 });
    assert.deepStrictEqual(rec.all(T.clusterInstance).map((i) => [i.name, i.inputs.instanceClass]).sort(), [["orders-reader-1", "db.serverless"], ["orders-writer", "db.serverless"]]);
  });
});

describe("RotatedCluster (alternating-users, customer KMS key)", () => {
  let rec: Recorded;
  let outputs: Record<string, unknown>;
  before(async () => ({ rec, outputs } = await record({ kmsKeyArn: KEY, rotation: rotationOf("alternating-users") })));

  it("encrypts the storage, our secret and the RDS-managed master secret with the key", () => {
    const c = rec.one(T.cluster).inputs;
    assert.deepStrictEqual([c.storageEncrypted, c.kmsKeyId, c.masterUserSecretKmsKeyId, rec.one(T.secret).inputs.kmsKeyId], [true, KEY, KEY, KEY]);
  });
  it("lets the function use the key through Secrets Manager only", () => {
    const policy = rec.json(T.rolePolicy, "orders-rotation-policy", "policy") as PolicyDocument;
    const key = policy.Statement.find((s) => s.Sid === "UseSecretKey");
    assert.deepStrictEqual([key?.Resource, key?.Condition], [KEY, { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } }]);
  });
  it("outputs an application policy that decrypts only with the key, by identity", () => {
    assertOutputsFrom("orders", outputs, rotatedClusterSources(rec.record.resources, "orders", { strategy: "alternating-users", region: REGION, kmsKeyArn: KEY }), rec.record.resources);
  });
});

describe("RotatedCluster.grantRead", () => {
  it("attaches the application policy to each role, parented to the cluster, and refuses a second grant", async () => {
    let error: unknown;
    const run = await recordProgram(() => {
      const cluster = new RotatedCluster("orders", { vpcId: VPC, subnetIds: SUBNETS });
      const role = new aws.iam.Role("api-task", { assumeRolePolicy: "{}" });
      cluster.grantRead(role);
      try { cluster.grantRead(role); } catch (e) { error = e; }
    }, { region: REGION });
    const rec = new Recorded(run);
    const grant = rec.one(T.rolePolicy, "orders-read-api-task");
    assert.deepStrictEqual(
      [grant.inputs.role, unwrapSecrets(grant.inputs.policy), grant.parent],
      [rec.out(T.role, "api-task", "id"), expectedApplicationPolicy(String(rec.out(T.secret, "orders-secret", "arn")), REGION), rec.one(T.clusterComponent, "orders").urn],
    );
    assert.match(String((error as Error)?.message), /^RotatedCluster "orders": grantRead already attached orders-read-api-task/);
    assert.strictEqual(rec.all(T.rolePolicy).filter((r) => r.name === "orders-read-api-task").length, 1);
  });
});
