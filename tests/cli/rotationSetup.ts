// A rotation set up in moto the way this project's component sets it up, for doctor: a VPC with two
// subnets, the rotation function in them, a Secrets Manager interface endpoint with private DNS, the
// three security groups with exactly the rules of design.md section 5 (moto's default allow-all egress
// removed), an RDS PostgreSQL instance, the secret in the AWS JSON shape, the invoke permission and a
// log group. Options break one thing at a time. moto models VPCs, subnets, route tables (with the main
// table), NAT gateways, interface endpoints with PrivateDnsEnabled, security groups, Lambda functions
// with VpcConfig, RDS instances and log groups well enough for this; where it does not (the function's
// VpcConfig.VpcId, rotation rules), motoAws.ts says so. With `database: "cluster"` the database is an
// Aurora PostgreSQL cluster with a writer instance and the secret is a cluster secret (writer
// endpoint, dbClusterIdentifier); `proxy` puts an RDS Proxy with its own security group in front of it.
// moto models clusters, their endpoints, managed master secrets, proxies and proxy targets (see
// docs/moto-deviations.md for where it differs).
import * as crypto from "crypto";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AllocateAddressCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBProxyCommand, CreateDBSubnetGroupCommand, RDSClient, RegisterDBProxyTargetsCommand } from "@aws-sdk/client-rds";
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { MOTO_REGION } from "../services";
import { allowSecretsManager, awsConfig, createFunction, createRole, enableRotation } from "./motoAws";

export interface SetupOptions {
  /** The VPC's Secrets Manager endpoint. @default "private-dns" */
  endpoint?: "private-dns" | "no-private-dns" | "none";
  /** A NAT gateway route in the VPC's main route table (no explicit association). @default false */
  nat?: boolean;
  /** The function's group allows no 443 egress (only the database port). @default false */
  block443?: boolean;
  /** The secret's engine; null leaves the field out. @default "postgres" ("aurora-postgresql" for a cluster) */
  engine?: string | null;
  /** An RDS instance, or an Aurora PostgreSQL cluster with a writer instance. @default "instance" */
  database?: "instance" | "cluster";
  /** A cluster secret's host: the writer (cluster) endpoint, the reader endpoint, or the proxy's endpoint. @default "writer" */
  secretHost?: "writer" | "reader" | "proxy";
  /** The cluster's master password managed by RDS (manageMasterUserPassword) instead of the secret's. @default false */
  managedMaster?: boolean;
  /** An RDS Proxy in front of the database, with its own group admitted by the database's. */
  proxy?: ProxyOptions;
}

export interface ProxyOptions {
  /** @default true */
  requireTls?: boolean;
  /** The proxy's auth names another secret than the rotated one. @default false */
  otherSecret?: boolean;
  /** IAM authentication of clients (IAMAuth REQUIRED). @default false */
  iamAuth?: boolean;
  /** The database's group does not admit the proxy's. @default false */
  blockDatabase?: boolean;
}

export interface RotationSetup {
  vpcId: string;
  subnetIds: [string, string];
  functionSg: string;
  endpointSg: string;
  databaseSg: string;
  endpointId?: string;
  natGatewayId?: string;
  fn: { arn: string; name: string };
  db: { identifier: string; address: string; port: number };
  /** The cluster, with database "cluster" (db is then its writer instance). */
  cluster?: { identifier: string; endpoint: string; readerEndpoint: string; masterSecretArn?: string };
  proxy?: { name: string; endpoint: string; securityGroupId: string };
  secret: { arn: string; name: string };
  logGroup: string;
  /** The secret's password, for the no-leak checks. */
  password: string;
}

const DB_PORT = 5432;
const HTTPS = 443;

export async function buildRotationSetup(endpoint: string, options: SetupOptions = {}): Promise<RotationSetup> {
  const ec2 = new EC2Client(awsConfig(endpoint));
  const rds = new RDSClient(awsConfig(endpoint));
  const sm = new SecretsManagerClient(awsConfig(endpoint));
  const logs = new CloudWatchLogsClient(awsConfig(endpoint));
  const tag = crypto.randomBytes(4).toString("hex");
  const octet = crypto.randomInt(0, 250);

  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${octet}.0.0/16` }))).Vpc?.VpcId as string;
  const subnet = async (third: number, az: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${octet}.${third}.0/24`, AvailabilityZone: `${MOTO_REGION}${az}` }))).Subnet?.SubnetId as string;
  const subnetIds: [string, string] = [await subnet(1, "a"), await subnet(2, "b")];

  const group = async (name: string) => {
    const id = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: `${name}-${tag}`, Description: name }))).GroupId as string;
    await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: id, IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }] }));
    return id;
  };
  const functionSg = await group("rotation");
  const endpointSg = await group("endpoint");
  const databaseSg = await group("database");
  const tcp = (port: number, peer: { group?: string; cidr?: string }) => ({
    IpProtocol: "tcp",
    FromPort: port,
    ToPort: port,
    ...(peer.group ? { UserIdGroupPairs: [{ GroupId: peer.group }] } : {}),
    ...(peer.cidr ? { IpRanges: [{ CidrIp: peer.cidr }] } : {}),
  });
  await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: functionSg, IpPermissions: [tcp(DB_PORT, { group: databaseSg })] }));
  if (!options.block443) {
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: functionSg, IpPermissions: [options.nat ? tcp(HTTPS, { cidr: "0.0.0.0/0" }) : tcp(HTTPS, { group: endpointSg })] }));
  }
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: endpointSg, IpPermissions: [tcp(HTTPS, { group: functionSg })] }));
  await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: databaseSg, IpPermissions: [tcp(DB_PORT, { group: functionSg })] }));

  const setup: Partial<RotationSetup> = { vpcId, subnetIds, functionSg, endpointSg, databaseSg };
  const endpointKind = options.endpoint ?? (options.nat ? "none" : "private-dns");
  if (endpointKind !== "none") {
    const created = await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: "Interface",
        ServiceName: `com.amazonaws.${MOTO_REGION}.secretsmanager`,
        PrivateDnsEnabled: endpointKind === "private-dns",
        SubnetIds: subnetIds,
        SecurityGroupIds: [endpointSg],
      }),
    );
    setup.endpointId = created.VpcEndpoint?.VpcEndpointId as string;
  }
  if (options.nat) {
    const allocation = await ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
    const nat = await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetIds[0], AllocationId: allocation.AllocationId }));
    setup.natGatewayId = nat.NatGateway?.NatGatewayId as string;
    const main = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }] }))).RouteTables?.[0];
    await ec2.send(new CreateRouteCommand({ RouteTableId: main?.RouteTableId, DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: setup.natGatewayId }));
  }

  // The environment the component sets: the runtime's RDS CA bundle (Node.js 20+ does not trust it by default).
  const fn = await createFunction(endpoint, { subnetIds, securityGroupIds: [functionSg], environment: { NODE_EXTRA_CA_CERTS: "/var/runtime/ca-cert.pem" } });
  const identifier = `db-${tag}`;
  await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: `subnets-${tag}`, DBSubnetGroupDescription: "database subnets", SubnetIds: subnetIds }));
  const password = crypto.randomBytes(18).toString("base64url");
  const value: Record<string, unknown> = { port: DB_PORT, username: "app", password, dbname: "postgres" };
  let db: RotationSetup["db"];
  if (options.database === "cluster") {
    const clusterId = `cluster-${tag}`;
    const created = (
      await rds.send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: clusterId,
          Engine: "aurora-postgresql",
          EngineVersion: "16.4",
          MasterUsername: "app",
          ...(options.managedMaster ? { ManageMasterUserPassword: true } : { MasterUserPassword: crypto.randomBytes(12).toString("hex") }),
          DBSubnetGroupName: `subnets-${tag}`,
          VpcSecurityGroupIds: [databaseSg],
          Port: DB_PORT,
          DatabaseName: "postgres",
        }),
      )
    ).DBCluster;
    const writer = (await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: identifier, DBClusterIdentifier: clusterId, Engine: "aurora-postgresql", DBInstanceClass: "db.r6g.large" }))).DBInstance;
    setup.cluster = {
      identifier: clusterId,
      endpoint: created?.Endpoint as string,
      readerEndpoint: created?.ReaderEndpoint as string,
      ...(created?.MasterUserSecret?.SecretArn ? { masterSecretArn: created.MasterUserSecret.SecretArn } : {}),
    };
    db = { identifier, address: writer?.Endpoint?.Address as string, port: DB_PORT };
    Object.assign(value, { host: options.secretHost === "reader" ? setup.cluster.readerEndpoint : setup.cluster.endpoint, dbClusterIdentifier: clusterId });
    if (options.engine !== null) value.engine = options.engine ?? "aurora-postgresql";
  } else {
    const instance = (
      await rds.send(
        new CreateDBInstanceCommand({
          DBInstanceIdentifier: identifier,
          Engine: "postgres",
          DBInstanceClass: "db.t4g.micro",
          AllocatedStorage: 20,
          MasterUsername: "app",
          MasterUserPassword: crypto.randomBytes(12).toString("hex"),
          DBSubnetGroupName: `subnets-${tag}`,
          VpcSecurityGroupIds: [databaseSg],
          Port: DB_PORT,
        }),
      )
    ).DBInstance;
    db = { identifier, address: instance?.Endpoint?.Address as string, port: DB_PORT };
    Object.assign(value, { host: db.address, dbInstanceIdentifier: identifier });
    if (options.engine !== null) value.engine = options.engine ?? "postgres";
  }
  // Key order as the component writes it: engine first.
  const ordered = { engine: value.engine, ...value };
  if (ordered.engine === undefined) delete ordered.engine;
  const created = await sm.send(new CreateSecretCommand({ Name: `app-db-${tag}`, SecretString: JSON.stringify(ordered) }));
  const secret = { arn: created.ARN as string, name: created.Name as string };
  if (options.proxy) {
    const p = options.proxy;
    const proxySg = await group("proxy");
    await ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: proxySg, IpPermissions: [tcp(DB_PORT, { group: databaseSg })] }));
    if (!p.blockDatabase) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: databaseSg, IpPermissions: [tcp(DB_PORT, { group: proxySg })] }));
    const authSecret = p.otherSecret ? (await sm.send(new CreateSecretCommand({ Name: `other-db-${tag}`, SecretString: JSON.stringify({ username: "other", password: "x" }) }))).ARN : secret.arn;
    const name = `proxy-${tag}`;
    const proxy = await rds.send(
      new CreateDBProxyCommand({
        DBProxyName: name,
        EngineFamily: "POSTGRESQL",
        Auth: [{ AuthScheme: "SECRETS", SecretArn: authSecret, IAMAuth: p.iamAuth ? "REQUIRED" : "DISABLED", ClientPasswordAuthType: "POSTGRES_SCRAM_SHA_256" }],
        RoleArn: await createRole(endpoint),
        VpcSubnetIds: subnetIds,
        VpcSecurityGroupIds: [proxySg],
        RequireTLS: p.requireTls ?? true,
      }),
    );
    await rds.send(new RegisterDBProxyTargetsCommand({ DBProxyName: name, ...(setup.cluster ? { DBClusterIdentifiers: [setup.cluster.identifier] } : { DBInstanceIdentifiers: [identifier] }) }));
    setup.proxy = { name, endpoint: proxy.DBProxy?.Endpoint as string, securityGroupId: proxySg };
    if (options.secretHost === "proxy") {
      await sm.send(new PutSecretValueCommand({ SecretId: secret.arn, SecretString: JSON.stringify({ ...ordered, host: setup.proxy.endpoint }), VersionStages: ["AWSCURRENT"] }));
    }
  }
  await allowSecretsManager(endpoint, fn.name, secret.arn);
  await enableRotation(endpoint, secret.arn, fn.arn);

  const logGroup = `/aws/lambda/${fn.name}`;
  // moto's CreateFunction may have made the group already, as Lambda does on the first invocation.
  await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup })).catch((err: Error) => {
    if (err.name !== "ResourceAlreadyExistsException") throw err;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: logGroup, logStreamName: "2026/12/01/[$LATEST]0" }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: logGroup,
      logStreamName: "2026/12/01/[$LATEST]0",
      logEvents: [{ timestamp: Date.now() - 60_000, message: JSON.stringify({ level: "info", message: "finishSecret: AWSCURRENT moved", step: "finishSecret", secretArn: secret.arn }) }],
    }),
  );
  return { ...(setup as RotationSetup), fn, db, secret, logGroup, password };
}

/** What a failed rotation leaves: AWSPENDING on a new version that never became AWSCURRENT. */
export async function leavePendingVersion(endpoint: string, secretArn: string): Promise<string> {
  const sm = new SecretsManagerClient(awsConfig(endpoint));
  const versionId = crypto.randomUUID();
  await sm.send(new PutSecretValueCommand({ SecretId: secretArn, ClientRequestToken: versionId, SecretString: JSON.stringify({ pending: true }), VersionStages: ["AWSPENDING"] }));
  return versionId;
}

/** An error line in the function's log, as Lambda writes it when the function times out. */
export async function logTimeout(endpoint: string, logGroup: string): Promise<string> {
  const logs = new CloudWatchLogsClient(awsConfig(endpoint));
  const message = "2026-12-01T10:00:00.000Z 1b2c3d4e Task timed out after 135.00 seconds";
  await logs.send(new PutLogEventsCommand({ logGroupName: logGroup, logStreamName: "2026/12/01/[$LATEST]0", logEvents: [{ timestamp: Date.now() - 30_000, message }] }));
  return message;
}
