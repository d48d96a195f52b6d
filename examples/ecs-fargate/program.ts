// The ECS Fargate example as a function (index.ts runs it under Pulumi; tests run it under mocks): a
// VPC, one PostgreSQL RotatedDatabase behind a shared Secrets Manager endpoint, and an awsx Fargate
// service whose container reads the secret at run time through the client library (app/server.ts).
// The task gets exactly three things from the database: DB_SECRET_ARN in its environment, read
// access on its task role (grantRead), and the client security group on its network interface.
// Outside this repository, import from "rotated-rds" instead of "../../components".
import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { RotatedDatabase, SecretsManagerEndpoint } from "../../components";
import { SECRET_ARN_ENV } from "../../client/constants";

/** The example's project name: its config keys are `ecs-fargate:<key>`. */
export const EXAMPLE_PROJECT = "ecs-fargate";

/** Placeholder image: build app/ with its Dockerfile and set `ecs-fargate:image` to the pushed image. */
export const DEFAULT_IMAGE = "orders-api:latest";

/** Two zones: RDS subnet groups need two. */
const AVAILABILITY_ZONES = 2;

/** The port the app listens on (health checks only: the example has no load balancer). */
export const APP_PORT = 8080;

export interface EcsFargateExampleOutputs {
  clusterArn: pulumi.Output<string>;
  secretArn: pulumi.Output<string>;
  taskRoleArn: pulumi.Output<string>;
  clientSecurityGroupId: pulumi.Output<string>;
}

export function ecsFargateExample(): EcsFargateExampleOutputs {
  const config = new pulumi.Config(EXAMPLE_PROJECT);
  const image = config.get("image") ?? DEFAULT_IMAGE;
  const tags = { example: "ecs-fargate" };

  // Private subnets with one NAT gateway: the tasks pull their image and ship logs through it. Secrets
  // Manager traffic does not take it: the endpoint's private DNS answers for the whole VPC.
  const vpc = new awsx.ec2.Vpc("orders-vpc", {
    numberOfAvailabilityZones: AVAILABILITY_ZONES,
    subnetStrategy: "Auto",
    subnetSpecs: [{ type: "Private", cidrMask: 24 }, { type: "Public", cidrMask: 24 }],
    natGateways: { strategy: "Single" },
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags,
  });
  const subnetIds = Array.from({ length: AVAILABILITY_ZONES }, (_, i) => vpc.privateSubnetIds.apply((ids) => ids[i]));

  const endpoint = new SecretsManagerEndpoint("secrets-manager", { vpcId: vpc.vpcId, subnetIds, tags });
  const orders = new RotatedDatabase("orders", {
    vpcId: vpc.vpcId,
    subnetIds,
    secretsManagerAccess: { endpoint },
    engine: "postgres",
    dbName: "orders",
    // Old credentials keep working until the next rotation: tasks that miss a refresh do not fail.
    rotation: { strategy: "alternating-users", applicationUsername: "orders_app" },
    skipFinalSnapshot: true,
    tags,
  });

  // The app's role: reads the secret, nothing else. ECS assumes it for this account's tasks only.
  const accountId = aws.getCallerIdentityOutput({}).accountId;
  const taskRole = new aws.iam.Role("orders-api-task", {
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
  orders.grantRead(taskRole);

  // The task's own group: 443 out for the image registry and CloudWatch Logs through NAT. The
  // database port and the Secrets Manager endpoint come with the client group.
  const appGroup = new aws.ec2.SecurityGroup("orders-api-sg", { vpcId: vpc.vpcId, description: "orders-api tasks: HTTPS out for image pulls and logs", tags });
  new aws.vpc.SecurityGroupEgressRule("orders-api-sg-https", {
    securityGroupId: appGroup.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0",
    description: "Image registry and CloudWatch Logs through NAT", tags,
  });

  const cluster = new aws.ecs.Cluster("orders", { tags });
  const region = aws.getRegionOutput({}).region;
  new awsx.ecs.FargateService("orders-api", {
    cluster: cluster.arn,
    desiredCount: 2,
    networkConfiguration: {
      subnets: subnetIds,
      securityGroups: [orders.clientSecurityGroupId, appGroup.id],
      assignPublicIp: false,
    },
    taskDefinitionArgs: {
      taskRole: { roleArn: taskRole.arn },
      container: {
        name: "orders-api",
        image,
        cpu: 256,
        memory: 512,
        essential: true,
        portMappings: [{ containerPort: APP_PORT }],
        // Only the secret's ARN: the app fetches the credentials itself and follows every rotation.
        // No `secrets` entries, which ECS resolves once at task start and never again.
        environment: [
          { name: SECRET_ARN_ENV, value: orders.secretArn },
          { name: "AWS_REGION", value: region },
          { name: "PORT", value: String(APP_PORT) },
        ],
      },
    },
    tags,
  });

  return {
    clusterArn: cluster.arn,
    secretArn: orders.secretArn,
    taskRoleArn: taskRole.arn,
    clientSecurityGroupId: orders.clientSecurityGroupId,
  };
}
