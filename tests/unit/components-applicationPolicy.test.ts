// The application policy: exactly the reads the client library makes, on one secret, and KMS only
// through Secrets Manager. Pure, no mocks.
import * as assert from "assert";
import { APPLICATION_KMS_ACTIONS, APPLICATION_SECRET_ACTIONS, buildApplicationPolicy, readGrantName } from "../../components/applicationPolicy";
import { buildRotationPolicy } from "../../components/rotationPolicy";

const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-secret-a1b2c3";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("buildApplicationPolicy", () => {
  it("reads and describes the one secret, and nothing else, without a customer key", () => {
    assert.deepStrictEqual(buildApplicationPolicy({ secretArn: SECRET, region: "eu-west-1" }), {
      Version: "2012-10-17",
      Statement: [{ Sid: "ReadDatabaseSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: SECRET }],
    });
  });

  it("decrypts with the customer key only through Secrets Manager in the secret's region", () => {
    const policy = buildApplicationPolicy({ secretArn: SECRET, kmsKeyArn: KEY, region: "us-east-2" });
    assert.deepStrictEqual(policy.Statement[1], {
      Sid: "DecryptDatabaseSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: KEY,
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } },
    });
    assert.strictEqual(policy.Statement.length, 2);
  });

  it("grants no write, no wildcard resource and no action the rotation function alone needs", () => {
    const policy = buildApplicationPolicy({ secretArn: SECRET, kmsKeyArn: KEY, region: "eu-west-1" });
    const actions: string[] = policy.Statement.flatMap((s) => s.Action);
    assert.deepStrictEqual([...actions], [...APPLICATION_SECRET_ACTIONS, ...APPLICATION_KMS_ACTIONS]);
    assert.ok(policy.Statement.every((s) => s.Resource !== "*"));
    const rotationOnly = buildRotationPolicy({ secretArn: SECRET, kmsKeyArn: KEY, logGroupArn: "arn:aws:logs:eu-west-1:1:log-group:x", region: "eu-west-1" })
      .Statement.flatMap((s) => s.Action).filter((a) => !actions.includes(a));
    for (const a of ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage", "kms:GenerateDataKey"]) {
      assert.ok(rotationOnly.includes(a), `${a} should be the rotation function's alone`);
    }
  });
});

describe("readGrantName", () => {
  it("names the policy after the database and the role, so neither side collides", () => {
    assert.strictEqual(readGrantName("orders", "api-task"), "orders-read-api-task");
    assert.notStrictEqual(readGrantName("orders", "api-task"), readGrantName("billing", "api-task"));
    assert.notStrictEqual(readGrantName("orders", "api-task"), readGrantName("orders", "worker-task"));
  });
});
