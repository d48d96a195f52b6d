// doctor's only AWS code: read-only calls that fill a DoctorSnapshot. Nothing here judges; every call
// that fails is recorded (with its IAM action) for the checks to report.
import type { SecretDescription, VersionEntry } from "../status/statusReport";
import { isNotFound } from "../aws/awsCall";
import type { AwsClients } from "../aws/clients";
import type { DatabaseEndpoints } from "../secret/resolveSecretId";
import { listVersions, secretSubject } from "../secret/readSecret";
import type { DoctorSnapshot, Fetched, FunctionInfo, LogEvent, LogInfo, NetworkInfo, RuleInfo, SecurityGroupInfo } from "./snapshot";
import { isErrorLine } from "./checks/logChecks";
import { fetched, labelled } from "./fetched";
import { databaseTarget } from "./databaseTarget";
import { gatherDatabases, gatherProxy, proxyLookupFor } from "./gatherDatabase";

/** How far back doctor searches the function's log group. */
export const LOG_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Pages of log events read at most (10 000 events): the rotation function logs a few lines per step. */
const MAX_LOG_PAGES = 10;
/** Error lines kept. */
const MAX_ERRORS = 20;

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

async function gatherNetwork(clients: AwsClients, fn: FunctionInfo, dbGroupIds: string[]): Promise<Fetched<NetworkInfo>> {
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
    const groupIds = [...new Set([...fn.securityGroupIds, ...dbGroupIds, ...endpointInfos.flatMap((e) => e.securityGroupIds)])];
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

/** Whether `host` is the address of the instance or an endpoint of the cluster found. */
function hostIsDatabaseEndpoint(s: DoctorSnapshot, host: unknown): boolean {
  const cluster = s.cluster?.ok ? s.cluster.value : undefined;
  const db = s.database?.ok ? s.database.value : undefined;
  return host !== undefined && (host === cluster?.endpoint || host === cluster?.readerEndpoint || host === db?.address);
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text ?? "") as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads everything doctor checks, with read-only calls only. `endpoints` are what the stack outputs name for the database. */
export async function gatherSnapshot(clients: AwsClients, secretId: string, now: Date, endpoints: DatabaseEndpoints = {}): Promise<DoctorSnapshot> {
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
  const early = proxyLookupFor(json, endpoints, false);
  const [databases, master, earlyProxy] = await Promise.all([
    json ? gatherDatabases(clients, json) : Promise.resolve(undefined),
    masterArn
      ? fetched("secretsmanager:DescribeSecret", secretSubject(masterArn), async () => (await sm.send(new DescribeSecretCommand({ SecretId: masterArn }))) as SecretDescription)
      : Promise.resolve(undefined),
    early ? gatherProxy(clients, early) : Promise.resolve(undefined),
  ]);
  if (databases?.database) snapshot.database = databases.database;
  if (databases?.cluster) snapshot.cluster = databases.cluster;
  if (master) snapshot.master = master;
  // A host that no instance or cluster has may be a proxy's endpoint (which rotation cannot log in through).
  const late = earlyProxy ? undefined : proxyLookupFor(json, endpoints, databases !== undefined && !databases.failed && !hostIsDatabaseEndpoint(snapshot, json?.host));
  const proxy = earlyProxy ?? (late ? await gatherProxy(clients, late) : undefined);
  if (proxy) snapshot.proxy = proxy;
  if (fnParts) {
    snapshot.fn = fnParts.fn;
    snapshot.fnPolicy = fnParts.policy;
    if (fnParts.fn.ok) {
      const fn = fnParts.fn.value;
      const target = databaseTarget(snapshot);
      const proxyGroups = proxy?.proxy.ok ? (proxy.proxy.value?.securityGroupIds ?? []) : [];
      const [network, logs] = await Promise.all([
        fn.subnetIds.length > 0 ? gatherNetwork(clients, fn, [...(target?.securityGroupIds ?? []), ...proxyGroups]) : Promise.resolve(undefined),
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
