// The alternating-users and managed strategies under Pulumi mocks.
import * as assert from "assert";
import { RotatedDatabase } from "../../components";
import { PolicyDocument } from "../../components/rotationPolicy";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC, isSecret, missingTags } from "./records";

const managedArnOf = (rec: Recorded) => (rec.out(T.instance, "orders-db", "masterUserSecrets") as Array<{ secretArn: string }>)[0].secretArn;

describe("RotatedDatabase (alternating-users, mysql)", () => {
  let rec: Recorded;
  let result: Record<string, unknown>;
  before(async () => {
    const run = await recordProgram(() => {
      const db = new RotatedDatabase("orders", {
        vpcId: VPC, subnetIds: SUBNETS, engine: "mysql",
        rotation: { strategy: "alternating-users", applicationUsername: "orders_app" },
        tags: { team: "orders" },
      });
      return { secretArn: db.secretArn, masterSecretArn: db.masterSecretArn };
    });
    rec = new Recorded(run);
    result = run.result as Record<string, unknown>;
  });

  it("lets RDS manage the master password: none in Pulumi state", () => {
    const i = rec.one(T.instance).inputs;
    assert.deepStrictEqual([i.manageMasterUserPassword, i.password, i.passwordWo, i.username], [true, undefined, undefined, "dbadmin"]);
  });
  it("stores the application user, a fresh secret password and masterarn in the secret", () => {
    const v = rec.one(T.secretVersion).inputs;
    assert.ok(isSecret(v.secretStringWo));
    const json = JSON.parse(String(unwrapSecrets(v.secretStringWo))) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(json), ["engine", "host", "port", "username", "password", "dbname", "dbInstanceIdentifier", "masterarn"]);
    assert.deepStrictEqual([json.engine, json.port, json.username, json.masterarn], ["mysql", 3306, "orders_app", managedArnOf(rec)]);
    assert.strictEqual(typeof json.password, "string");
  });
  it("lets the function read the master secret, and nothing else beyond its own", () => {
    const policy = rec.json(T.rolePolicy, "orders-rotation-policy", "policy") as PolicyDocument;
    const master = policy.Statement.find((s) => s.Sid === "ReadMasterSecret");
    assert.deepStrictEqual([master?.Action, master?.Resource], [["secretsmanager:GetSecretValue"], managedArnOf(rec)]);
    assert.strictEqual(policy.Statement.find((s) => s.Sid === "RotateSecret")?.Resource, rec.out(T.secret, "orders-secret", "arn"));
    // AWS-managed keys need no IAM grant: no KMS statement without a customer key.
    assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["RotateSecret", "ReadMasterSecret", "GeneratePassword", "WriteLogs"]);
  });
  it("forces TLS with the MySQL parameter and family", () => {
    const p = rec.one(T.parameterGroup).inputs;
    assert.deepStrictEqual([p.family, p.parameters], ["mysql8.4", [{ name: "require_secure_transport", value: "1", applyMethod: "pending-reboot" }]]);
  });
  it("rotates our secret with the Lambda and leaves the master secret to RDS", () => {
    const r = rec.one(T.rotation).inputs;
    assert.deepStrictEqual([r.secretId, r.rotationLambdaArn], [rec.out(T.secret, "orders-secret", "arn"), rec.out(T.fn, "orders-rotation", "arn")]);
  });
  it("tags every taggable child", () => {
    assert.deepStrictEqual(missingTags(rec.record.resources, { team: "orders", "rotated-rds:database": "orders" }), []);
  });
  it("outputs both secrets", () => {
    assert.deepStrictEqual([result.secretArn, result.masterSecretArn], [rec.out(T.secret, "orders-secret", "arn"), managedArnOf(rec)]);
  });
});

describe("RotatedDatabase (alternating-users, customer KMS key)", () => {
  const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0000-2222";
  let rec: Recorded;
  before(async () => {
    rec = new Recorded(await recordProgram(() => {
      new RotatedDatabase("orders", {
        vpcId: VPC, subnetIds: SUBNETS, kmsKeyArn: KEY,
        rotation: { strategy: "alternating-users", applicationUsername: "orders_app" },
      });
    }, { region: "eu-west-1" }));
  });

  it("encrypts storage, our secret and the RDS-managed master secret with the key", () => {
    const i = rec.one(T.instance).inputs;
    assert.deepStrictEqual([i.kmsKeyId, i.masterUserSecretKmsKeyId, rec.one(T.secret).inputs.kmsKeyId], [KEY, KEY, KEY]);
  });
  it("lets the function read the master secret and use the key that encrypts both secrets, through Secrets Manager only", () => {
    const policy = rec.json(T.rolePolicy, "orders-rotation-policy", "policy") as PolicyDocument;
    const master = policy.Statement.find((s) => s.Sid === "ReadMasterSecret");
    assert.deepStrictEqual([master?.Action, master?.Resource], [["secretsmanager:GetSecretValue"], managedArnOf(rec)]);
    const key = policy.Statement.find((s) => s.Sid === "UseSecretKey");
    assert.deepStrictEqual(
      [key?.Action, key?.Resource, key?.Condition],
      [["kms:Decrypt", "kms:GenerateDataKey"], KEY, { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } }],
    );
    // The key the instance reports for its master secret is the one the policy grants.
    assert.strictEqual((rec.out(T.instance, "orders-db", "masterUserSecrets") as Array<{ kmsKeyId: string }>)[0].kmsKeyId, key?.Resource);
  });
});

describe("RotatedDatabase (managed, mariadb)", () => {
  let rec: Recorded;
  let result: Record<string, unknown>;
  before(async () => {
    const run = await recordProgram(() => {
      const db = new RotatedDatabase("orders", {
        vpcId: VPC, subnetIds: SUBNETS, engine: "mariadb",
        rotation: { strategy: "managed", schedule: "rate(6 hours)", duration: "2h" },
        tags: { team: "orders" },
      });
      return { secretArn: db.secretArn, masterSecretArn: db.masterSecretArn, rotationFunctionArn: db.rotationFunctionArn, ecsSecrets: db.ecsSecrets };
    });
    rec = new Recorded(run);
    result = run.result as Record<string, unknown>;
  });

  it("creates no Lambda, no endpoint, no rotation group and no secret of its own", () => {
    for (const type of [T.fn, T.permission, T.role, T.rolePolicy, T.logGroup, T.vpce, T.endpointComponent, T.secret, T.secretVersion, T.alarm]) {
      assert.deepStrictEqual(rec.all(type).map((r) => r.name), [], type);
    }
    assert.deepStrictEqual(rec.all(T.sg).map((r) => r.name).sort(), ["orders-client-sg", "orders-db-sg"]);
  });
  it("sets manageMasterUserPassword", () => {
    const i = rec.one(T.instance).inputs;
    assert.deepStrictEqual([i.manageMasterUserPassword, i.passwordWo], [true, undefined]);
  });
  it("applies the schedule to the RDS-managed secret", () => {
    const r = rec.one(T.rotation).inputs;
    assert.deepStrictEqual([r.secretId, r.rotationLambdaArn, r.rotationRules], [managedArnOf(rec), undefined, { scheduleExpression: "rate(6 hours)", duration: "2h" }]);
  });
  it("starts the schedule once the instance exists", () => {
    const deps = rec.dependencies(T.rotation, "orders-rotation-schedule");
    assert.ok(deps.includes(`${T.instance} orders-db`), `${T.rotation} orders-rotation-schedule must wait for the instance; waits for ${deps.join(", ") || "nothing"}`);
  });
  it("admits the database port from clients only", () => {
    assert.deepStrictEqual(rec.rulesOf(T.ingress, rec.one(T.sg, "orders-db-sg").id), [["tcp", 3306, 3306, rec.one(T.sg, "orders-client-sg").id]]);
  });
  it("alerts on rotation failures of the managed secret", () => {
    const pattern = rec.json(T.eventRule, "orders-rotation-failed", "eventPattern") as { detail: { additionalEventData: { SecretId: string[] } } };
    assert.deepStrictEqual(pattern.detail.additionalEventData.SecretId, [managedArnOf(rec)]);
  });
  it("tags every taggable child", () => {
    assert.deepStrictEqual(missingTags(rec.record.resources, { team: "orders", "rotated-rds:database": "orders" }), []);
  });
  it("outputs the managed secret, no function, and ECS entries for what it holds", () => {
    assert.deepStrictEqual([result.secretArn, result.masterSecretArn, result.rotationFunctionArn], [managedArnOf(rec), undefined, undefined]);
    assert.deepStrictEqual(result.ecsSecrets, [
      { name: "DB_USERNAME", valueFrom: `${managedArnOf(rec)}:username::` },
      { name: "DB_PASSWORD", valueFrom: `${managedArnOf(rec)}:password::` },
    ]);
  });
});
