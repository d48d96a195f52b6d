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

const ACCOUNT = "123456789012";
const trustRds = JSON.stringify({ Version: "2012-10-17", Statement: [{
  Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "rds.amazonaws.com" }, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
}] });

function rule(kind: "ingress" | "egress", name: string, sg: string, peer: string, port: number, parent: RecordedResource): RecordedResource {
  const type = kind === "ingress" ? "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" : "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
  const to = peer.startsWith("sg-") ? { referencedSecurityGroupId: peer } : { cidrIpv4: peer };
  return res(type, name, `sgr-${name}`, { securityGroupId: sg, ...to, ipProtocol: "tcp", fromPort: port, toPort: port }, parent);
}

/**
 * An Aurora PostgreSQL Serverless v2 cluster "orders" (RotatedCluster, managed rotation) with a writer
 * and a reader behind an RDS Proxy with IAM auth, in the shapes the components declare them; and a
 * RotatedDatabase "legacy" whose instance sits behind a proxy declared badly (no TLS, no rotation-time
 * care): no TLS parameter, unencrypted storage, a proxy egress to the internet and no client path.
 */
export function clusterAndProxyResources(): RecordedResource[] {
  const cluster = res("rotated-rds:index:RotatedCluster", "orders", undefined, {});
  const managedSecretArn = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:rds!cluster-0b8e1f4c-1111-2222-3333-444455556666-AbCdEf`;
  const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k-1`;
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/orders-proxy-role`;
  const host = "cbb819753c78.eu-west-1.rds.amazonaws.com";
  const member = (name: string, tier: number, writer: boolean) => res("aws:rds/clusterInstance:ClusterInstance", name, name, {
    identifier: name, clusterIdentifier: "orders-cluster-1", engine: "aurora-postgresql", instanceClass: "db.serverless", promotionTier: tier, publiclyAccessible: false,
  }, cluster, { endpoint: `${name}.${host}`, writer });

  const legacy = res("rotated-rds:index:RotatedDatabase", "legacy", undefined, {});
  return [
    cluster,
    res("aws:ec2/securityGroup:SecurityGroup", "orders-db-sg", "sg-odb", { description: "Aurora cluster orders" }, cluster),
    res("aws:ec2/securityGroup:SecurityGroup", "orders-client-sg", "sg-ocl", {}, cluster),
    res("aws:ec2/securityGroup:SecurityGroup", "orders-proxy-sg", "sg-opx", { description: "RDS Proxy of orders" }, cluster),
    res("aws:kms/key:Key", "orders-key", "k-1", {}, cluster, { arn: keyArn }),
    res("aws:rds/clusterParameterGroup:ClusterParameterGroup", "orders-cluster-params", "orders-cluster-params-1", {
      family: "aurora-postgresql16", parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" }],
    }, cluster),
    res("aws:rds/cluster:Cluster", "orders-cluster", "orders-cluster-1", {
      clusterIdentifier: "orders-cluster-1", engine: "aurora-postgresql", engineVersion: "16.4", manageMasterUserPassword: true,
      dbClusterParameterGroupName: "orders-cluster-params-1", storageEncrypted: true, kmsKeyId: keyArn, deletionProtection: true,
      skipFinalSnapshot: false, backupRetentionPeriod: 7, vpcSecurityGroupIds: ["sg-odb"],
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 8 },
    }, cluster, {
      endpoint: `orders-cluster-1.cluster-${host}`, readerEndpoint: `orders-cluster-1.cluster-ro-${host}`, port: 5432,
      masterUserSecrets: [{ secretArn: managedSecretArn, kmsKeyId: keyArn, secretStatus: "active" }],
    }),
    // The reader first: the summary lists the writer first whatever the order of registration.
    member("orders-reader-1", 1, false),
    member("orders-writer", 0, true),
    res("aws:secretsmanager/secretRotation:SecretRotation", "orders-rotation", managedSecretArn, {
      secretId: managedSecretArn, rotationRules: { scheduleExpression: "rate(4 hours)" },
    }, cluster),
    res("aws:iam/role:Role", "orders-proxy-role", "orders-proxy-role", { assumeRolePolicy: trustRds }, cluster, { arn: roleArn }),
    res("aws:iam/rolePolicy:RolePolicy", "orders-proxy-policy", "orders-proxy-role:p", {
      role: "orders-proxy-role",
      policy: JSON.stringify({ Version: "2012-10-17", Statement: [
        { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: managedSecretArn },
        { Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } },
      ] }),
    }, cluster),
    res("aws:rds/proxy:Proxy", "orders-proxy", "orders-proxy-x", {
      name: "orders-proxy-x", engineFamily: "POSTGRESQL", requireTls: true, debugLogging: false, idleClientTimeout: 1800, roleArn,
      vpcSecurityGroupIds: ["sg-opx"],
      auths: [{ authScheme: "SECRETS", secretArn: managedSecretArn, iamAuth: "REQUIRED", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256" }],
    }, cluster, { name: "orders-proxy-x", endpoint: `orders-proxy-x.proxy-${host}` }),
    res("aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup", "orders-proxy-targets", "orders-proxy-x", {
      dbProxyName: "orders-proxy-x", connectionPoolConfig: { maxConnectionsPercent: 90, connectionBorrowTimeout: 120 },
    }, cluster, { name: "default" }),
    res("aws:rds/proxyTarget:ProxyTarget", "orders-proxy-target", "orders-proxy-x/default/TRACKED_CLUSTER/orders-cluster-1", {
      dbProxyName: "orders-proxy-x", targetGroupName: "default", dbClusterIdentifier: "orders-cluster-1",
    }, cluster),
    rule("egress", "orders-client-to-proxy", "sg-ocl", "sg-opx", 5432, cluster),
    rule("ingress", "orders-proxy-from-client", "sg-opx", "sg-ocl", 5432, cluster),
    rule("egress", "orders-proxy-to-database", "sg-opx", "sg-odb", 5432, cluster),
    rule("ingress", "orders-db-from-proxy", "sg-odb", "sg-opx", 5432, cluster),

    legacy,
    res("aws:ec2/securityGroup:SecurityGroup", "legacy-db-sg", "sg-ldb", {}, legacy),
    res("aws:ec2/securityGroup:SecurityGroup", "legacy-proxy-sg", "sg-lpx", {}, legacy),
    res("aws:rds/parameterGroup:ParameterGroup", "legacy-params", "legacy-params", { family: "mysql8.0", parameters: [{ name: "max_connections", value: "100" }] }, legacy),
    res("aws:rds/instance:Instance", "legacy-db", "legacy-db-1", {
      identifier: "legacy-db-1", engine: "mysql", engineVersion: "8.0.40", instanceClass: "db.t4g.small", parameterGroupName: "legacy-params",
      storageEncrypted: false, deletionProtection: false, skipFinalSnapshot: true, vpcSecurityGroupIds: ["sg-ldb"], publiclyAccessible: true,
    }, legacy, { identifier: "legacy-db-1", address: `legacy-db-1.${host}`, port: 3306 }),
    res("aws:rds/proxy:Proxy", "legacy-proxy", "legacy-proxy", {
      name: "legacy-proxy", engineFamily: "MYSQL", requireTls: false, vpcSecurityGroupIds: ["sg-lpx"],
      auths: [{ authScheme: "SECRETS", secretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:elsewhere" }],
    }, legacy, { endpoint: `legacy-proxy.proxy-${host}` }),
    res("aws:rds/proxyTarget:ProxyTarget", "legacy-proxy-target", "legacy-proxy/default/RDS_INSTANCE/legacy-db-1", {
      dbProxyName: "legacy-proxy", targetGroupName: "default", dbInstanceIdentifier: "legacy-db-1",
    }, legacy),
    rule("egress", "legacy-proxy-to-database", "sg-lpx", "sg-ldb", 3306, legacy),
    rule("egress", "legacy-proxy-to-anywhere", "sg-lpx", "0.0.0.0/0", 3306, legacy),
  ];
}
