// The rotation function's way to Secrets Manager (the failure behind issue 10's story): a function in
// a VPC has no internet, so every subnet it runs in needs either the VPC's Secrets Manager interface
// endpoint with private DNS, or a default route to a NAT gateway. Then the security groups on that
// path and on the way to the database.
import { failure, functionUnavailable, notChecked, ok, warning, type CheckResult, type DoctorSnapshot, type EndpointInfo, type FunctionInfo, type NetworkInfo, type RouteTableInfo, type SecurityGroupInfo } from "../snapshot";
import { databaseTarget, noTargetReason, targetLookupFailure } from "../databaseTarget";
import { groupAllowing, type Peer } from "./securityGroupRules";

export const HTTPS_PORT = 443;

export function secretsManagerServiceName(region: string): string {
  return `com.amazonaws.${region}.secretsmanager`;
}

/** How the function reaches Secrets Manager. */
export type SecretsManagerPath =
  | { kind: "no-vpc" }
  | { kind: "endpoint"; endpoint: EndpointInfo }
  | { kind: "nat"; subnetIds: string[] }
  | { kind: "none" }
  | { kind: "unknown" };

function fnAndNetwork(s: DoctorSnapshot): { fn?: FunctionInfo; net?: NetworkInfo } {
  return { fn: s.fn?.ok ? s.fn.value : undefined, net: s.network?.ok ? s.network.value : undefined };
}

/** The route table a subnet uses: its explicit association, else the VPC's main table. */
export function routeTableFor(subnetId: string, vpcId: string, tables: RouteTableInfo[]): RouteTableInfo | undefined {
  return tables.find((t) => t.subnetIds.includes(subnetId)) ?? tables.find((t) => t.main && t.vpcId === vpcId);
}

type SubnetEgress = { kind: "nat"; via: string } | { kind: "igw"; via: string } | { kind: "other"; via: string } | { kind: "none" };

function defaultRoute(table: RouteTableInfo | undefined): SubnetEgress {
  const route = table?.routes.find((r) => r.destination === "0.0.0.0/0" && r.state !== "blackhole");
  if (!route) return { kind: "none" };
  if (route.natGatewayId) return { kind: "nat", via: route.natGatewayId };
  if (route.gatewayId?.startsWith("igw-")) return { kind: "igw", via: route.gatewayId };
  const via = route.transitGatewayId ?? route.instanceId ?? route.networkInterfaceId ?? route.vpcPeeringConnectionId ?? route.gatewayId ?? "?";
  return { kind: "other", via };
}

/** Endpoints for Secrets Manager in the function's VPC, and the one the function's SDK resolves to (private DNS, or its SECRETS_MANAGER_ENDPOINT override). */
export function secretsManagerEndpoints(s: DoctorSnapshot, fn: FunctionInfo, net: NetworkInfo): { all: EndpointInfo[]; usable?: EndpointInfo } {
  const all = net.endpoints.filter((e) => e.vpcId === fn.vpcId && e.serviceName === secretsManagerServiceName(s.region) && (e.type ?? "Interface") === "Interface");
  const live = all.filter((e) => (e.state ?? "available").toLowerCase() === "available");
  const override = fn.secretsManagerEndpoint;
  const usable = live.find((e) => e.privateDns) ?? (override ? live.find((e) => override.includes(e.id)) : undefined);
  return { all, ...(usable ? { usable } : {}) };
}

export function secretsManagerPath(s: DoctorSnapshot): SecretsManagerPath {
  const { fn, net } = fnAndNetwork(s);
  if (!fn) return { kind: "unknown" };
  if (!fn.vpcId || fn.subnetIds.length === 0) return { kind: "no-vpc" };
  if (!net) return { kind: "unknown" };
  const { usable } = secretsManagerEndpoints(s, fn, net);
  if (usable) return { kind: "endpoint", endpoint: usable };
  const natSubnets = fn.subnetIds.filter((id) => defaultRoute(routeTableFor(id, fn.vpcId as string, net.routeTables)).kind === "nat");
  return natSubnets.length > 0 ? { kind: "nat", subnetIds: natSubnets } : { kind: "none" };
}

export function checkFunctionNetwork(s: DoctorSnapshot): CheckResult {
  const id = "function-network";
  const title = "The function's subnets reach Secrets Manager (VPC endpoint with private DNS, or NAT)";
  const { fn, net } = fnAndNetwork(s);
  if (!fn) return warning(id, title, functionUnavailable(s));
  if (!fn.vpcId || fn.subnetIds.length === 0) return ok(id, title, `function ${fn.name} is not in a VPC: it reaches Secrets Manager's public endpoint`);
  if (!s.network) return warning(id, title, "not checked");
  if (!s.network.ok) return notChecked(id, title, s.network.error);
  const network = net as NetworkInfo;
  const service = secretsManagerServiceName(s.region);
  const { all, usable } = secretsManagerEndpoints(s, fn, network);
  if (usable) {
    return ok(id, title, `endpoint ${usable.id} (${service}, private DNS ${usable.privateDns ? "on" : "off, used through SECRETS_MANAGER_ENDPOINT"}) in ${fn.vpcId} serves all ${fn.subnetIds.length} subnets`);
  }
  const withoutDns = all.find((e) => !e.privateDns && (e.state ?? "available").toLowerCase() === "available");
  const notAvailable = all.find((e) => (e.state ?? "available").toLowerCase() !== "available");
  const lacking: string[] = [];
  const viaNat: string[] = [];
  const notes: string[] = [];
  for (const subnetId of fn.subnetIds) {
    const table = routeTableFor(subnetId, fn.vpcId, network.routeTables);
    const route = defaultRoute(table);
    const az = network.subnets.find((sn) => sn.id === subnetId)?.availabilityZone;
    const label = `${subnetId}${az ? ` (${az})` : ""}`;
    if (route.kind === "nat") viaNat.push(label);
    else {
      lacking.push(label);
      if (route.kind === "igw") notes.push(`${subnetId} routes 0.0.0.0/0 to ${route.via}, an internet gateway, but a Lambda function's network interfaces have no public IP`);
      if (route.kind === "other") notes.push(`${subnetId} routes 0.0.0.0/0 to ${route.via}, which this check cannot follow`);
    }
  }
  if (lacking.length === 0) return ok(id, title, `every subnet routes 0.0.0.0/0 to a NAT gateway (${viaNat.join(", ")}); no Secrets Manager endpoint in ${fn.vpcId}`);
  const endpointFix = withoutDns
    ? `turn on private DNS: aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${withoutDns.id} --private-dns-enabled (the VPC needs enableDnsSupport and enableDnsHostnames)`
    : `create an interface endpoint: aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id ${fn.vpcId} --service-name ${service} --private-dns-enabled --subnet-ids <subnets> --security-group-ids <group admitting 443 from ${fn.securityGroupIds.join(", ") || "the function"}>`;
  const cause = withoutDns
    ? `endpoint ${withoutDns.id} in ${fn.vpcId} has private DNS off, so secretsmanager.${s.region}.amazonaws.com resolves to the public endpoint, which the function cannot reach`
    : notAvailable
      ? `endpoint ${notAvailable.id} in ${fn.vpcId} is ${notAvailable.state}, not available`
      : `no Secrets Manager VPC endpoint (${service}) in ${fn.vpcId}`;
  const why = `${cause}, and subnet${lacking.length > 1 ? "s" : ""} ${lacking.join(", ")} ${lacking.length > 1 ? "have" : "has"} no route to a NAT gateway${notes.length > 0 ? ` (${notes.join("; ")})` : ""}: every Secrets Manager call of the function times out`;
  const status = viaNat.length > 0 ? warning : failure;
  return status(id, title, viaNat.length > 0 ? `${why}; ${viaNat.join(", ")} use a NAT gateway, so rotations fail when the function runs there` : why, `${endpointFix}; or route 0.0.0.0/0 from these subnets to a NAT gateway`);
}

/** The check's line when no database target was found: the failed lookup, or that none matches. */
function notFound(s: DoctorSnapshot, id: string, title: string): CheckResult {
  const failed = targetLookupFailure(s);
  return failed ? notChecked(id, title, failed) : warning(id, title, noTargetReason(s));
}

function groupsById(net: NetworkInfo, ids: string[]): SecurityGroupInfo[] {
  return ids.map((id) => net.securityGroups.find((g) => g.id === id)).filter((g): g is SecurityGroupInfo => g !== undefined);
}

function cidrsOf(net: NetworkInfo, subnetIds: string[]): string[] {
  return subnetIds.map((id) => net.subnets.find((sn) => sn.id === id)?.cidr).filter((c): c is string => c !== undefined);
}

export function checkEndpointSecurityGroups(s: DoctorSnapshot): CheckResult {
  const id = "endpoint-security-groups";
  const title = "Security groups let the function reach Secrets Manager on 443";
  const path = secretsManagerPath(s);
  const { fn, net } = fnAndNetwork(s);
  if (path.kind === "no-vpc") return ok(id, title, "the function is not in a VPC: no security group applies");
  if (!fn || !net) return s.network && !s.network.ok ? notChecked(id, title, s.network.error) : warning(id, title, functionUnavailable(s));
  if (path.kind === "none" || path.kind === "unknown") return warning(id, title, "not checked: the function has no path to Secrets Manager (see the check above)");
  const fnGroups = groupsById(net, fn.securityGroupIds);
  const fnPeer: Peer = { groupIds: fn.securityGroupIds, cidrs: cidrsOf(net, fn.subnetIds) };
  if (path.kind === "nat") {
    const out = groupAllowing(fnGroups, "egress", HTTPS_PORT, { groupIds: [], cidrs: ["0.0.0.0/32"] });
    if (!out) return failure(id, title, `the function's groups (${fn.securityGroupIds.join(", ")}) allow no egress on 443 to the internet, which the NAT path needs`, `add an egress rule: aws ec2 authorize-security-group-egress --group-id ${fn.securityGroupIds[0]} --protocol tcp --port 443 --cidr 0.0.0.0/0`);
    return ok(id, title, `group ${out} allows egress on 443 to the internet (through the NAT gateway)`);
  }
  const endpoint = path.endpoint;
  const epGroups = groupsById(net, endpoint.securityGroupIds);
  const epPeer: Peer = { groupIds: endpoint.securityGroupIds, cidrs: cidrsOf(net, endpoint.subnetIds) };
  const out = groupAllowing(fnGroups, "egress", HTTPS_PORT, epPeer);
  const into = groupAllowing(epGroups, "ingress", HTTPS_PORT, fnPeer);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (!out) {
    problems.push(`the function's groups (${fn.securityGroupIds.join(", ") || "none"}) allow no egress on 443 to endpoint ${endpoint.id}'s groups (${endpoint.securityGroupIds.join(", ")}) or subnets`);
    fixes.push(`aws ec2 authorize-security-group-egress --group-id ${fn.securityGroupIds[0] ?? "<function group>"} --ip-permissions IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${endpoint.securityGroupIds[0] ?? "<endpoint group>"}}]`);
  }
  if (!into) {
    problems.push(`endpoint ${endpoint.id}'s groups (${endpoint.securityGroupIds.join(", ") || "none"}) admit no ingress on 443 from the function's groups (${fn.securityGroupIds.join(", ")}) or subnets`);
    fixes.push(`aws ec2 authorize-security-group-ingress --group-id ${endpoint.securityGroupIds[0] ?? "<endpoint group>"} --protocol tcp --port 443 --source-group ${fn.securityGroupIds[0] ?? "<function group>"}`);
  }
  if (problems.length > 0) return failure(id, title, `${problems.join("; ")}: Secrets Manager calls time out`, fixes.join("; "));
  return ok(id, title, `egress 443 from ${out} to endpoint ${endpoint.id}, ingress 443 on ${into} from the function`);
}

export function checkDatabaseSecurityGroups(s: DoctorSnapshot): CheckResult {
  const id = "database-security-groups";
  const title = "Security groups let the function reach the database on its port";
  const { fn, net } = fnAndNetwork(s);
  const db = databaseTarget(s);
  if (!fn) return warning(id, title, functionUnavailable(s));
  if (!db) return notFound(s, id, title);
  if (!fn.vpcId || fn.subnetIds.length === 0) return warning(id, title, "not checked: the function is not in a VPC (see database-reachable)");
  if (!net) return s.network && !s.network.ok ? notChecked(id, title, s.network.error) : warning(id, title, "not checked");
  const port = db.port;
  if (port === undefined) return warning(id, title, `not checked: ${db.label} has no endpoint port yet`);
  const fnPeer: Peer = { groupIds: fn.securityGroupIds, cidrs: cidrsOf(net, fn.subnetIds) };
  const dbPeer: Peer = { groupIds: db.securityGroupIds, cidrs: cidrsOf(net, db.subnetIds) };
  const out = groupAllowing(groupsById(net, fn.securityGroupIds), "egress", port, dbPeer);
  const dbGroups = groupsById(net, db.securityGroupIds);
  const into = groupAllowing(dbGroups, "ingress", port, fnPeer);
  const problems: string[] = [];
  const fixes: string[] = [];
  if (!out) {
    problems.push(`the function's groups (${fn.securityGroupIds.join(", ")}) allow no egress on ${port} to the database's groups (${db.securityGroupIds.join(", ")})`);
    fixes.push(`aws ec2 authorize-security-group-egress --group-id ${fn.securityGroupIds[0]} --ip-permissions IpProtocol=tcp,FromPort=${port},ToPort=${port},UserIdGroupPairs=[{GroupId=${db.securityGroupIds[0]}}]`);
  }
  if (!into) {
    problems.push(`the database's groups (${db.securityGroupIds.join(", ")}) admit no ingress on ${port} from the function's groups (${fn.securityGroupIds.join(", ")})`);
    fixes.push(`aws ec2 authorize-security-group-ingress --group-id ${db.securityGroupIds[0]} --protocol tcp --port ${port} --source-group ${fn.securityGroupIds[0]}`);
  }
  if (problems.length > 0) return failure(id, title, `${problems.join("; ")}: setSecret cannot log in`, fixes.join("; "));
  return ok(id, title, `egress ${port} from ${out} to the database, ingress ${port} on ${into} from the function`);
}

export function checkDatabaseReachable(s: DoctorSnapshot): CheckResult {
  const id = "database-reachable";
  const title = "The database is reachable from the function's network";
  const fn = s.fn?.ok ? s.fn.value : undefined;
  const db = databaseTarget(s);
  if (!fn) return warning(id, title, functionUnavailable(s));
  if (!db) return notFound(s, id, title);
  if (db.status && db.status !== "available") return warning(id, title, `${db.label} is ${db.status}, not available`, "wait until it is available, then rotate");
  if (!fn.vpcId || fn.subnetIds.length === 0) {
    return failure(id, title, `function ${fn.name} is not in a VPC, so it cannot reach ${db.label} in ${db.vpcId ?? "its VPC"} on its private address`, `put the function in ${db.vpcId ?? "the database's VPC"} (subnets and a security group the database admits)`);
  }
  if (db.vpcId && db.vpcId !== fn.vpcId) {
    return failure(id, title, `function ${fn.name} runs in ${fn.vpcId} but ${db.label} is in ${db.vpcId}`, `put the function in ${db.vpcId}, or peer the VPCs and route between them`);
  }
  return ok(id, title, `function and ${db.label} are both in ${fn.vpcId}; ${db.kind} ${db.status ?? "state unknown"}`);
}
