// Each RDS Proxy a plan declares, as the facts a reviewer checks: engine family, whether it requires
// TLS, how clients authenticate (the secret it logs in with, IAM required or disabled, the client
// password auth type), what it targets, its endpoint and extra endpoints (a cluster's read-only one),
// security groups, role and pool settings, and the network paths through it (client -> proxy ->
// database) with the rules declaring each side.
// Plain data, so the text and the JSON plan carry the same facts.
import { collectRoles } from "./iamStatements";
import { collectNetworkRules, collectPaths, NetworkPath, pathSides } from "./networkRules";
import { RecordedResource, unwrapSecrets } from "./recorder";
import { componentType, ResourceIndex } from "./resourceIndex";
import { PROXY_TARGET } from "./databaseSummary";

export const PROXY = "aws:rds/proxy:Proxy";
const TARGET_GROUP = "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup";
const PROXY_ENDPOINT = "aws:rds/proxyEndpoint:ProxyEndpoint";

export interface ProxyAuthFacts {
  authScheme: string | null;
  /** The secret's name (the declared Secret, or the RDS-managed master secret), or its ARN. */
  secret: string | null;
  secretArn: string | null;
  /** "REQUIRED" or "DISABLED" (RDS Proxy's default when unset). */
  iamAuth: string;
  clientPasswordAuthType: string | null;
}

export interface ProxyTargetFacts {
  kind: "instance" | "cluster";
  identifier: string;
  /** The declared Instance or Cluster resource's name, or the identifier. */
  name: string;
  /** Names of the target's security groups (empty when the program does not declare the target). */
  securityGroups: string[];
}

/** One hop through the proxy, sources and destinations by name. */
export interface ProxyHop {
  from: string;
  to: string;
  ports: string;
  /** Which rules declare it: "egress <rule> + ingress <rule>", or which side is missing. */
  declaredBy: string;
}

export interface ProxyFacts {
  component: string | null;
  /** "RotatedDatabase" or "RotatedCluster"; null outside one. */
  componentType: string | null;
  /** The Proxy resource's name and URN. */
  name: string;
  urn: string;
  /** The proxy's own name in RDS. */
  proxyName: string;
  engineFamily: string | null;
  requireTls: boolean;
  auth: ProxyAuthFacts[];
  endpoint: string | null;
  /**
   * Extra endpoints (ProxyEndpoint) besides the default one, which reaches only the writer: a
   * RotatedCluster with readers declares one READ_ONLY endpoint for them. `endpointName` is its name in RDS.
   */
  extraEndpoints: Array<{ name: string; endpointName: string | null; targetRole: string | null; endpoint: string | null }>;
  securityGroups: string[];
  role: { name: string; assumedBy: string[]; trustConditions: unknown[] } | null;
  targets: ProxyTargetFacts[];
  pool: { maxConnectionsPercent: number | null; connectionBorrowTimeout: number | null } | null;
  idleClientTimeout: number | null;
  debugLogging: boolean;
  /** Paths into the proxy's groups: who may connect to it. */
  clients: ProxyHop[];
  /** Paths out of the proxy's groups: where it may connect. */
  upstream: ProxyHop[];
  /**
   * Paths by which the proxy's clients reach its target's groups directly, around the proxy (the
   * database's own client rules); empty when the database admits them only through the proxy.
   */
  direct: ProxyHop[];
}

function inputsOf(r: RecordedResource): Record<string, unknown> {
  return unwrapSecrets(r.inputs) as Record<string, unknown>;
}
function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}
function num(v: unknown): number | null {
  return typeof v === "number" ? v : null;
}

function hop(index: ResourceIndex, p: NetworkPath): ProxyHop {
  return { from: index.nameOf(p.from), to: index.nameOf(p.to), ports: p.ports, declaredBy: pathSides(index, p) };
}

function targetOf(index: ResourceIndex, t: RecordedResource): ProxyTargetFacts {
  const i = inputsOf(t);
  const cluster = str(i.dbClusterIdentifier);
  const identifier = cluster ?? str(i.dbInstanceIdentifier) ?? "?";
  const database = index.lookup(identifier);
  const groups = database ? inputsOf(database).vpcSecurityGroupIds : undefined;
  return {
    kind: cluster ? "cluster" : "instance", identifier, name: database?.name ?? identifier,
    securityGroups: Array.isArray(groups) ? groups.map((g) => index.nameOf(g)) : [],
  };
}

function proxyFacts(index: ResourceIndex, proxy: RecordedResource, paths: readonly NetworkPath[], roles: ReturnType<typeof collectRoles>): ProxyFacts {
  const i = inputsOf(proxy);
  const proxyName = str(unwrapSecrets(proxy.state.name)) ?? str(i.name) ?? proxy.id ?? proxy.name;
  const ofThisProxy = (r: RecordedResource) => inputsOf(r).dbProxyName === proxyName;
  const groups = Array.isArray(i.vpcSecurityGroupIds) ? i.vpcSecurityGroupIds.map(String) : [];
  const role = roles.find((r) => r.role.urn === index.lookup(i.roleArn)?.urn);
  const targets = index.ofType(PROXY_TARGET).filter(ofThisProxy);
  const clients = paths.filter((p) => groups.includes(p.to));
  const targetGroups = new Set(targets.flatMap((t) => {
    const database = index.lookup(str(inputsOf(t).dbClusterIdentifier) ?? inputsOf(t).dbInstanceIdentifier);
    const ids = database ? inputsOf(database).vpcSecurityGroupIds : undefined;
    return Array.isArray(ids) ? ids.map(String) : [];
  }));
  const clientSources = new Set(clients.map((p) => p.from));
  const pool = index.ofType(TARGET_GROUP).filter(ofThisProxy).map((g) => (inputsOf(g).connectionPoolConfig ?? {}) as Record<string, unknown>)[0];
  return {
    component: index.componentOf(proxy)?.name ?? null,
    componentType: componentType(index, proxy),
    name: proxy.name, urn: proxy.urn, proxyName,
    engineFamily: str(i.engineFamily),
    requireTls: i.requireTls === true,
    auth: ((i.auths as Array<Record<string, unknown>> | undefined) ?? []).map((a) => ({
      authScheme: str(a.authScheme),
      secret: str(a.secretArn) ? index.nameOf(a.secretArn) : null,
      secretArn: str(a.secretArn),
      iamAuth: str(a.iamAuth) ?? "DISABLED",
      clientPasswordAuthType: str(a.clientPasswordAuthType),
    })),
    endpoint: str(unwrapSecrets(proxy.state.endpoint)),
    extraEndpoints: index.ofType(PROXY_ENDPOINT).filter(ofThisProxy).map((e) => ({
      name: e.name, endpointName: str(inputsOf(e).dbProxyEndpointName), targetRole: str(inputsOf(e).targetRole),
      endpoint: str(unwrapSecrets(e.state.endpoint)),
    })),
    securityGroups: groups.map((g) => index.nameOf(g)),
    role: role ? {
      name: role.role.name, assumedBy: role.assumedBy,
      trustConditions: role.trust.map((t) => t.condition).filter((c) => c !== undefined),
    } : null,
    targets: targets.map((t) => targetOf(index, t)),
    pool: pool ? { maxConnectionsPercent: num(pool.maxConnectionsPercent), connectionBorrowTimeout: num(pool.connectionBorrowTimeout) } : null,
    idleClientTimeout: num(i.idleClientTimeout),
    debugLogging: i.debugLogging === true,
    clients: clients.map((p) => hop(index, p)),
    upstream: paths.filter((p) => groups.includes(p.from)).map((p) => hop(index, p)),
    direct: paths.filter((p) => p.ingress && clientSources.has(p.from) && targetGroups.has(p.to)).map((p) => hop(index, p)),
  };
}

/** Every RDS Proxy the plan declares, in registration order. */
export function collectProxies(index: ResourceIndex, paths: readonly NetworkPath[] = collectPaths(collectNetworkRules(index))): ProxyFacts[] {
  const proxies = index.ofType(PROXY);
  if (proxies.length === 0) return [];
  const roles = collectRoles(index);
  return proxies.map((p) => proxyFacts(index, p, paths, roles));
}
