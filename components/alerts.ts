// The documents behind rotation-failure alerts: the EventBridge pattern that matches failures of one
// secret, and the SNS topic policy that lets EventBridge and CloudWatch publish to a created topic.

/**
 * Secrets Manager reports rotation outcomes as CloudTrail service events (detail-type "AWS Service
 * Event via CloudTrail", not "AWS API Call"), with the secret's ARN in
 * `detail.additionalEventData.SecretId`. `RotationAbandoned` means a manual PutSecretValue cut a
 * rotation short: worth a look too.
 */
export const ROTATION_FAILURE_EVENTS = ["RotationFailed", "RotationAbandoned"] as const;

/** The event pattern matching rotation failures of `secretArn` only. */
export function rotationFailurePattern(secretArn: string): Record<string, unknown> {
  return {
    source: ["aws.secretsmanager"],
    "detail-type": ["AWS Service Event via CloudTrail"],
    detail: {
      eventSource: ["secretsmanager.amazonaws.com"],
      eventName: [...ROTATION_FAILURE_EVENTS],
      additionalEventData: { SecretId: [secretArn] },
    },
  };
}

/** Lambda's Errors metric alarm: any failed invocation in 5 minutes. */
export const LAMBDA_ERRORS_ALARM = {
  namespace: "AWS/Lambda",
  metricName: "Errors",
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  // No invocations between rotations is the normal state, not an alarm.
  treatMissingData: "notBreaching",
} as const;

/**
 * Policy of a topic this component creates: EventBridge may publish for this rule only, CloudWatch
 * for alarms of this account only. (A topic policy replaces the default one; the account's own
 * principals keep access through their IAM policies.)
 */
export function alertTopicPolicy(p: { topicArn: string; ruleArn: string; accountId: string }): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgePublishesRotationFailures",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: p.topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": p.ruleArn } },
      },
      {
        Sid: "CloudWatchPublishesAlarms",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: p.topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": p.accountId } },
      },
    ],
  };
}
