// The created alert topic's policy as SNS reads it: a valid policy language version, and statements
// that allow publishing (an empty Effect or Action would be refused by AWS, or allow nothing).
import * as assert from "assert";
import { alertTopicPolicy } from "../../components/alerts";

describe("alertTopicPolicy", () => {
  const policy = alertTopicPolicy({ topicArn: "arn:t", ruleArn: "arn:r", accountId: "1" }) as {
    Version: string;
    Statement: Array<{ Sid: string; Effect: string; Action: string }>;
  };

  it("uses the current policy language version", () => {
    assert.strictEqual(policy.Version, "2012-10-17");
  });
  it("allows sns:Publish in every statement", () => {
    assert.deepStrictEqual(policy.Statement.map((s) => [s.Effect, s.Action]), [["Allow", "sns:Publish"], ["Allow", "sns:Publish"]]);
  });
  it("names each statement, once (SNS needs distinct Sids)", () => {
    assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["EventBridgePublishesRotationFailures", "CloudWatchPublishesAlarms"]);
  });
});
