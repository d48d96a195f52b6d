// Resource options (mocks never see them), names, the bundle locator, the secret JSON and alert documents.
import * as assert from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { alertTopicPolicy, rotationFailurePattern } from "../../components/alerts";
import { tlsParameterGroupSpec } from "../../components/databaseResources";
import { finalSnapshotIdentifier, rotationFunctionName, rotationLogGroupName } from "../../components/naming";
import {
  INITIAL_VERSION_STAGES,
  dataResourceOptions,
  firstRotationDependencies,
  functionOptions,
  initialSecretVersionOptions,
  instanceOptions,
  rotationOptions,
} from "../../components/resourceOptions";
import { RotationBundleMissingError, locateRotationBundle, rotationBundleLayout, runningUnderMocks } from "../../components/rotationBundle";
import { buildSecretJson, ecsSecretEntries } from "../../components/secretJson";

// Stand-ins: the option functions only place these in options.
const parent = { name: "parent" } as unknown as pulumi.Resource;
const other = { name: "other" } as unknown as pulumi.Resource;

describe("resource options", () => {
  it("never lets pulumi up move AWSCURRENT back to the initial secret version", () => {
    assert.deepStrictEqual(initialSecretVersionOptions(parent), { parent, ignoreChanges: ["secretString", "secretStringWo", "versionStages"] });
    assert.deepStrictEqual(INITIAL_VERSION_STAGES, ["AWSCURRENT", "ROTATED_RDS_INITIAL"]);
  });
  it("ignores password changes on the instance", () => {
    assert.deepStrictEqual(instanceOptions(parent, false), { ignoreChanges: ["password", "passwordWo"], parent, protect: false, retainOnDelete: false });
  });
  it("protects and retains data resources under deletion protection", () => {
    assert.deepStrictEqual(dataResourceOptions(parent, true), { parent, protect: true, retainOnDelete: true });
    assert.deepStrictEqual(instanceOptions(parent, true).protect, true);
  });
  it("makes the function wait for what it needs", () => {
    assert.deepStrictEqual(functionOptions(parent, [other]), { parent, dependsOn: [other] });
  });
});

describe("firstRotationDependencies", () => {
  const r = (name: string) => ({ name }) as unknown as pulumi.Resource;
  const [instance, version, fn, permission, policy, ingress, egress, endpoint] =
    ["instance", "version", "fn", "permission", "policy", "ingress", "egress", "endpoint"].map(r);
  const names = (rs: pulumi.Resource[]) => rs.map((x) => (x as unknown as { name: string }).name);

  it("waits for the invoke permission, the policy, the database, the initial value, the rules and the endpoint", () => {
    const options = rotationOptions(parent, {
      instance, initialVersion: version, rotationFunction: { fn, permission, policy }, networkRules: [ingress, egress], endpoint,
    });
    assert.strictEqual(options.parent, parent);
    assert.deepStrictEqual(names(options.dependsOn as pulumi.Resource[]), ["permission", "policy", "fn", "instance", "version", "ingress", "egress", "endpoint"]);
  });
  it("has no endpoint to wait for through NAT", () => {
    const deps = firstRotationDependencies({ instance, initialVersion: version, rotationFunction: { fn, permission, policy }, networkRules: [egress] });
    assert.deepStrictEqual(names(deps), ["permission", "policy", "fn", "instance", "version", "egress"]);
  });
  it("waits only for the instance with the managed strategy (RDS rotates its own secret)", () => {
    assert.deepStrictEqual(names(firstRotationDependencies({ instance })), ["instance"]);
  });
});

describe("naming", () => {
  it("gives the function a stable, stack-unique name within 64 characters", () => {
    const a = rotationFunctionName("rotated-rds", "dev", "app");
    assert.match(a, /^app-rotation-[0-9a-f]{8}$/);
    assert.strictEqual(rotationFunctionName("rotated-rds", "dev", "app"), a);
    assert.notStrictEqual(rotationFunctionName("rotated-rds", "prod", "app"), a);
    const long = rotationFunctionName("p", "s", "x".repeat(80));
    assert.strictEqual(long.length, 64);
  });
  it("names the log group after the function", () => {
    assert.strictEqual(rotationLogGroupName("app-rotation-1"), "/aws/lambda/app-rotation-1");
  });
  it("gives the final snapshot a valid identifier", () => {
    assert.match(finalSnapshotIdentifier("p", "s", "My_DB"), /^my-db-final-[0-9a-f]{8}$/);
    assert.match(finalSnapshotIdentifier("p", "s", "9--x"), /^x-final-[0-9a-f]{8}$/);
  });
});

describe("tlsParameterGroupSpec", () => {
  it("derives the family and forces TLS per engine", () => {
    assert.deepStrictEqual(tlsParameterGroupSpec("postgres", "17"), { family: "postgres17", parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }] });
    assert.strictEqual(tlsParameterGroupSpec("postgres", "16.4").family, "postgres16");
    assert.deepStrictEqual(tlsParameterGroupSpec("mysql", "8.0.39"), { family: "mysql8.0", parameters: [{ name: "require_secure_transport", value: "1", applyMethod: "pending-reboot" }] });
    assert.strictEqual(tlsParameterGroupSpec("mariadb", "10.11.9").family, "mariadb10.11");
  });
});

describe("locateRotationBundle", () => {
  const files = (present: string[], exports: unknown = {}) => ({ exists: (f: string) => present.includes(f), load: () => exports });

  it("finds the bundle from source and from the compiled package", () => {
    assert.deepStrictEqual(rotationBundleLayout("/repo/components"), { bundlePath: "/repo/dist/rotation-lambda/index.js", packageRoot: "/repo" });
    assert.deepStrictEqual(rotationBundleLayout("/pkg/dist/components"), { bundlePath: "/pkg/dist/rotation-lambda/index.js", packageRoot: "/pkg" });
    assert.strictEqual(locateRotationBundle("/repo/components", files(["/repo/dist/rotation-lambda/index.js"])), "/repo/dist/rotation-lambda/index.js");
  });
  it("builds a missing bundle with the build script", async () => {
    const present = ["/repo/scripts/build-lambda.js"];
    const env = files(present, { buildRotationLambda: () => { present.push("/repo/dist/rotation-lambda/index.js"); } });
    assert.strictEqual(locateRotationBundle("/repo/components", env), "/repo/dist/rotation-lambda/index.js");
  });
  it("waits for an asynchronous build", async () => {
    const present = ["/repo/scripts/build-lambda.js"];
    const env = files(present, { buildRotationLambda: async () => { present.push("/repo/dist/rotation-lambda/index.js"); } });
    assert.strictEqual(await locateRotationBundle("/repo/components", env), "/repo/dist/rotation-lambda/index.js");
  });
  it("names the path and npm run build when it cannot build", () => {
    assert.throws(() => locateRotationBundle("/repo/components", files([])), (e: Error) =>
      e instanceof RotationBundleMissingError && e.message === `The rotation Lambda bundle ${path.join("/repo/dist/rotation-lambda/index.js")} does not exist and could not be built; run \`npm run build\` in /repo first.`);
    assert.throws(() => locateRotationBundle("/repo/components", files(["/repo/scripts/build-lambda.js"], {})), RotationBundleMissingError);
  });
  it("recognises the mock monitor", () => {
    assert.strictEqual(runningUnderMocks({ mocks: {} }), true);
    assert.strictEqual(runningUnderMocks(undefined), false);
  });
});

describe("secret JSON and ECS entries", () => {
  const fields = { engine: "postgres" as const, host: "h", port: 5432, username: "u", password: "p", dbname: "app", dbInstanceIdentifier: "db-1" };
  it("has exactly the contract's fields", () => {
    assert.deepStrictEqual(Object.keys(buildSecretJson(fields)), ["engine", "host", "port", "username", "password", "dbname", "dbInstanceIdentifier"]);
    assert.strictEqual(buildSecretJson({ ...fields, masterarn: "arn:m" }).masterarn, "arn:m");
  });
  it("reads JSON keys of the current version", () => {
    assert.deepStrictEqual(ecsSecretEntries("arn:s"), [
      { name: "DB_HOST", valueFrom: "arn:s:host::" },
      { name: "DB_PORT", valueFrom: "arn:s:port::" },
      { name: "DB_USERNAME", valueFrom: "arn:s:username::" },
      { name: "DB_PASSWORD", valueFrom: "arn:s:password::" },
      { name: "DB_NAME", valueFrom: "arn:s:dbname::" },
    ]);
    assert.deepStrictEqual(ecsSecretEntries("arn:s", ["username", "password"]).map((e) => e.name), ["DB_USERNAME", "DB_PASSWORD"]);
  });
});

describe("alert documents", () => {
  it("matches rotation failures of one secret", () => {
    assert.deepStrictEqual(rotationFailurePattern("arn:s"), {
      source: ["aws.secretsmanager"],
      "detail-type": ["AWS Service Event via CloudTrail"],
      detail: { eventSource: ["secretsmanager.amazonaws.com"], eventName: ["RotationFailed", "RotationAbandoned"], additionalEventData: { SecretId: ["arn:s"] } },
    });
  });
  it("lets only this rule and this account's alarms publish", () => {
    const p = alertTopicPolicy({ topicArn: "arn:t", ruleArn: "arn:r", accountId: "1" }) as { Statement: Array<Record<string, unknown>> };
    assert.deepStrictEqual(p.Statement.map((s) => [s.Principal, s.Resource, s.Condition]), [
      [{ Service: "events.amazonaws.com" }, "arn:t", { ArnEquals: { "aws:SourceArn": "arn:r" } }],
      [{ Service: "cloudwatch.amazonaws.com" }, "arn:t", { StringEquals: { "aws:SourceAccount": "1" } }],
    ]);
  });
});
