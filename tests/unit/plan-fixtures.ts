// Synthetic recorded resources for the plan renderers' unit tests: a database SG admitting 5432 from a
// rotation SG, the rotation SG's egress, an endpoint, a role with a policy, a rotation and an alert.
import { RecordedResource, RecordedSecret } from "../../plan/recorder";

const STACK = "urn:pulumi:t::rotated-rds";

export function res(type: string, name: string, id: string | undefined, inputs: Record<string, unknown>, parent?: RecordedResource, state: Record<string, unknown> = {}): RecordedResource {
  const parentType = parent ? `${parent.urn.split("::")[2]}$` : "";
  return {
    urn: `${STACK}::${parentType}${type}::${name}`,
    type, name, id, custom: id !== undefined, parent: parent?.urn, inputs, state: { ...inputs, ...state },
  };
}

export function sampleResources(): RecordedResource[] {
  const db = res("rotated-rds:index:RotatedDatabase", "app", undefined, {});
  const endpoint = res("rotated-rds:index:SecretsManagerEndpoint", "sm", undefined, {});
  const dbSg = res("aws:ec2/securityGroup:SecurityGroup", "app-db-sg", "sg-db", { description: "database" }, db);
  const rotSg = res("aws:ec2/securityGroup:SecurityGroup", "app-rotation-sg", "sg-rot", {}, db);
  const epSg = res("aws:ec2/securityGroup:SecurityGroup", "sm-sg", "sg-ep", {}, endpoint);
  const secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-secret-abc";
  const fnArn = "arn:aws:lambda:eu-west-1:123456789012:function:app-rotation";
  const topicArn = "arn:aws:sns:eu-west-1:123456789012:app-alerts";
  return [
    endpoint, epSg,
    res("aws:ec2/vpcEndpoint:VpcEndpoint", "sm-endpoint", "vpce-1", {
      serviceName: "com.amazonaws.eu-west-1.secretsmanager", vpcEndpointType: "Interface", privateDnsEnabled: true,
      vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-ep"],
    }, endpoint),
    db, dbSg, rotSg,
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "app-from-rotation", "sgr-1",
      { securityGroupId: "sg-db", referencedSecurityGroupId: "sg-rot", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, db),
    res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "app-rotation-to-db", "sgr-2",
      { securityGroupId: "sg-rot", referencedSecurityGroupId: "sg-db", ipProtocol: "tcp", fromPort: 5432, toPort: 5432 }, db),
    res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "app-rotation-to-sm", "sgr-3",
      { securityGroupId: "sg-rot", referencedSecurityGroupId: "sg-ep", ipProtocol: "tcp", fromPort: 443, toPort: 443 }, db),
    res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "sm-from-app", "sgr-4",
      { securityGroupId: "sg-ep", referencedSecurityGroupId: "sg-rot", ipProtocol: "tcp", fromPort: 443, toPort: 443 }, db),
    res("aws:secretsmanager/secret:Secret", "app-secret", secretArn, { name: "app-secret" }, db, { arn: secretArn }),
    res("aws:secretsmanager/secretVersion:SecretVersion", "app-secret-initial", `${secretArn}|v1`, {
      secretId: secretArn,
      secretString: new RecordedSecret(JSON.stringify({ engine: "postgres", username: "dbadmin", password: "hunter2-do-not-print" })),
    }, db),
    res("aws:rds/instance:Instance", "app-db", "app-db-1", { engine: "postgres", vpcSecurityGroupIds: ["sg-db"], password: new RecordedSecret("hunter2-do-not-print") }, db),
    res("aws:iam/role:Role", "app-rotation-role", "app-rotation-role", {
      assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] }),
    }, db, { arn: "arn:aws:iam::123456789012:role/app-rotation-role" }),
    res("aws:iam/rolePolicy:RolePolicy", "app-rotation-policy", "app-rotation-role:p", {
      role: "app-rotation-role",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [
        { Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"], Resource: secretArn },
        { Effect: "Allow", Action: "secretsmanager:GetRandomPassword", Resource: "*" },
      ] }),
    }, db),
    res("aws:lambda/function:Function", "app-rotation", "app-rotation", { vpcConfig: { securityGroupIds: ["sg-rot"], subnetIds: ["subnet-a"] } }, db, { arn: fnArn }),
    res("aws:lambda/permission:Permission", "app-rotation-invoke", "perm", {
      function: "app-rotation", principal: "secretsmanager.amazonaws.com", action: "lambda:InvokeFunction", sourceArn: secretArn, sourceAccount: "123456789012",
    }, db),
    res("aws:secretsmanager/secretRotation:SecretRotation", "app-rotation-schedule", secretArn, {
      secretId: secretArn, rotationLambdaArn: fnArn, rotationRules: { scheduleExpression: "rate(4 hours)", duration: "1h" }, rotateImmediately: true,
    }, db),
    res("aws:sns/topic:Topic", "app-alerts", topicArn, {}, db, { arn: topicArn }),
    res("aws:sns/topicSubscription:TopicSubscription", "app-alerts-email", `${topicArn}:1`, { topic: topicArn, protocol: "email", endpoint: "ops@example.com" }, db),
    res("aws:cloudwatch/eventRule:EventRule", "app-rotation-failed", "app-rotation-failed", {
      eventPattern: JSON.stringify({ source: ["aws.secretsmanager"], "detail-type": ["AWS Service Event via CloudTrail"], detail: { eventName: ["RotationFailed"] } }),
    }, db, { name: "app-rotation-failed" }),
    res("aws:cloudwatch/eventTarget:EventTarget", "app-rotation-failed-target", "t1", { rule: "app-rotation-failed", arn: topicArn }, db),
    res("aws:cloudwatch/metricAlarm:MetricAlarm", "app-rotation-errors", "a1", {
      namespace: "AWS/Lambda", metricName: "Errors", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1,
      dimensions: { FunctionName: "app-rotation" }, alarmActions: [topicArn],
    }, db),
  ];
}
