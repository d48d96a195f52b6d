// A consumer program that declares what issue 11 added, written against the installed package as a
// user would: a RotatedCluster (Aurora PostgreSQL on Serverless v2, one reader) behind an RDS Proxy
// with IAM authentication, next to a RotatedDatabase, both on one shared SecretsManagerEndpoint, and
// an application role granted the proxy connection. tests/package/package.test.ts copies it into the
// consumer project, type-checks it there and runs it under mocks; the repository's own tsconfig
// leaves it out, since "rotated-rds" resolves only inside that project.
import * as aws from "@pulumi/aws";
import { RotatedCluster, RotatedDatabase, SecretsManagerEndpoint } from "rotated-rds";

const vpcId = "vpc-0123456789abcdef0";
const subnetIds = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"];

const endpoint = new SecretsManagerEndpoint("shared", { vpcId, subnetIds });
const orders = new RotatedCluster("orders", {
  vpcId, subnetIds, secretsManagerAccess: { endpoint },
  engine: "aurora-postgresql",
  serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 8 },
  readers: 1,
  proxy: { iamAuth: true },
});
const billing = new RotatedDatabase("billing", { vpcId, subnetIds, secretsManagerAccess: { endpoint }, engine: "mysql" });

const appRole = new aws.iam.Role("app", {
  assumeRolePolicy: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
  }),
});
orders.grantConnect(appRole);
billing.grantRead(appRole);

export const ordersAddress = orders.address;
export const ordersReaderEndpoint = orders.readerEndpoint;
export const ordersSecretArn = orders.secretArn;
export const ordersProxyEndpoint = orders.proxyEndpoint;
export const ordersProxyConnectPolicyDocument = orders.proxyConnectPolicyDocument;
export const billingAddress = billing.address;
