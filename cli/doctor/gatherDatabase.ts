// doctor's RDS lookups, read-only: the instance or Aurora cluster a secret names, and the RDS Proxy
// in front of it with its targets' health. A cluster secret (dbClusterIdentifier, an Aurora engine
// string, or a cluster endpoint as host) is looked up with DescribeDBClusters, an instance secret
// with DescribeDBInstances; an instance that turns out to be an Aurora member brings its cluster.
import type { DBCluster, DBInstance, RDSClient } from "@aws-sdk/client-rds";
import { isNotFound } from "../aws/awsCall";
import type { AwsClients } from "../aws/clients";
import type { DatabaseEndpoints } from "../secret/resolveSecretId";
import { fetched, labelled } from "./fetched";
import type { DbClusterInfo, DbInstanceInfo, DbProxyInfo, Fetched, ProxyLookup, ProxyLookupCause, ProxyTargetInfo } from "./snapshot";

/** `<cluster>.cluster-<id>.…` (writer) or `<cluster>.cluster-ro-<id>.…` (reader): AWS's cluster endpoint names. */
export const CLUSTER_HOST = /^[^.]+\.cluster-(ro-)?[a-z0-9]+\./i;
/** `<proxy>.proxy-<id>.<region>.rds.amazonaws.com`: AWS's proxy endpoint names. */
export const PROXY_HOST = /^[^.]+\.proxy-[a-z0-9]+\./i;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const ids = (values: (string | undefined)[] | undefined): string[] => (values ?? []).filter((v): v is string => !!v);

/**
 * One RDS lookup as doctor does it for instances and clusters alike: by identifier when the secret
 * names one (not found is no error), else the first of the account's pages that `matches` the host.
 */
async function findByIdentifierOrHost<T>(
  label: string,
  ident: string | undefined,
  host: string | undefined,
  byIdentifier: (ident: string) => Promise<T | undefined>,
  page: (marker: string | undefined) => Promise<{ items: T[] | undefined; marker: string | undefined }>,
  matches: (item: T, host: string) => boolean,
): Promise<T | undefined> {
  if (ident) {
    try {
      const found = await labelled(label, byIdentifier(ident));
      if (found) return found;
    } catch (err) {
      if (!isNotFound((err as { original?: unknown }).original)) throw err;
    }
  }
  if (!host) return undefined;
  let marker: string | undefined;
  do {
    const next = await labelled(label, page(marker));
    const found = next.items?.find((item) => matches(item, host));
    if (found) return found;
    marker = next.marker;
  } while (marker);
  return undefined;
}

async function findInstance(rds: RDSClient, ident: string | undefined, host: string | undefined): Promise<DBInstance | undefined> {
  const { DescribeDBInstancesCommand } = await import("@aws-sdk/client-rds");
  return findByIdentifierOrHost("rds:DescribeDBInstances", ident, host,
    async (id) => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0],
    async (marker) => {
      const r = await rds.send(new DescribeDBInstancesCommand({ Marker: marker }));
      return { items: r.DBInstances, marker: r.Marker };
    },
    (i, h) => i.Endpoint?.Address === h);
}

async function findCluster(rds: RDSClient, ident: string | undefined, host: string | undefined): Promise<DBCluster | undefined> {
  const { DescribeDBClustersCommand } = await import("@aws-sdk/client-rds");
  return findByIdentifierOrHost("rds:DescribeDBClusters", ident, host,
    async (id) => (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0],
    async (marker) => {
      const r = await rds.send(new DescribeDBClustersCommand({ Marker: marker }));
      return { items: r.DBClusters, marker: r.Marker };
    },
    (c, h) => c.Endpoint === h || c.ReaderEndpoint === h);
}

function instanceInfo(found: DBInstance): DbInstanceInfo {
  const info: DbInstanceInfo = {
    identifier: found.DBInstanceIdentifier ?? "?",
    engine: found.Engine ?? "?",
    subnetIds: ids((found.DBSubnetGroup?.Subnets ?? []).map((sn) => sn.SubnetIdentifier)),
    securityGroupIds: ids((found.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId)),
  };
  if (found.Endpoint?.Address) info.address = found.Endpoint.Address;
  if (found.Endpoint?.Port !== undefined) info.port = found.Endpoint.Port;
  if (found.DBInstanceStatus) info.status = found.DBInstanceStatus;
  if (found.DBSubnetGroup?.VpcId) info.vpcId = found.DBSubnetGroup.VpcId;
  if (found.DBClusterIdentifier) info.clusterIdentifier = found.DBClusterIdentifier;
  if (found.MasterUsername) info.masterUsername = found.MasterUsername;
  if (found.MasterUserSecret?.SecretArn) info.masterUserSecretArn = found.MasterUserSecret.SecretArn;
  return info;
}

async function clusterInfo(rds: RDSClient, found: DBCluster): Promise<DbClusterInfo> {
  const info: DbClusterInfo = {
    identifier: found.DBClusterIdentifier ?? "?",
    engine: found.Engine ?? "?",
    subnetIds: [],
    securityGroupIds: ids((found.VpcSecurityGroups ?? []).map((g) => g.VpcSecurityGroupId)),
    members: (found.DBClusterMembers ?? []).map((m) => ({ identifier: m.DBInstanceIdentifier ?? "?", writer: m.IsClusterWriter === true })),
  };
  if (found.Endpoint) info.endpoint = found.Endpoint;
  if (found.ReaderEndpoint) info.readerEndpoint = found.ReaderEndpoint;
  if (found.Port !== undefined) info.port = found.Port;
  if (found.Status) info.status = found.Status;
  if (found.MasterUsername) info.masterUsername = found.MasterUsername;
  if (found.MasterUserSecret?.SecretArn) info.masterUserSecretArn = found.MasterUserSecret.SecretArn;
  // A cluster names its subnet group only: the subnets (and so the VPC and the CIDR blocks the
  // security-group checks use) come from DescribeDBSubnetGroups.
  if (found.DBSubnetGroup) {
    const { DescribeDBSubnetGroupsCommand } = await import("@aws-sdk/client-rds");
    const group = (await labelled("rds:DescribeDBSubnetGroups", rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: found.DBSubnetGroup })))).DBSubnetGroups?.[0];
    info.subnetIds = ids((group?.Subnets ?? []).map((sn) => sn.SubnetIdentifier));
    if (group?.VpcId) info.vpcId = group.VpcId;
  }
  return info;
}

export interface GatheredDatabases {
  database?: Fetched<DbInstanceInfo | undefined>;
  cluster?: Fetched<DbClusterInfo | undefined>;
  /** A lookup failed (access denied, throttled): "no database has this host" is then unknown. */
  failed: boolean;
}

/** Whether the secret describes an Aurora cluster rather than an instance. */
export function looksLikeCluster(json: Record<string, unknown>): boolean {
  const host = str(json.host);
  return str(json.dbClusterIdentifier) !== undefined || (str(json.engine)?.startsWith("aurora") ?? false) || (host !== undefined && CLUSTER_HOST.test(host));
}

export async function gatherDatabases(clients: AwsClients, json: Record<string, unknown>): Promise<GatheredDatabases> {
  const rds = await clients.rds();
  const host = str(json.host);
  const instanceId = str(json.dbInstanceIdentifier);
  const clusterId = str(json.dbClusterIdentifier);
  const instanceSubject = instanceId ? `instance ${JSON.stringify(instanceId)}` : "RDS instances";
  const clusterSubject = (id: string | undefined) => (id ? `cluster ${JSON.stringify(id)}` : "Aurora clusters");
  const out: GatheredDatabases = { failed: false };
  if (looksLikeCluster(json)) {
    out.cluster = await fetched("rds:DescribeDBClusters", clusterSubject(clusterId), async () => {
      const found = await findCluster(rds, clusterId, host);
      return found ? clusterInfo(rds, found) : undefined;
    });
    const cluster = out.cluster.ok ? out.cluster.value : undefined;
    // A host that is not one of the cluster's endpoints may be one of its instances' (or nothing).
    if (out.cluster.ok && host && host !== cluster?.endpoint && host !== cluster?.readerEndpoint) {
      out.database = await fetched("rds:DescribeDBInstances", "RDS instances", async () => {
        const found = await findInstance(rds, undefined, host);
        return found ? instanceInfo(found) : undefined;
      });
      const member = out.database.ok ? out.database.value : undefined;
      if (!cluster && member?.clusterIdentifier) {
        out.cluster = await fetched("rds:DescribeDBClusters", clusterSubject(member.clusterIdentifier), async () => {
          const found = await findCluster(rds, member.clusterIdentifier, undefined);
          return found ? clusterInfo(rds, found) : undefined;
        });
      }
    }
  } else {
    out.database = await fetched("rds:DescribeDBInstances", instanceSubject, async () => {
      const found = await findInstance(rds, instanceId, host);
      return found ? instanceInfo(found) : undefined;
    });
    const member = out.database.ok ? out.database.value : undefined;
    if (member?.clusterIdentifier) {
      out.cluster = await fetched("rds:DescribeDBClusters", clusterSubject(member.clusterIdentifier), async () => {
        const found = await findCluster(rds, member.clusterIdentifier, undefined);
        return found ? clusterInfo(rds, found) : undefined;
      });
    }
  }
  out.failed = (out.database !== undefined && !out.database.ok) || (out.cluster !== undefined && !out.cluster.ok);
  return out;
}

/** Which proxy to look for: the stack outputs' proxyEndpoint, else the secret's host when it looks like a proxy's or no database has it. */
export function proxyLookupFor(json: Record<string, unknown> | undefined, endpoints: DatabaseEndpoints, noDatabaseHasHost: boolean): { endpoint: string; cause: ProxyLookupCause } | undefined {
  if (endpoints.proxyEndpoint) return { endpoint: endpoints.proxyEndpoint, cause: "stack-outputs" };
  const host = str(json?.host);
  if (host && (PROXY_HOST.test(host) || noDatabaseHasHost)) return { endpoint: host, cause: "host" };
  return undefined;
}

function proxyInfo(p: NonNullable<import("@aws-sdk/client-rds").DescribeDBProxiesCommandOutput["DBProxies"]>[number]): DbProxyInfo {
  const info: DbProxyInfo = {
    name: p.DBProxyName ?? "?",
    requireTls: p.RequireTLS === true,
    subnetIds: p.VpcSubnetIds ?? [],
    securityGroupIds: p.VpcSecurityGroupIds ?? [],
    auth: (p.Auth ?? []).map((a) => ({
      ...(a.AuthScheme ? { authScheme: a.AuthScheme } : {}),
      ...(a.SecretArn ? { secretArn: a.SecretArn } : {}),
      ...(a.IAMAuth ? { iamAuth: a.IAMAuth } : {}),
      ...(a.ClientPasswordAuthType ? { clientPasswordAuthType: a.ClientPasswordAuthType } : {}),
    })),
  };
  if (p.Endpoint) info.endpoint = p.Endpoint;
  if (p.Status) info.status = p.Status;
  if (p.EngineFamily) info.engineFamily = p.EngineFamily;
  if (p.VpcId) info.vpcId = p.VpcId;
  return info;
}

export async function gatherProxy(clients: AwsClients, lookup: { endpoint: string; cause: ProxyLookupCause }): Promise<ProxyLookup> {
  const rds = await clients.rds();
  const { DescribeDBProxiesCommand, DescribeDBProxyTargetsCommand } = await import("@aws-sdk/client-rds");
  const proxy = await fetched("rds:DescribeDBProxies", "RDS proxies", async () => {
    let marker: string | undefined;
    do {
      const page = await rds.send(new DescribeDBProxiesCommand({ Marker: marker }));
      const found = page.DBProxies?.find((p) => p.Endpoint === lookup.endpoint);
      if (found) return proxyInfo(found);
      marker = page.Marker;
    } while (marker);
    return undefined;
  });
  const result: ProxyLookup = { ...lookup, proxy };
  const name = proxy.ok ? proxy.value?.name : undefined;
  if (name) {
    result.targets = await fetched("rds:DescribeDBProxyTargets", `proxy ${JSON.stringify(name)}`, async () => {
      const targets: ProxyTargetInfo[] = [];
      let marker: string | undefined;
      do {
        const page = await rds.send(new DescribeDBProxyTargetsCommand({ DBProxyName: name, Marker: marker }));
        for (const t of page.Targets ?? []) {
          targets.push({
            ...(t.Type ? { type: t.Type } : {}),
            ...(t.RdsResourceId ? { rdsResourceId: t.RdsResourceId } : {}),
            ...(t.Endpoint ? { endpoint: t.Endpoint } : {}),
            ...(t.Port !== undefined ? { port: t.Port } : {}),
            ...(t.TargetHealth?.State ? { state: t.TargetHealth.State } : {}),
            ...(t.TargetHealth?.Reason ? { reason: t.TargetHealth.Reason } : {}),
            ...(t.TargetHealth?.Description ? { description: t.TargetHealth.Description } : {}),
          });
        }
        marker = page.Marker;
      } while (marker);
      return targets;
    });
  }
  return result;
}
