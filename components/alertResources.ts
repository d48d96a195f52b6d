// The alerts of a RotatedDatabase or RotatedCluster: a topic (given or created, with an optional e-mail subscription),
// an EventBridge rule for rotation failures of this secret, and an alarm on the rotation function's
// errors. This project exists because a rotation once failed silently.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LAMBDA_ERRORS_ALARM, alertTopicPolicy, rotationFailurePattern } from "./alerts";
import type { ResolvedCommonArgs } from "./defaults";
import { childName } from "./naming";

export interface Alerts {
  topicArn: pulumi.Output<string>;
  rule: aws.cloudwatch.EventRule;
  alarm?: aws.cloudwatch.MetricAlarm;
}

export function createAlerts(
  name: string,
  r: ResolvedCommonArgs,
  p: { secretArn: pulumi.Output<string>; functionName?: pulumi.Output<string>; accountId: pulumi.Output<string>; tags: Record<string, string>; parent: pulumi.Resource },
): Alerts {
  const { parent, tags } = p;
  const rule = new aws.cloudwatch.EventRule(childName(name, "rotation-failed"), {
    description: `Secrets Manager rotation failures of database ${name}`,
    eventPattern: p.secretArn.apply((arn) => JSON.stringify(rotationFailurePattern(arn))),
    tags,
  }, { parent });

  let topicArn: pulumi.Output<string>;
  if (r.alerts.topicArn !== undefined) {
    // A topic the user owns: its policy must already let events.amazonaws.com and cloudwatch.amazonaws.com publish.
    topicArn = pulumi.output(r.alerts.topicArn);
  } else {
    const topic = new aws.sns.Topic(childName(name, "alerts"), { tags }, { parent });
    new aws.sns.TopicPolicy(childName(name, "alerts-policy"), {
      arn: topic.arn,
      policy: pulumi.all([topic.arn, rule.arn, p.accountId]).apply(([topicArn, ruleArn, accountId]) =>
        JSON.stringify(alertTopicPolicy({ topicArn, ruleArn, accountId }))),
    }, { parent });
    if (r.alerts.email !== undefined) {
      new aws.sns.TopicSubscription(childName(name, "alerts-email"), { topic: topic.arn, protocol: "email", endpoint: r.alerts.email }, { parent });
    }
    topicArn = topic.arn;
  }

  new aws.cloudwatch.EventTarget(childName(name, "rotation-failed-target"), { rule: rule.name, arn: topicArn }, { parent });
  const alarm = p.functionName
    ? new aws.cloudwatch.MetricAlarm(childName(name, "rotation-errors"), {
      ...LAMBDA_ERRORS_ALARM,
      alarmDescription: `The rotation function of database ${name} failed; see its log group`,
      dimensions: { FunctionName: p.functionName },
      alarmActions: [topicArn],
      okActions: [topicArn],
      tags,
    }, { parent })
    : undefined;
  return { topicArn, rule, alarm };
}
