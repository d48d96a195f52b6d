// RotatedDatabase with its defaults (postgres, single-user, a created endpoint) under Pulumi mocks:
// every assertion compares what the component computed against the resources it references.
import * as assert from "assert";
import { RotatedDatabase } from "../../components";
import { ROTATED_SECRET_ACTIONS, ROTATION_FUNCTION_TIMEOUT_SECONDS, UNSCOPED_ACTIONS } from "../../rotation-lambda/contract";
import { NETWORK_INTERFACE_ACTIONS, PolicyDocument } from "../../components/rotationPolicy";
import { writeOnlyVersion } from "../../components/writeOnlyVersion";
import { recordProgram, unwrapSecrets } from "../../plan/recorder";
import { Recorded, SUBNETS, T, VPC, isSecret, missingTags } from "./records";

describe("RotatedDatabase (single-user, postgres, created endpoint)", () => {
  let rec: Recorded;
  let result: Record<string, unknown>;
  const id = (type: string, name: string) => rec.out(type, name, "id");

  before(async () => {
    const run = await recordProgram(() => {
      const db = new RotatedDatabase("app", { vpcId: VPC, subnetIds: SUBNETS, tags: { team: "data" } });
      return {
        address: db.address, port: db.port, engine: db.engine, secretArn: db.secretArn, masterSecretArn: db.masterSecretArn,
        securityGroupId: db.securityGroupId, clientSecurityGroupId: db.clientSecurityGroupId,
        rotationFunctionArn: db.rotationFunctionArn, alertTopicArn: db.alertTopicArn, ecsSecrets: db.ecsSecrets, ecsEnvironment: db.ecsEnvironment,
      };
    });
    rec = new Recorded(run);
    result = run.result as Record<string, unknown>;
  });

  describe("security groups", () => {
    it("creates every group without inline rules", () => {
      for (const sg of rec.all(T.sg)) {
        assert.strictEqual(sg.inputs.ingress, undefined, sg.name);
        assert.strictEqual(sg.inputs.egress, undefined, sg.name);
        assert.strictEqual(sg.inputs.vpcId, VPC);
      }
    });
    it("admits the database port only from the rotation and client groups", () => {
      assert.deepStrictEqual(rec.rulesOf(T.ingress, id(T.sg, "app-db-sg")), Recorded.sorted([
        ["tcp", 5432, 5432, id(T.sg, "app-rotation-sg")],
        ["tcp", 5432, 5432, id(T.sg, "app-client-sg")],
      ]));
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "app-db-sg")), []);
    });
    it("lets the rotation function reach only the database port and the endpoint on 443", () => {
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "app-rotation-sg")), Recorded.sorted([
        ["tcp", 5432, 5432, id(T.sg, "app-db-sg")],
        ["tcp", 443, 443, id(T.sg, "app-secretsmanager-sg")],
      ]));
      assert.deepStrictEqual(rec.rulesOf(T.ingress, id(T.sg, "app-rotation-sg")), []);
    });
    it("lets clients reach the database port and the Secrets Manager endpoint on 443, nothing else", () => {
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "app-client-sg")), Recorded.sorted([
        ["tcp", 5432, 5432, id(T.sg, "app-db-sg")],
        ["tcp", 443, 443, id(T.sg, "app-secretsmanager-sg")],
      ]));
      assert.strictEqual(rec.one(T.egress, "app-client-to-secretsmanager").parent, rec.one(T.db).urn);
    });
    it("opens nothing to 0.0.0.0/0 or ::/0", () => {
      for (const r of [...rec.all(T.ingress), ...rec.all(T.egress)]) {
        assert.ok(r.inputs.cidrIpv4 === undefined && r.inputs.cidrIpv6 === undefined, r.name);
      }
    });
  });

  describe("Secrets Manager endpoint", () => {
    it("is an interface endpoint with private DNS in the database subnets", () => {
      const e = rec.one(T.vpce);
      assert.deepStrictEqual(
        [e.inputs.serviceName, e.inputs.vpcEndpointType, e.inputs.privateDnsEnabled, e.inputs.subnetIds, e.inputs.securityGroupIds, e.inputs.vpcId],
        ["com.amazonaws.us-east-1.secretsmanager", "Interface", true, SUBNETS, [id(T.sg, "app-secretsmanager-sg")], VPC],
      );
    });
    it("admits 443 from the rotation and client groups only, with the rules parented to the database", () => {
      assert.deepStrictEqual(rec.rulesOf(T.ingress, id(T.sg, "app-secretsmanager-sg")), Recorded.sorted([
        ["tcp", 443, 443, id(T.sg, "app-rotation-sg")],
        ["tcp", 443, 443, id(T.sg, "app-client-sg")],
      ]));
      assert.strictEqual(rec.one(T.ingress, "app-endpoint-from-rotation").parent, rec.one(T.db).urn);
      assert.strictEqual(rec.one(T.ingress, "app-endpoint-from-client").parent, rec.one(T.db).urn);
      assert.deepStrictEqual(rec.rulesOf(T.egress, id(T.sg, "app-secretsmanager-sg")), []);
    });
  });

  describe("IAM", () => {
    let policy: PolicyDocument;
    before(() => { policy = rec.json(T.rolePolicy, "app-rotation-policy", "policy") as PolicyDocument; });

    it("attaches the policy to the rotation role", () => {
      assert.strictEqual(rec.one(T.rolePolicy, "app-rotation-policy").inputs.role, rec.out(T.role, "app-rotation-role", "name"));
      assert.strictEqual(rec.one(T.fn).inputs.role, rec.out(T.role, "app-rotation-role", "arn"));
      const trust = rec.json(T.role, "app-rotation-role", "assumeRolePolicy") as { Statement: Array<{ Principal: unknown }> };
      assert.deepStrictEqual(trust.Statement.map((s) => s.Principal), [{ Service: "lambda.amazonaws.com" }]);
    });
    it("scopes the contract's secret actions to the secret ARN", () => {
      const s = policy.Statement.find((x) => x.Sid === "RotateSecret");
      assert.deepStrictEqual([s?.Action, s?.Resource], [[...ROTATED_SECRET_ACTIONS], rec.out(T.secret, "app-secret", "arn")]);
    });
    it("has no * resource except GetRandomPassword, and the network-interface actions in the VPC policy", () => {
      const wildcard = policy.Statement.filter((s) => s.Resource === "*" || (Array.isArray(s.Resource) && s.Resource.includes("*")));
      assert.deepStrictEqual(wildcard.flatMap((s) => s.Action).sort(), [...UNSCOPED_ACTIONS].sort());
      const vpc = rec.json(T.rolePolicy, "app-rotation-vpc-policy", "policy") as PolicyDocument;
      assert.deepStrictEqual(vpc.Statement.flatMap((s) => s.Action).sort(), [...NETWORK_INTERFACE_ACTIONS].sort());
      assert.strictEqual(rec.one(T.rolePolicy, "app-rotation-vpc-policy").inputs.role, rec.out(T.role, "app-rotation-role", "name"));
    });
    it("writes logs only to its own log group, and reads no other secret", () => {
      assert.strictEqual(policy.Statement.find((s) => s.Sid === "WriteLogs")?.Resource, `${rec.out(T.logGroup, "app-rotation-logs", "arn")}:*`);
      assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["RotateSecret", "GeneratePassword", "WriteLogs"]);
    });
    it("lets Secrets Manager invoke the function for this secret and account only", () => {
      const p = rec.one(T.permission).inputs;
      assert.deepStrictEqual(
        [p.action, p.principal, p.function, p.sourceArn, p.sourceAccount],
        ["lambda:InvokeFunction", "secretsmanager.amazonaws.com", rec.out(T.fn, "app-rotation", "name"), rec.out(T.secret, "app-secret", "arn"), "123456789012"],
      );
    });
  });

  describe("rotation function", () => {
    it("runs the bundle on nodejs22.x arm64 in the database subnets with the rotation group", () => {
      const f = rec.one(T.fn).inputs;
      assert.deepStrictEqual(
        [f.runtime, f.architectures, f.handler, f.timeout, f.vpcConfig],
        ["nodejs22.x", ["arm64"], "index.handler", ROTATION_FUNCTION_TIMEOUT_SECONDS, { subnetIds: SUBNETS, securityGroupIds: [id(T.sg, "app-rotation-sg")] }],
      );
    });
    it("gets its environment from the contract, with no endpoint override", () => {
      assert.deepStrictEqual(rec.one(T.fn).inputs.environment, { variables: {
        EXCLUDE_CHARACTERS: "\"'@/\\`:;,?#%&[]{}()<>|~$ ", PASSWORD_LENGTH: "32", NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem",
      } });
    });
    it("is created after its role's policy, which Lambda checks for the VPC permissions, and after its log group", () => {
      const deps = rec.dependencies(T.fn, "app-rotation");
      assert.ok(deps.includes(`${T.rolePolicy} app-rotation-policy`), `${T.fn} app-rotation must wait for its role's policy (dependsOn); waits for ${deps.join(", ")}`);
      assert.ok(deps.includes(`${T.logGroup} app-rotation-logs`), `${T.fn} app-rotation must wait for its log group; waits for ${deps.join(", ")}`);
    });
    it("logs to /aws/lambda/<name>, a group with 30 days' retention", () => {
      const f = rec.one(T.fn).inputs;
      const logGroup = rec.one(T.logGroup).inputs;
      assert.strictEqual(logGroup.name, `/aws/lambda/${f.name}`);
      assert.strictEqual(logGroup.retentionInDays, 30);
      assert.deepStrictEqual(f.loggingConfig, { logFormat: "JSON", logGroup: logGroup.name });
    });
  });

  describe("rotation", () => {
    it("schedules the function every 4 hours and rotates immediately", () => {
      const r = rec.one(T.rotation).inputs;
      assert.deepStrictEqual(
        [r.secretId, r.rotationLambdaArn, r.rotationRules, r.rotateImmediately],
        [rec.out(T.secret, "app-secret", "arn"), rec.out(T.fn, "app-rotation", "arn"), { scheduleExpression: "rate(4 hours)", duration: "1h" }, true],
      );
    });
    it("waits for the permission, policy, function, database, initial value, network path and endpoint", () => {
      // Only the function feeds the rotation's inputs: dependsOn must add the rest.
      const expected = [
        [T.permission, "app-rotation-invoke"], [T.rolePolicy, "app-rotation-policy"], [T.fn, "app-rotation"],
        [T.instance, "app-db"], [T.secretVersion, "app-secret-initial"],
        [T.ingress, "app-db-from-rotation"], [T.egress, "app-rotation-to-database"], [T.egress, "app-rotation-to-secretsmanager"],
        [T.ingress, "app-endpoint-from-rotation"], [T.vpce, "app-secretsmanager-endpoint"],
      ].map(([type, name]) => `${type} ${name}`);
      const actual = rec.dependencies(T.rotation, "app-rotation-schedule");
      assert.deepStrictEqual(expected.filter((d) => !actual.includes(d)), [], `${T.rotation} app-rotation-schedule must wait for these (dependsOn)`);
    });
    it("generates the initial password with the rotation's own rules, kept in state (no invoke, new on every run)", () => {
      const p = rec.one(T.password, "app-password");
      assert.deepStrictEqual([p.inputs.passwordLength, p.inputs.excludeCharacters], [32, "\"'@/\\`:;,?#%&[]{}()<>|~$ "]);
      assert.deepStrictEqual(rec.record.calls.filter((c) => /getRandomPassword/.test(c.token)), []);
      assert.ok(isSecret(p.state.password), "the generated password must be a Pulumi secret");
      assert.strictEqual(unwrapSecrets(rec.one(T.instance).inputs.passwordWo), unwrapSecrets(p.state.password));
    });
  });

  describe("database", () => {
    it("is encrypted, private, in its subnet group and behind its security group", () => {
      const i = rec.one(T.instance).inputs;
      assert.deepStrictEqual(
        [i.storageEncrypted, i.publiclyAccessible, i.dbSubnetGroupName, i.parameterGroupName, i.vpcSecurityGroupIds],
        [true, false, rec.out(T.subnetGroup, "app-subnets", "name"), rec.out(T.parameterGroup, "app-params", "name"), [id(T.sg, "app-db-sg")]],
      );
      assert.deepStrictEqual(rec.one(T.subnetGroup).inputs.subnetIds, SUBNETS);
    });
    it("forces TLS through the parameter group", () => {
      const p = rec.one(T.parameterGroup).inputs;
      assert.strictEqual(p.family, "postgres17");
      assert.deepStrictEqual(p.parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }]);
    });
    it("takes the initial password write-only and as a secret, and keeps a final snapshot", () => {
      const i = rec.one(T.instance).inputs;
      assert.ok(isSecret(i.passwordWo), "passwordWo must be a Pulumi secret");
      assert.deepStrictEqual([i.password, i.passwordWoVersion, i.manageMasterUserPassword], [undefined, 1, undefined]);
      assert.deepStrictEqual([i.skipFinalSnapshot, typeof i.finalSnapshotIdentifier], [false, "string"]);
      assert.deepStrictEqual([i.engine, i.engineVersion, i.username, i.dbName, i.copyTagsToSnapshot], ["postgres", "17", "dbadmin", "app", true]);
    });
  });

  describe("secret", () => {
    it("holds every field of the secret contract, as a Pulumi secret", () => {
      const v = rec.one(T.secretVersion).inputs;
      assert.ok(isSecret(v.secretStringWo), "secretStringWo must be a Pulumi secret");
      assert.strictEqual(v.secretId, rec.out(T.secret, "app-secret", "id"));
      // The version number follows the instance (its resourceId), so a replacement writes a new first value.
      assert.deepStrictEqual([v.secretStringWoVersion, v.secretString], [writeOnlyVersion(String(rec.out(T.instance, "app-db", "resourceId"))), undefined]);
      const json = JSON.parse(String(unwrapSecrets(v.secretStringWo)));
      const instance = rec.one(T.instance);
      assert.deepStrictEqual(json, {
        engine: "postgres",
        host: unwrapSecrets(instance.state.address),
        port: 5432,
        username: "dbadmin",
        password: unwrapSecrets(instance.inputs.passwordWo),
        dbname: "app",
        dbInstanceIdentifier: instance.id,
      });
    });
  });

  describe("alerts", () => {
    it("matches rotation failures of this secret and notifies the created topic", () => {
      const pattern = rec.json(T.eventRule, "app-rotation-failed", "eventPattern") as { detail: { additionalEventData: { SecretId: string[] }; eventName: string[] } };
      assert.deepStrictEqual(pattern.detail.additionalEventData.SecretId, [rec.out(T.secret, "app-secret", "arn")]);
      assert.deepStrictEqual(pattern.detail.eventName, ["RotationFailed", "RotationAbandoned"]);
      const target = rec.one(T.eventTarget).inputs;
      assert.deepStrictEqual([target.rule, target.arn], [rec.out(T.eventRule, "app-rotation-failed", "name"), rec.out(T.topic, "app-alerts", "arn")]);
    });
    it("alarms on any error of the rotation function", () => {
      const a = rec.one(T.alarm).inputs;
      assert.deepStrictEqual(
        [a.namespace, a.metricName, a.statistic, a.period, a.threshold, a.comparisonOperator, a.treatMissingData, a.dimensions, a.alarmActions],
        ["AWS/Lambda", "Errors", "Sum", 300, 1, "GreaterThanOrEqualToThreshold", "notBreaching", { FunctionName: rec.out(T.fn, "app-rotation", "name") }, [rec.out(T.topic, "app-alerts", "arn")]],
      );
    });
    it("lets EventBridge (this rule) and CloudWatch publish to the topic", () => {
      const policy = rec.json(T.topicPolicy, "app-alerts-policy", "policy") as { Statement: Array<{ Principal: { Service: string }; Condition: unknown }> };
      assert.strictEqual(rec.one(T.topicPolicy).inputs.arn, rec.out(T.topic, "app-alerts", "arn"));
      assert.deepStrictEqual(policy.Statement.map((s) => s.Principal.Service), ["events.amazonaws.com", "cloudwatch.amazonaws.com"]);
      assert.deepStrictEqual(policy.Statement[0].Condition, { ArnEquals: { "aws:SourceArn": rec.out(T.eventRule, "app-rotation-failed", "arn") } });
      assert.strictEqual(rec.all(T.subscription).length, 0);
    });
  });

  describe("structure", () => {
    it("parents every child to its component", () => {
      const db = rec.one(T.db);
      const endpoint = rec.one(T.endpointComponent);
      assert.strictEqual(db.parent, undefined);
      assert.strictEqual(endpoint.parent, db.urn);
      for (const r of rec.record.resources.filter((x) => x !== db)) {
        const expected = ["app-secretsmanager-sg", "app-secretsmanager-endpoint"].includes(r.name) ? endpoint.urn : db.urn;
        assert.strictEqual(r.parent, expected, `${r.type} ${r.name}`);
      }
    });
    it("tags every taggable child with the user's tags and the database name", () => {
      const endpoint = rec.one(T.endpointComponent).urn;
      const own = rec.record.resources.filter((r) => r.parent !== endpoint);
      assert.deepStrictEqual(missingTags(own, { team: "data", "rotated-rds:database": "app" }), []);
      const endpointChildren = rec.record.resources.filter((r) => r.parent === endpoint);
      assert.deepStrictEqual(missingTags(endpointChildren, { team: "data", "rotated-rds:endpoint": "app-secretsmanager" }), []);
      assert.strictEqual(endpointChildren.length, 2);
    });
  });

  describe("outputs", () => {
    it("exposes what apps and the program need", () => {
      const secretArn = rec.out(T.secret, "app-secret", "arn");
      assert.deepStrictEqual(
        [result.address, result.port, result.engine, result.secretArn, result.masterSecretArn, result.securityGroupId, result.clientSecurityGroupId, result.rotationFunctionArn, result.alertTopicArn],
        [rec.out(T.instance, "app-db", "address"), 5432, "postgres", secretArn, undefined, id(T.sg, "app-db-sg"), id(T.sg, "app-client-sg"), rec.out(T.fn, "app-rotation", "arn"), rec.out(T.topic, "app-alerts", "arn")],
      );
      assert.deepStrictEqual((result.ecsSecrets as Array<{ name: string }>).map((e) => e.name), ["DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_NAME"]);
      assert.deepStrictEqual((result.ecsSecrets as Array<{ valueFrom: string }>)[3].valueFrom, `${secretArn}:password::`);
      assert.deepStrictEqual(result.ecsEnvironment, [
        { name: "DB_HOST", value: rec.out(T.instance, "app-db", "address") }, { name: "DB_PORT", value: "5432" }, { name: "DB_NAME", value: "app" },
      ]);
    });
  });

  function run() { return rec.record; }
});
