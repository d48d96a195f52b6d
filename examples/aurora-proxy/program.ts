// The Aurora + RDS Proxy example as a function (index.ts runs it under Pulumi; tests run it under
// mocks): a VPC with isolated private subnets, one shared Secrets Manager endpoint, an Aurora
// PostgreSQL RotatedCluster on Serverless v2 with one reader, behind an RDS Proxy that applications
// log in to with IAM, and two application roles:
// - the API's task role gets grantConnect only: it signs IAM tokens for the proxy and never holds the
//   password, so no rotation can reach it;
// - the migrations task role gets grantRead: schema migrations read the secret and log in to the
//   cluster's writer directly, with the password (a migration's session state would pin proxy
//   connections anyway).
// Outside this repository, import from "rotated-rds" instead of "../../components".
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { RotatedCluster, SecretsManagerEndpoint } from "../../components";
import type { EcsEnvironmentEntry } from "../../components";
import { SECRET_ARN_ENV } from "../../client/constants";

/** The example's project name: its config keys are `aurora-proxy:<key>`. */
export const EXAMPLE_PROJECT = "aurora-proxy";

/** Two zones: RDS subnet groups and RDS Proxy need subnets in two. */
const AVAILABILITY_ZONES = 2;

/** The user applications log in to the proxy as: the secret's user (single-user rotates its password). */
export const MASTER_USERNAME = "orders_admin";

export interface AuroraProxyExampleOutputs {
  /** Where the API connects: the proxy, with an IAM token as the password. */
  proxyEndpoint: pulumi.Output<string>;
  /** Where the API sends read-only queries: the proxy's read-only endpoint, over the reader. */
  proxyReaderEndpoint: pulumi.Output<string>;
  /** The cluster's writer endpoint (the secret's host): migrations connect here. */
  writerEndpoint: pulumi.Output<string>;
  readerEndpoint: pulumi.Output<string>;
  secretArn: pulumi.Output<string>;
  clientSecurityGroupId: pulumi.Output<string>;
  /** The API container's `environment`: the cluster's ecsEnvironment (DB_HOST = the proxy) and DB_USERNAME. */
  apiEnvironment: pulumi.Output<EcsEnvironmentEntry[]>;
  /** The migrations container's `environment`: the secret's ARN only (it reads the rest at run time). */
  migrationsEnvironment: pulumi.Output<EcsEnvironmentEntry[]>;
  apiRoleArn: pulumi.Output<string>;
  migrationsRoleArn: pulumi.Output<string>;
}

/** A role ECS tasks of this account may assume, and nothing else. */
function taskRole(name: string, accountId: pulumi.Output<string>, tags: Record<string, string>): aws.iam.Role {
  return new aws.iam.Role(name, {
    assumeRolePolicy: accountId.apply((account) => JSON.stringify({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": account } },
      }],
    })),
    tags,
  });
}

export function auroraProxyExample(): AuroraProxyExampleOutputs {
  const tags = { example: "aurora-proxy" };

  // Isolated subnets, no NAT: the cluster, the proxy and the rotation function need no internet, and
  // Secrets Manager is reached through the endpoint below.
  const vpc = new awsx.ec2.Vpc("orders-vpc", {
    numberOfAvailabilityZones: AVAILABILITY_ZONES,
    subnetStrategy: "Auto",
    subnetSpecs: [{ type: "Isolated", cidrMask: 24 }],
    natGateways: { strategy: "None" },
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags,
  });
  const subnetIds = Array.from({ length: AVAILABILITY_ZONES }, (_, i) => vpc.isolatedSubnetIds.apply((ids) => ids[i]));

  // One endpoint per VPC: every database and cluster in it shares this one.
  const endpoint = new SecretsManagerEndpoint("secrets-manager", { vpcId: vpc.vpcId, subnetIds, tags });

  const orders = new RotatedCluster("orders", {
    vpcId: vpc.vpcId,
    subnetIds,
    secretsManagerAccess: { endpoint },
    engine: "aurora-postgresql",
    instanceClass: "db.serverless",
    serverlessV2Scaling: { minCapacity: 0.5, maxCapacity: 8 },
    readers: 1,
    dbName: "orders",
    masterUsername: MASTER_USERNAME,
    // single-user (the default): the only strategy besides managed that works behind a proxy.
    // directAccess: the migrations log in to the writer with the password, which this proxy refuses
    // (it requires IAM); without it the client group would reach the cluster through the proxy only.
    proxy: { iamAuth: true, directAccess: true },
    skipFinalSnapshot: true,
    tags,
  });

  const accountId = aws.getCallerIdentityOutput({}).accountId;
  const apiRole = taskRole("orders-api-task", accountId, tags);
  orders.grantConnect(apiRole);
  const migrationsRole = taskRole("orders-migrations-task", accountId, tags);
  orders.grantRead(migrationsRole);

  return {
    // Defined: the cluster has a proxy.
    proxyEndpoint: orders.proxyEndpoint!,
    // Defined: the cluster has a proxy and a reader.
    proxyReaderEndpoint: orders.proxyReaderEndpoint!,
    writerEndpoint: orders.address,
    readerEndpoint: orders.readerEndpoint,
    secretArn: orders.secretArn,
    clientSecurityGroupId: orders.clientSecurityGroupId,
    apiEnvironment: orders.ecsEnvironment.apply((entries) => [...entries, { name: "DB_USERNAME", value: MASTER_USERNAME }]),
    migrationsEnvironment: orders.secretArn.apply((arn) => [{ name: SECRET_ARN_ENV, value: arn }]),
    apiRoleArn: apiRole.arn,
    migrationsRoleArn: migrationsRole.arn,
  };
}
