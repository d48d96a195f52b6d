// Pure helpers of the components: names, the TLS parameter group, the bundle locator, the secret JSON
// and alert documents. (Resource options are asserted on the recorded resources, in tests/component/.)
import * as assert from "assert";
import * as path from "path";
import { alertTopicPolicy, rotationFailurePattern } from "../../components/alerts";
import { tlsParameterGroupSpec } from "../../components/databaseResources";
import { finalSnapshotIdentifier, rotationFunctionName, rotationLogGroupName } from "../../components/naming";
import { RotationBundleMissingError, locateRotationBundle, rotationBundleLayout, runningUnderMocks } from "../../components/rotationBundle";
import { buildSecretJson, ecsSecretEntries } from "../../components/secretJson";

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
    const one = { subnetGroupName: "app-subnets-1a2b3c4", replacementKey: "k" };
    assert.match(finalSnapshotIdentifier("p", "s", "My_DB", one), /^my-db-final-[0-9a-f]{16}$/);
    assert.match(finalSnapshotIdentifier("p", "s", "9--x", one), /^x-final-[0-9a-f]{16}$/);
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
