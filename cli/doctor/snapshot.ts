// Everything `doctor` looks at, fetched once by gatherSnapshot (read-only AWS calls) and then judged
// by pure checks. Each fetched part records either its value or why it could not be fetched, so a
// check can say "could not check: access denied to ec2:DescribeRouteTables" instead of guessing.
import type { SecretDescription, VersionEntry } from "../status/statusReport";

export interface FetchFailure {
  /** The IAM action of the failed call. */
  action: string;
  code: string;
  /** One line, as printed. */
  message: string;
  accessDenied: boolean;
  notFound: boolean;
}

export type Fetched<T> = { ok: true; value: T } | { ok: false; error: FetchFailure };

export interface DbInstanceInfo {
  identifier: string;
  /** The RDS engine string, e.g. `postgres`. */
  engine: string;
  address?: string;
  port?: number;
  status?: string;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  /** The Aurora cluster the instance belongs to. */
  clusterIdentifier?: string;
  masterUsername?: string;
  /** The secret RDS keeps the master password in (manageMasterUserPassword). */
  masterUserSecretArn?: string;
}

export interface DbClusterMember {
  identifier: string;
  writer: boolean;
  /** The member instance's own endpoint, when it was looked up. */
  address?: string;
}

/** An Aurora cluster, as DescribeDBClusters (and DescribeDBSubnetGroups for its subnets) answer. */
export interface DbClusterInfo {
  identifier: string;
  /** `aurora-postgresql` or `aurora-mysql`. */
  engine: string;
  /** The writer (cluster) endpoint. */
  endpoint?: string;
  readerEndpoint?: string;
  port?: number;
  status?: string;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  members: DbClusterMember[];
  masterUsername?: string;
  masterUserSecretArn?: string;
}

export interface ProxyAuthInfo {
  authScheme?: string;
  secretArn?: string;
  /** `DISABLED`, `REQUIRED` (or `ENABLED` on SQL Server). */
  iamAuth?: string;
  clientPasswordAuthType?: string;
}

export interface DbProxyInfo {
  name: string;
  endpoint?: string;
  status?: string;
  engineFamily?: string;
  requireTls: boolean;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  auth: ProxyAuthInfo[];
}

export interface ProxyTargetInfo {
  /** `RDS_INSTANCE`, `TRACKED_CLUSTER` or `RDS_SERVERLESS_ENDPOINT`. */
  type?: string;
  rdsResourceId?: string;
  endpoint?: string;
  port?: number;
  /** TargetHealth.State: `AVAILABLE`, `UNAVAILABLE`, `REGISTERING`. */
  state?: string;
  reason?: string;
  description?: string;
}

/** Why doctor looked for a proxy: the stack outputs name one, the secret's host looks like one, or no database has the host. */
export type ProxyLookupCause = "stack-outputs" | "host";

export interface ProxyLookup {
  /** The endpoint looked for. */
  endpoint: string;
  cause: ProxyLookupCause;
  /** The proxy whose endpoint it is; undefined inside when none. */
  proxy: Fetched<DbProxyInfo | undefined>;
  /** Its targets (DescribeDBProxyTargets), when the proxy was found. */
  targets?: Fetched<ProxyTargetInfo[]>;
}

export interface FunctionInfo {
  arn: string;
  name: string;
  runtime?: string;
  state?: string;
  stateReason?: string;
  vpcId?: string;
  subnetIds: string[];
  securityGroupIds: string[];
  logGroup: string;
  /** The function's SECRETS_MANAGER_ENDPOINT, when it overrides the SDK's regional endpoint. */
  secretsManagerEndpoint?: string;
  /** NODE_EXTRA_CA_CERTS and DB_TLS_VERIFY from the function's environment (no secret is kept there). */
  extraCaCerts?: string;
  tlsVerify?: string;
}

export interface SubnetInfo {
  id: string;
  vpcId: string;
  cidr?: string;
  availabilityZone?: string;
}

export interface RouteInfo {
  destination?: string;
  natGatewayId?: string;
  gatewayId?: string;
  transitGatewayId?: string;
  instanceId?: string;
  networkInterfaceId?: string;
  vpcPeeringConnectionId?: string;
  state?: string;
}

export interface RouteTableInfo {
  id: string;
  vpcId: string;
  main: boolean;
  subnetIds: string[];
  routes: RouteInfo[];
}

export interface EndpointInfo {
  id: string;
  vpcId: string;
  serviceName: string;
  type?: string;
  state?: string;
  privateDns: boolean;
  subnetIds: string[];
  securityGroupIds: string[];
}

export interface RuleInfo {
  /** `-1` for all traffic, else `tcp`, `udp`, `icmp` or a protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  groupIds: string[];
}

export interface SecurityGroupInfo {
  id: string;
  vpcId?: string;
  ingress: RuleInfo[];
  egress: RuleInfo[];
}

export interface NetworkInfo {
  /** The VPC the function's subnets are in. */
  vpcId: string;
  vpcCidrs: string[];
  subnets: SubnetInfo[];
  routeTables: RouteTableInfo[];
  endpoints: EndpointInfo[];
  securityGroups: SecurityGroupInfo[];
}

export interface LogEvent {
  timestamp: Date;
  message: string;
}

export interface LogInfo {
  group: string;
  exists: boolean;
  /** Error lines in the window, newest first. */
  errors: LogEvent[];
  /** How far back the search went. */
  since: Date;
}

export interface DoctorSnapshot {
  now: Date;
  region: string;
  secretId: string;
  secret: Fetched<SecretDescription>;
  versions?: Fetched<VersionEntry[]>;
  /** AWSCURRENT's SecretString; undefined inside when the version holds only SecretBinary. */
  currentValue?: Fetched<string | undefined>;
  /** The master secret named by `masterarn` (alternating-users); absent without one. */
  master?: Fetched<SecretDescription>;
  /** The instance the secret names (dbInstanceIdentifier, else the one whose endpoint is `host`); undefined inside when none matches. */
  database?: Fetched<DbInstanceInfo | undefined>;
  /**
   * The Aurora cluster the secret names (dbClusterIdentifier, else the one whose writer or reader
   * endpoint is `host`, else the cluster of the instance found); absent for an instance secret.
   */
  cluster?: Fetched<DbClusterInfo | undefined>;
  /** The RDS Proxy looked up (stack outputs' proxyEndpoint, or the secret's host); absent when none was. */
  proxy?: ProxyLookup;
  fn?: Fetched<FunctionInfo>;
  /** The function's resource policy JSON; undefined inside when it has none. */
  fnPolicy?: Fetched<string | undefined>;
  network?: Fetched<NetworkInfo>;
  logs?: Fetched<LogInfo>;
}

export type CheckStatus = "ok" | "warning" | "failure";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** One line: why this status. */
  why: string;
  /** On failure (and some warnings): what to do. */
  fix?: string;
}

export function ok(id: string, title: string, why: string): CheckResult {
  return { id, title, status: "ok", why };
}

export function warning(id: string, title: string, why: string, fix?: string): CheckResult {
  return { id, title, status: "warning", why, ...(fix ? { fix } : {}) };
}

export function failure(id: string, title: string, why: string, fix: string): CheckResult {
  return { id, title, status: "failure", why, fix };
}

/** "could not check" for a part that failed to fetch. */
export function notChecked(id: string, title: string, error: FetchFailure): CheckResult {
  return warning(
    id,
    title,
    `could not check: ${error.message}`,
    error.accessDenied ? `grant ${error.action} to the caller to run this check` : undefined,
  );
}

/** Why checks of the function cannot run: it is named by no secret, or could not be read. */
export function functionUnavailable(s: DoctorSnapshot): string {
  return s.fn ? "not checked: the function could not be read" : "not checked: the secret names no rotation function";
}
