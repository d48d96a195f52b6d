import { strict as assert } from "assert";
import { InvalidRotationStateError } from "../../rotation-lambda/errors";
import { guardRotation, versionWithStage, type SecretDescription } from "../../rotation-lambda/guard";

const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const describe_ = (versionStages: Record<string, string[]>, rotationEnabled = true): SecretDescription => ({ arn, rotationEnabled, versionStages });

describe("guardRotation", () => {
  it("runs the step when the token carries AWSPENDING", () => {
    assert.equal(guardRotation(describe_({ v1: ["AWSCURRENT"], t: ["AWSPENDING"] }), "t"), "run");
  });

  it("makes every step a no-op once the token is AWSCURRENT", () => {
    assert.equal(guardRotation(describe_({ v1: ["AWSPREVIOUS"], t: ["AWSCURRENT", "AWSPENDING"] }), "t"), "done");
  });

  it("rejects a secret whose rotation is disabled", () => {
    assert.throws(() => guardRotation(describe_({ t: ["AWSPENDING"] }, false), "t"), (e: Error) =>
      e instanceof InvalidRotationStateError && e.message === `Secret ${arn} is not enabled for rotation`);
  });

  it("rejects a token that is not a version of the secret", () => {
    assert.throws(() => guardRotation(describe_({ v1: ["AWSCURRENT"] }), "t"), new RegExp(`Version t is not a version of secret ${arn}$`));
  });

  it("rejects a token that is not AWSPENDING", () => {
    assert.throws(() => guardRotation(describe_({ v1: ["AWSCURRENT"], t: ["AWSPREVIOUS"] }), "t"), /Version t of secret .* is not labelled AWSPENDING/);
    assert.throws(() => guardRotation(describe_({ v1: ["AWSCURRENT"], t: [] }), "t"), /is not labelled AWSPENDING/);
  });
});

describe("versionWithStage", () => {
  it("finds the version carrying a label", () => {
    assert.equal(versionWithStage(describe_({ a: ["AWSPREVIOUS"], b: ["AWSCURRENT"] }), "AWSCURRENT"), "b");
    assert.equal(versionWithStage(describe_({ a: [] }), "AWSCURRENT"), undefined);
  });
});
