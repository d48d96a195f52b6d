// Each database a plan declares, an RDS instance or an Aurora cluster, as the facts a reviewer checks
// before `pulumi up`: engine and version, capacity (instance class or Serverless v2 range), the writer
// and readers, endpoints, whether the parameter group forces TLS, encryption, deletion protection,
// backups, its security groups and who may reach them. Read from the recorded inputs and the mocks'
// outputs; plain data, so the text and the JSON plan carry the same facts.
import { ENGINE_FACTS } from "../components/engines";
import { collectPaths, collectNetworkRules, NetworkPath } from "./networkRules";
import { RecordedResource, unwrapSecrets } from "./recorder";
import { componentType, ResourceIndex } from "./resourceIndex";

export const INSTANCE = "aws:rds/instance:Instance";
export const CLUSTER = "aws:rds/cluster:Cluster";
export const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup";
const CLUSTER_PARAMETER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
export const PROXY_TARGET = "aws:rds/proxyTarget:ProxyTarget";

/** One DB instance of a database: the instance itself, or a cluster's writer or reader. */
export interface DatabaseMember {
  name: string;
  identifier: string;
  role: "writer" | "reader";
  /** "db.r6g.large", or "db.serverless" for Serverless v2. */
  instanceClass: string | null;
  endpoint: string | null;
  publiclyAccessible: boolean;
}

/** The TLS-forcing parameter the engine needs, and whether the group the database uses sets it. */
export interface TlsFacts {
  /** Name of the (cluster) parameter group the database uses; null when it uses RDS's default. */
  parameterGroup: string | null;
  /** `rds.force_ssl=1`; null for an engine without known facts. */
  parameter: string | null;
  present: boolean;
}

export interface DatabaseFacts {
  /** The RotatedDatabase or RotatedCluster it belongs to; null outside one. */
  component: string | null;
  /** "RotatedDatabase" or "RotatedCluster"; null outside one. */
  componentType: string | null;
  kind: "instance" | "cluster";
  /** The Instance or Cluster resource's name and URN. */
  name: string;
  urn: string;
  identifier: string;
  engine: string;
  engineVersion: string | null;
  /** "db.t4g.micro", "db.r6g.large", "Serverless v2 0.5-8 ACU". */
  capacity: string;
  serverlessV2: { minCapacity: number; maxCapacity: number } | null;
  /** The instance itself, or the cluster's writer first, then its readers. */
  members: DatabaseMember[];
  multiAz: boolean | null;
  /** The instance's address, or the cluster's writer endpoint. */
  writerEndpoint: string | null;
  /** The cluster's reader endpoint; null for an instance. */
  readerEndpoint: string | null;
  port: number | null;
  tls: TlsFacts;
  storageEncrypted: boolean;
  /** The customer key's name (or ARN); null for RDS's default key. */
  kmsKey: string | null;
  deletionProtection: boolean;
  finalSnapshot: boolean;
  backupRetentionDays: number | null;
  /** Names of its security groups. */
  securityGroups: string[];
  /** Who may reach it: the paths into its groups, sources by name. */
  reachableFrom: Array<{ from: string; ports: string }>;
  /** Names of the proxies that target it. */
  proxies: string[];
}

function inputsOf(r: RecordedResource): Record<string, unknown> {
  return unwrapSecrets(r.inputs) as Record<string, unknown>;
}
function stateOf(r: RecordedResource): Record<string, unknown> {
  return unwrapSecrets(r.state) as Record<string, unknown>;
}
function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === "number" ? v : typeof v === "string" && v !== "" && !isNaN(Number(v)) ? Number(v) : null;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

/** "1", "on" and "true" all enable a boolean parameter. */
function enabling(value: unknown): string {
  const v = String(value ?? "").toLowerCase();
  return ["1", "on", "true"].includes(v) ? "1" : v;
}

function tlsFacts(index: ResourceIndex, engine: string, groupRef: unknown, groupType: string): TlsFacts {
  const facts = (ENGINE_FACTS as Record<string, { tlsParameter: { name: string; value: string } } | undefined>)[engine];
  const group = index.lookup(groupRef);
  const parameterGroup = group?.type === groupType ? group.name : str(groupRef);
  if (!facts) return { parameterGroup, parameter: null, present: false };
  const { name, value } = facts.tlsParameter;
  const declared = group?.type === groupType ? (inputsOf(group).parameters as Array<{ name?: unknown; value?: unknown }> | undefined) ?? [] : [];
  return {
    parameterGroup,
    parameter: `${name}=${value}`,
    present: declared.some((p) => p.name === name && enabling(p.value) === enabling(value)),
  };
}

function kmsKeyName(index: ResourceIndex, ref: unknown): string | null {
  if (str(ref) === null) return null;
  return index.nameOf(ref);
}

function reachableFrom(index: ResourceIndex, paths: readonly NetworkPath[], groups: readonly string[]): DatabaseFacts["reachableFrom"] {
  return paths.filter((p) => groups.includes(p.to) && p.ingress).map((p) => ({ from: index.nameOf(p.from), ports: p.ports }));
}

function proxiesOf(index: ResourceIndex, key: "dbInstanceIdentifier" | "dbClusterIdentifier", identifier: string): string[] {
  return index.ofType(PROXY_TARGET).filter((t) => inputsOf(t)[key] === identifier)
    .map((t) => index.lookup(inputsOf(t).dbProxyName)?.name ?? String(inputsOf(t).dbProxyName));
}

/** What an instance and a cluster state alike: storage, protection, backups, who reaches them, and the proxies in front. */
function protectionAndAccess(
  index: ResourceIndex,
  i: Record<string, unknown>,
  paths: readonly NetworkPath[],
  proxyKey: "dbInstanceIdentifier" | "dbClusterIdentifier",
  identifier: string,
): Pick<DatabaseFacts, "storageEncrypted" | "kmsKey" | "deletionProtection" | "finalSnapshot" | "backupRetentionDays" | "securityGroups" | "reachableFrom" | "proxies"> {
  const groups = strings(i.vpcSecurityGroupIds);
  return {
    storageEncrypted: i.storageEncrypted === true,
    kmsKey: kmsKeyName(index, i.kmsKeyId),
    deletionProtection: i.deletionProtection === true,
    finalSnapshot: i.skipFinalSnapshot !== true,
    backupRetentionDays: num(i.backupRetentionPeriod),
    securityGroups: groups.map((g) => index.nameOf(g)),
    reachableFrom: reachableFrom(index, paths, groups),
    proxies: proxiesOf(index, proxyKey, identifier),
  };
}

function instanceFacts(index: ResourceIndex, r: RecordedResource, paths: readonly NetworkPath[]): DatabaseFacts {
  const i = inputsOf(r);
  const s = stateOf(r);
  const engine = str(i.engine) ?? "?";
  const identifier = str(s.identifier) ?? r.id ?? r.name;
  const address = str(s.address);
  return {
    component: index.componentOf(r)?.name ?? null,
    componentType: componentType(index, r),
    kind: "instance", name: r.name, urn: r.urn, identifier, engine,
    engineVersion: str(i.engineVersion),
    capacity: str(i.instanceClass) ?? "?",
    serverlessV2: null,
    members: [{ name: r.name, identifier, role: "writer", instanceClass: str(i.instanceClass), endpoint: address, publiclyAccessible: i.publiclyAccessible === true }],
    multiAz: i.multiAz === true,
    writerEndpoint: address,
    readerEndpoint: null,
    port: num(s.port),
    tls: tlsFacts(index, engine, i.parameterGroupName, PARAMETER_GROUP),
    ...protectionAndAccess(index, i, paths, "dbInstanceIdentifier", identifier),
  };
}

function memberOf(r: RecordedResource): DatabaseMember {
  const i = inputsOf(r);
  const s = stateOf(r);
  const writer = typeof s.writer === "boolean" ? s.writer : (num(i.promotionTier) ?? 0) === 0;
  return {
    name: r.name, identifier: str(s.identifier) ?? r.id ?? r.name, role: writer ? "writer" : "reader",
    instanceClass: str(i.instanceClass), endpoint: str(s.endpoint), publiclyAccessible: i.publiclyAccessible === true,
  };
}

function clusterFacts(index: ResourceIndex, r: RecordedResource, paths: readonly NetworkPath[]): DatabaseFacts {
  const i = inputsOf(r);
  const s = stateOf(r);
  const engine = str(i.engine) ?? "?";
  const identifier = str(s.clusterIdentifier) ?? r.id ?? r.name;
  const members = index.ofType(CLUSTER_INSTANCE)
    .filter((m) => inputsOf(m).clusterIdentifier === identifier)
    .map(memberOf)
    .sort((a, b) => (a.role === b.role ? 0 : a.role === "writer" ? -1 : 1));
  const scaling = i.serverlessv2ScalingConfiguration as Record<string, unknown> | undefined;
  const serverlessV2 = scaling ? { minCapacity: num(scaling.minCapacity) ?? 0, maxCapacity: num(scaling.maxCapacity) ?? 0 } : null;
  const classes = [...new Set(members.map((m) => m.instanceClass ?? "?"))];
  const capacity = [
    ...classes.filter((c) => c !== "db.serverless"),
    ...(serverlessV2 || classes.includes("db.serverless") ? [`Serverless v2 ${serverlessV2 ? `${serverlessV2.minCapacity}-${serverlessV2.maxCapacity} ACU` : "(no scaling configuration)"}`] : []),
  ].join(" + ") || "no instances";
  return {
    component: index.componentOf(r)?.name ?? null,
    componentType: componentType(index, r),
    kind: "cluster", name: r.name, urn: r.urn, identifier, engine,
    engineVersion: str(i.engineVersion),
    capacity, serverlessV2, members,
    multiAz: null,
    writerEndpoint: str(s.endpoint),
    readerEndpoint: str(s.readerEndpoint),
    port: num(s.port),
    tls: tlsFacts(index, engine, i.dbClusterParameterGroupName, CLUSTER_PARAMETER_GROUP),
    ...protectionAndAccess(index, i, paths, "dbClusterIdentifier", identifier),
  };
}

/** Every RDS instance (outside a cluster) and Aurora cluster the plan declares, in registration order. */
export function collectDatabases(index: ResourceIndex, paths: readonly NetworkPath[] = collectPaths(collectNetworkRules(index))): DatabaseFacts[] {
  return index.resources.flatMap((r) =>
    r.type === INSTANCE ? [instanceFacts(index, r, paths)] : r.type === CLUSTER ? [clusterFacts(index, r, paths)] : []);
}
