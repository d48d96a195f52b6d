// doctor's only AWS code: read-only calls that fill a DoctorSnapshot. Nothing here judges; every call
// that fails is recorded (with its IAM action) for the checks to report.
import type { DBInstance } from "@aws-sdk/client-rds";
import type { SecretDescription, VersionEntry } from "../status/statusReport";
import { awsErrorCode, isNotFound, toCliError } from "../aws/awsCall";
import type { AwsClients } from "../aws/clients";
import { listVersions, secretSubject } from "../secret/readSecret";
import type { DbInstanceInfo, DoctorSnapshot, Fetched, FetchFailure, FunctionInfo, LogEvent, LogInfo, NetworkInfo, RuleInfo, SecurityGroupInfo } from "./snapshot";
import { isErrorLine } from "./checks/logChecks";
import { EXIT } from "../exitCodes";

/** How far back doctor searches the function's log group. */
export const LOG_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Pages of log events read at most (10 000 events): the rotation function logs a few lines per step. */
const MAX_LOG_PAGES = 10;
/** Error lines kept. */
const MAX_ERRORS = 20;

const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation", "AuthFailure"]);

function failureOf(err: unknown, action: string, subject: string): FetchFailure {
  const code = awsErrorCode(err) ?? "Error";
  return { action, code, message: toCliError(err, { action, subject }).message, accessDenied: ACCESS_DENIED.has(code), notFound: isNotFound(err) };
}

/** A failure inside a multi-call fetch, labelled with the call's own IAM action. */
class LabelledError extends Error {
  constructor(
    readonly action: string,
    readonly original: unknown,
  ) {
    super(action);
  }
}

async function labelled<T>(action: string, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (err) {
    throw new LabelledError(action, err);
  }
}

async function fetched<T>(defaultAction: string, subject: string, call: () => Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (caught) {
    const action = caught instanceof LabelledError ? caught.action : defaultAction;
    const err = caught instanceof LabelledError ? caught.original : caught;
    // Configuration errors (no credentials, no region) stop doctor as they stop every command.
    const mapped = toCliError(err, { action, subject });
    if (mapped.exitCode === EXIT.CONFIGURATION) throw mapped;
    return { ok: false, error: failureOf(err, action, subject) };
  }
}

function functionName(arn: string): string {
  const m = arn.match(/:function:([^:]+)/);
  return m ? m[1] : arn;
}

function rules(perms: { IpProtocol?: string; FromPort?: number; ToPort?: number; IpRanges?: { CidrIp?: string }[]; UserIdGroupPairs?: { GroupId?: string }[] }[] | undefined): RuleInfo[] {
  return (perms ?? []).map((p) => ({
    protocol: p.IpProtocol ?? "-1",
    ...(p.FromPort !== undefined && p.FromPort !== -1 ? { fromPort: p.FromPort } : {}),
    ...(p.ToPort !== undefined && p.ToPort !== -1 ? { toPort: p.ToPort } : {}),
    cidrs: (p.IpRanges ?? []).map((r) => r.CidrIp).filter((c): c is string => !!c),
    groupIds: (p.UserIdGroupPairs ?? []).map((g) => g.GroupId).filter((g): g is string => !!g),
  }));
}

async function gatherFunction(clients: AwsClients, arn: string): Promise<{ fn: Fetched<FunctionInfo>; policy: Fetched<string | undefined> }> {
  const lambda = await clients.lambda();
  const { GetFunctionConfigurationCommand, GetPolicyCommand } = await import("@aws-sdk/client-lambda");
  const subject = `function ${JSON.stringify(functionName(arn))}`;
  const [fn, policy] = await Promise.all([
    fetched("lambda:GetFunctionConfiguration", subject, async () => {
      const c = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: arn }));
      const name = c.FunctionName ?? functionName(arn);
      const info: FunctionInfo = {
        arn: c.FunctionArn ?? arn,
        name,
        subnetIds: c.VpcConfig?.SubnetIds ?? [],
        securityGroupIds: c.VpcConfig?.SecurityGroupIds ?? [],
        logGroup: c.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
      };
      if (c.Runtime) info.runtime = c.Runtime;
      if (c.State) info.state = c.State;
      if (c.StateReason) info.stateReason = c.StateReason;
      if (c.VpcConfig?.VpcId) info.vpcId = c.VpcConfig.VpcId;
      const variables = c.Environment?.Variables ?? {};
      if (variables.SECRETS_MANAGER_ENDPOINT) info.secretsManagerEndpoint = variables.SECRETS_MANAGER_ENDPOINT;
      if (variables.NODE_EXTRA_CA_CERTS) info.extraCaCerts = variables.NODE_EXTRA_CA_CERTS;
      if (variables.DB_TLS_VERIFY) info.tlsVerify = variables.DB_TLS_VERIFY;
      return info;
    }),
    fetched("lambda:GetPolicy", subject, async () => {
      try {
        return (await lambda.send(new GetPolicyCommand({ FunctionName: arn }))).Policy;
      } catch (err) {
        // No policy at all answers ResourceNotFoundException: that is a finding, not a failed fetch.
        if (isNotFound(err)) return undefined;
        throw err;
      }
    }),
  ]);
  return { fn, policy };
}

async function gatherDatabase(clients: AwsClients, json: Record<string, unknown> | undefined): Promise<Fetched<DbInstanceInfo | undefined>> {
  const rds = await clients.rds();
  const { DescribeDBInstancesCommand } = await import("@aws-sdk/client-rds");
  const ident = typeof json?.dbInstanceIdentifier === "string" ? json.dbInstanceIdentifier : undefined;
  const host = typeof json?.host === "string" ? json.host : undefined;
  return fetched("rds:DescribeDBInstances", ident ? `instance ${JSON.stringify(ident)}` : "RDS instances", async () => {
    let found: DBInstance | undefined;
    if (ident) {
      try {
        found = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: ident }))).DBInstances?.[0];
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    if (!found && host) {
      let marker: string | undefined;
      do {
        const page = await rds.send(new DescribeDBInstancesCommand({ Marker: marker }));
        found = page.DBInstances?.find((i) => i.Endpoint?.Address === host);
        marker = found ? undefined : page.Marker;
      } while (marker);
    }
    if (!found) return undefined;
    const info: DbInstanceInfo = {
      identifier: found.DBInstanceIdentifier ?? "?",
      engine: found.Engine ?? "?",
      subnetIds: (found.DBSubnetGroup?.Subnets ?? []).map((sn) => sn.SubnetIdentifier).filter((s): s is string => !!s),
      securityGroupIds: (found.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId).filter((g): g is string => !!g),
    };
    if (found.Endpoint?.Address) info.address = found.Endpoint.Address;
    if (found.Endpoint?.Port !== undefined) info.port = found.Endpoint.Port;
    if (found.DBInstanceStatus) info.status = found.DBInstanceStatus;
    if (found.DBSubnetGroup?.VpcId) info.vpcId = found.DBSubnetGroup.VpcId;
    return info;
  });
}

async function gatherNetwork(clients: AwsClients, fn: FunctionInfo, db: DbInstanceInfo | undefined): Promise<Fetched<NetworkInfo>> {
  const ec2 = await clients.ec2();
  const { DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcEndpointsCommand, DescribeVpcsCommand } = await import("@aws-sdk/client-ec2");
  const subject = `the subnets of function ${JSON.stringify(fn.name)}`;
  return fetched("ec2:DescribeSubnets", subject, async () => {
    // The subnets say which VPC the function runs in (moto answers a fixed VpcConfig.VpcId).
    const own = await labelled("ec2:DescribeSubnets", ec2.send(new DescribeSubnetsCommand({ SubnetIds: fn.subnetIds })));
    const vpcId = own.Subnets?.find((sn) => sn.VpcId)?.VpcId ?? (fn.vpcId as string);
    const vpcFilter = [{ Name: "vpc-id", Values: [vpcId] }];
    const [vpcs, subnets, tables, endpoints] = await Promise.all([
      labelled("ec2:DescribeVpcs", ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }))),
      labelled("ec2:DescribeSubnets", ec2.send(new DescribeSubnetsCommand({ Filters: vpcFilter }))),
      labelled("ec2:DescribeRouteTables", ec2.send(new DescribeRouteTablesCommand({ Filters: vpcFilter }))),
      labelled("ec2:DescribeVpcEndpoints", ec2.send(new DescribeVpcEndpointsCommand({ Filters: vpcFilter }))),
    ]);
    const endpointInfos = (endpoints.VpcEndpoints ?? []).map((e) => ({
      id: e.VpcEndpointId ?? "?",
      vpcId: e.VpcId ?? "",
      serviceName: e.ServiceName ?? "",
      ...(e.VpcEndpointType ? { type: e.VpcEndpointType } : {}),
      ...(e.State ? { state: e.State } : {}),
      privateDns: e.PrivateDnsEnabled === true,
      subnetIds: e.SubnetIds ?? [],
      securityGroupIds: (e.Groups ?? []).map((g) => g.GroupId).filter((g): g is string => !!g),
    }));
    const groupIds = [...new Set([...fn.securityGroupIds, ...(db?.securityGroupIds ?? []), ...endpointInfos.flatMap((e) => e.securityGroupIds)])];
    const groups = groupIds.length > 0 ? await labelled("ec2:DescribeSecurityGroups", ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds }))) : { SecurityGroups: [] };
    const securityGroups: SecurityGroupInfo[] = (groups.SecurityGroups ?? []).map((g) => ({
      id: g.GroupId ?? "?",
      ...(g.VpcId ? { vpcId: g.VpcId } : {}),
      ingress: rules(g.IpPermissions),
      egress: rules(g.IpPermissionsEgress),
    }));
    const cidrs = (vpcs.Vpcs ?? []).flatMap((v) => [v.CidrBlock, ...(v.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)]);
    return {
      vpcId,
      vpcCidrs: cidrs.filter((c, i): c is string => !!c && cidrs.indexOf(c) === i),
      subnets: (subnets.Subnets ?? []).map((sn) => ({ id: sn.SubnetId ?? "?", vpcId: sn.VpcId ?? "", ...(sn.CidrBlock ? { cidr: sn.CidrBlock } : {}), ...(sn.AvailabilityZone ? { availabilityZone: sn.AvailabilityZone } : {}) })),
      routeTables: (tables.RouteTables ?? []).map((t) => ({
        id: t.RouteTableId ?? "?",
        vpcId: t.VpcId ?? "",
        main: (t.Associations ?? []).some((a) => a.Main === true),
        subnetIds: (t.Associations ?? []).map((a) => a.SubnetId).filter((sn): sn is string => !!sn),
        routes: (t.Routes ?? []).map((r) => ({
          ...(r.DestinationCidrBlock ? { destination: r.DestinationCidrBlock } : {}),
          ...(r.NatGatewayId ? { natGatewayId: r.NatGatewayId } : {}),
          ...(r.GatewayId ? { gatewayId: r.GatewayId } : {}),
          ...(r.TransitGatewayId ? { transitGatewayId: r.TransitGatewayId } : {}),
          ...(r.InstanceId ? { instanceId: r.InstanceId } : {}),
          ...(r.NetworkInterfaceId ? { networkInterfaceId: r.NetworkInterfaceId } : {}),
          ...(r.VpcPeeringConnectionId ? { vpcPeeringConnectionId: r.VpcPeeringConnectionId } : {}),
          ...(r.State ? { state: r.State } : {}),
        })),
      })),
      endpoints: endpointInfos,
      securityGroups,
    };
  });
}

async function gatherLogs(clients: AwsClients, group: string, now: Date): Promise<Fetched<LogInfo>> {
  const logs = await clients.logs();
  const { FilterLogEventsCommand } = await import("@aws-sdk/client-cloudwatch-logs");
  const since = new Date(now.getTime() - LOG_WINDOW_MS);
  return fetched("logs:FilterLogEvents", `log group ${group}`, async () => {
    const errors: LogEvent[] = [];
    let nextToken: string | undefined;
    try {
      for (let page = 0; page < MAX_LOG_PAGES; page++) {
        const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: since.getTime(), nextToken }));
        for (const e of out.events ?? []) {
          if (e.message && isErrorLine(e.message)) errors.push({ timestamp: new Date(e.timestamp ?? 0), message: e.message });
        }
        nextToken = out.nextToken;
        if (!nextToken) break;
      }
    } catch (err) {
      if (isNotFound(err)) return { group, exists: false, errors: [], since };
      throw err;
    }
    errors.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
    return { group, exists: true, errors: errors.slice(0, MAX_ERRORS), since };
  });
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text ?? "") as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads everything doctor checks, with read-only calls only. */
export async function gatherSnapshot(clients: AwsClients, secretId: string, now: Date): Promise<DoctorSnapshot> {
  const sm = await clients.secretsManager();
  const { DescribeSecretCommand, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const region = await clients.region();
  const subject = secretSubject(secretId);
  const secret = await fetched("secretsmanager:DescribeSecret", subject, async () => (await sm.send(new DescribeSecretCommand({ SecretId: secretId }))) as SecretDescription);
  const snapshot: DoctorSnapshot = { now, region, secretId, secret };
  if (!secret.ok) return snapshot;
  const description = secret.value;
  const [versions, currentValue, fnParts] = await Promise.all([
    fetched("secretsmanager:ListSecretVersionIds", subject, async () => ((await listVersions(clients, secretId)) ?? []) as VersionEntry[]),
    fetched("secretsmanager:GetSecretValue", subject, async () => (await sm.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: "AWSCURRENT" }))).SecretString),
    description.RotationLambdaARN ? gatherFunction(clients, description.RotationLambdaARN) : Promise.resolve(undefined),
  ]);
  snapshot.versions = versions;
  snapshot.currentValue = currentValue;
  const json = currentValue.ok ? parseJson(currentValue.value) : undefined;
  const masterArn = typeof json?.masterarn === "string" && json.masterarn !== "" ? json.masterarn : undefined;
  const [database, master] = await Promise.all([
    json ? gatherDatabase(clients, json) : Promise.resolve(undefined),
    masterArn
      ? fetched("secretsmanager:DescribeSecret", secretSubject(masterArn), async () => (await sm.send(new DescribeSecretCommand({ SecretId: masterArn }))) as SecretDescription)
      : Promise.resolve(undefined),
  ]);
  if (database) snapshot.database = database;
  if (master) snapshot.master = master;
  if (fnParts) {
    snapshot.fn = fnParts.fn;
    snapshot.fnPolicy = fnParts.policy;
    if (fnParts.fn.ok) {
      const fn = fnParts.fn.value;
      const db = database?.ok ? database.value : undefined;
      const [network, logs] = await Promise.all([
        fn.subnetIds.length > 0 ? gatherNetwork(clients, fn, db) : Promise.resolve(undefined),
        gatherLogs(clients, fn.logGroup, now),
      ]);
      if (network) {
        snapshot.network = network;
        if (network.ok) fn.vpcId = network.value.vpcId;
      }
      snapshot.logs = logs;
    }
  }
  return snapshot;
}
