// The rotation function's IAM policy: built from the Lambda's declared actions, scoped per resource.
import * as assert from "assert";
import { MASTER_SECRET_ACTIONS, ROTATED_SECRET_ACTIONS, UNSCOPED_ACTIONS } from "../../rotation-lambda/contract";
import { NETWORK_INTERFACE_ACTIONS, buildRotationPolicy, buildVpcAccessPolicy, lambdaTrustPolicy } from "../../components/rotationPolicy";

const secretArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:app-secret-AbCdEf";
const masterArn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1234";
const keyArn = "arn:aws:kms:eu-west-1:111122223333:key/1111-2222";
const logGroupArn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/app-rotation-1234abcd";

describe("buildRotationPolicy", () => {
  const single = buildRotationPolicy({ secretArn, logGroupArn, region: "eu-west-1" });

  it("grants the contract's rotated-secret actions on the secret only", () => {
    const s = single.Statement.find((x) => x.Sid === "RotateSecret");
    assert.deepStrictEqual(s?.Action, [...ROTATED_SECRET_ACTIONS]);
    assert.strictEqual(s?.Resource, secretArn);
  });
  it("uses * only for GetRandomPassword; the network-interface actions are a policy of their own", () => {
    const wildcard = single.Statement.filter((s) => s.Resource === "*").flatMap((s) => s.Action).sort();
    assert.deepStrictEqual(wildcard, [...UNSCOPED_ACTIONS].sort());
    assert.deepStrictEqual(buildVpcAccessPolicy(), {
      Version: "2012-10-17",
      Statement: [{ Sid: "AttachToVpc", Effect: "Allow", Action: [...NETWORK_INTERFACE_ACTIONS], Resource: "*" }],
    });
  });
  it("writes only to its own log group's streams", () => {
    const s = single.Statement.find((x) => x.Sid === "WriteLogs");
    assert.strictEqual(s?.Resource, `${logGroupArn}:*`);
    assert.deepStrictEqual(s?.Action, ["logs:CreateLogStream", "logs:PutLogEvents"]);
  });
  it("has no master-secret or KMS statement for single-user without a customer key", () => {
    assert.deepStrictEqual(single.Statement.map((s) => s.Sid), ["RotateSecret", "GeneratePassword", "WriteLogs"]);
  });
  it("reads the master secret for alternating-users", () => {
    const p = buildRotationPolicy({ secretArn, masterSecretArn: masterArn, logGroupArn, region: "eu-west-1" });
    const s = p.Statement.find((x) => x.Sid === "ReadMasterSecret");
    assert.deepStrictEqual(s?.Action, [...MASTER_SECRET_ACTIONS]);
    assert.strictEqual(s?.Resource, masterArn);
  });
  it("uses the customer key only through Secrets Manager", () => {
    const p = buildRotationPolicy({ secretArn, kmsKeyArn: keyArn, logGroupArn, region: "eu-west-1" });
    const s = p.Statement.find((x) => x.Sid === "UseSecretKey");
    assert.deepStrictEqual(s, {
      Sid: "UseSecretKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn,
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
  });
});

describe("lambdaTrustPolicy", () => {
  it("lets only Lambda assume the role, for this account", () => {
    assert.deepStrictEqual(lambdaTrustPolicy("111122223333").Statement, [{
      Sid: "LambdaAssumesRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
    }]);
  });
});
