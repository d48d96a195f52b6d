import { strict as assert } from "assert";
import { InvalidRotationStateError } from "../../rotation-lambda/errors";
import { guardRotation, versionWithStage, type SecretDescription } from "../../rotation-lambda/guard";

const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf";
const describe_ = (versionStages: Record<string, string[]>, rotationEnabled = true): SecretDescription => ({ arn, rotationEnabled, versionStages });

/** Asserts `guardRotation` throws an InvalidRotationStateError with exactly `message`. */
function refuses(description: SecretDescription, token: string, message: string): void {
  assert.throws(() => guardRotation(description, token), (e: Error) => {
    assert.ok(e instanceof InvalidRotationStateError, e.name);
    assert.equal(e.name, "InvalidRotationStateError");
    assert.equal(e.message, message);
    return true;
  });
}

describe("guardRotation", () => {
  it("runs the step when the token carries AWSPENDING", () => {
    assert.equal(guardRotation(describe_({ v1: ["AWSCURRENT"], t: ["AWSPENDING"] }), "t"), "run");
  });

  it("makes every step a no-op once the token is AWSCURRENT, with or without AWSPENDING", () => {
    assert.equal(guardRotation(describe_({ v1: ["AWSPREVIOUS"], t: ["AWSCURRENT", "AWSPENDING"] }), "t"), "done");
    assert.equal(guardRotation(describe_({ v1: ["AWSPREVIOUS"], t: ["AWSCURRENT"] }), "t"), "done");
  });

  it("rejects a secret whose rotation is disabled, before looking at the token", () => {
    refuses(describe_({ t: ["AWSPENDING"] }, false), "t", `Secret ${arn} is not enabled for rotation`);
    refuses(describe_({}, false), "unknown", `Secret ${arn} is not enabled for rotation`);
    refuses(describe_({ t: ["AWSCURRENT"] }, false), "t", `Secret ${arn} is not enabled for rotation`);
  });

  it("rejects a token that is not a version of the secret", () => {
    refuses(describe_({ v1: ["AWSCURRENT"] }), "t", `Version t is not a version of secret ${arn}`);
  });

  it("rejects a token that is not AWSPENDING", () => {
    refuses(describe_({ v1: ["AWSCURRENT"], t: ["AWSPREVIOUS"] }), "t", `Version t of secret ${arn} is not labelled AWSPENDING`);
    refuses(describe_({ v1: ["AWSCURRENT"], t: [] }), "t", `Version t of secret ${arn} is not labelled AWSPENDING`);
  });

  it("reads only the token's own labels", () => {
    refuses(describe_({ v1: ["AWSCURRENT", "AWSPENDING"], t: ["custom"] }), "t", `Version t of secret ${arn} is not labelled AWSPENDING`);
  });
});

describe("versionWithStage", () => {
  it("finds the version carrying a label", () => {
    assert.equal(versionWithStage(describe_({ a: ["AWSPREVIOUS"], b: ["AWSCURRENT"] }), "AWSCURRENT"), "b");
    assert.equal(versionWithStage(describe_({ a: ["AWSPREVIOUS"], b: ["AWSPENDING", "AWSCURRENT"] }), "AWSPENDING"), "b");
    assert.equal(versionWithStage(describe_({ a: ["AWSPREVIOUS"], b: ["AWSCURRENT"] }), "AWSPREVIOUS"), "a");
  });

  it("is undefined when no version carries it", () => {
    assert.equal(versionWithStage(describe_({ a: [] }), "AWSCURRENT"), undefined);
    assert.equal(versionWithStage(describe_({}), "AWSCURRENT"), undefined);
  });
});
