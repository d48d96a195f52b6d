// An RDS Proxy in front of the database (named by the stack outputs, or the secret's host): it is
// available, requires TLS, reads this secret, and its targets are this database and healthy. RDS
// Proxy reads only username and password from the secret; clients log in with them (or with an IAM
// token when the proxy requires IAM authentication).
import { databaseTarget } from "../databaseTarget";
import { failure, notChecked, ok, warning, type CheckResult, type DbProxyInfo, type DoctorSnapshot, type NetworkInfo } from "../snapshot";
import { groupAllowing } from "./securityGroupRules";

function secretArnOf(s: DoctorSnapshot): string {
  return s.secret.ok ? (s.secret.value.ARN ?? s.secretId) : s.secretId;
}

function foundProxy(s: DoctorSnapshot): DbProxyInfo | undefined {
  return s.proxy?.proxy.ok ? s.proxy.proxy.value : undefined;
}

/** A secret whose host is the proxy's endpoint: the rotation function would log in through the proxy. */
export function hostIsProxy(s: DoctorSnapshot, host: unknown): DbProxyInfo | undefined {
  const proxy = foundProxy(s);
  return proxy && proxy.endpoint !== undefined && host === proxy.endpoint ? proxy : undefined;
}

/** The engine-host line for a secret whose host is a proxy endpoint. */
export function proxyHostFailure(proxy: DbProxyInfo, title: string, s: DoctorSnapshot): CheckResult {
  const target = databaseTarget(s);
  return failure(
    "engine-host",
    title,
    `host is the endpoint of RDS Proxy ${proxy.name}: the rotation function would log in through the proxy, which authenticates with the secret's AWSCURRENT password only, so setSecret and testSecret with the pending password fail`,
    `set host to the database's own endpoint${target ? ` (${target.label})` : ""} and give applications the proxy's endpoint instead (stack output proxyEndpoint)`,
  );
}

export function checkProxy(s: DoctorSnapshot): CheckResult | undefined {
  const id = "proxy";
  const title = "The RDS Proxy is available, requires TLS and reads this secret";
  const lookup = s.proxy;
  if (!lookup) return undefined;
  if (!lookup.proxy.ok) return notChecked(id, title, lookup.proxy.error);
  const proxy = lookup.proxy.value;
  if (!proxy) {
    // A host no database has, and no proxy either: the engine-host check says so already.
    if (lookup.cause === "host") return undefined;
    return failure(id, title, `no RDS proxy in ${s.region} has the endpoint ${lookup.endpoint} the stack outputs name`, "check --region and the stack outputs (pulumi stack output --json); the proxy may have been deleted");
  }
  const arn = secretArnOf(s);
  const auth = proxy.auth.find((a) => a.secretArn === arn);
  const problems: string[] = [];
  const fixes: string[] = [];
  if ((proxy.status ?? "available") !== "available") {
    problems.push(`proxy ${proxy.name} is ${proxy.status}, not available`);
    fixes.push(proxy.status === "incompatible-network" || proxy.status === "insufficient-resource-limits" ? "fix the proxy's subnets and security groups (RDS console, the proxy's status reason)" : "wait until it is available");
  }
  if (!auth) {
    const others = proxy.auth.map((a) => a.secretArn).filter((a): a is string => !!a);
    problems.push(`proxy ${proxy.name} does not read this secret (its auth names ${others.length > 0 ? others.join(", ") : "no secret"}): clients logging in through it with this secret's user are refused`);
    fixes.push(`add the secret to the proxy: aws rds modify-db-proxy --db-proxy-name ${proxy.name} --auth AuthScheme=SECRETS,SecretArn=${arn},IAMAuth=${proxy.auth[0]?.iamAuth ?? "DISABLED"}`);
  }
  if (problems.length > 0) return failure(id, title, problems.join("; "), fixes.join("; "));
  const clients =
    auth?.iamAuth === "REQUIRED"
      ? "clients authenticate with IAM tokens (rds-db:connect), not the secret's password"
      : "clients log in with the secret's username and password";
  if (!proxy.requireTls) {
    return warning(id, title, `proxy ${proxy.name} reads this secret (${clients}) but does not require TLS: a client may send its password in plaintext`, `aws rds modify-db-proxy --db-proxy-name ${proxy.name} --require-tls`);
  }
  return ok(id, title, `proxy ${proxy.name} (${proxy.endpoint ?? lookup.endpoint}) is available, requires TLS and reads this secret; ${clients}`);
}

export function checkProxyTargets(s: DoctorSnapshot): CheckResult | undefined {
  const id = "proxy-targets";
  const title = "The proxy's target is this database, and healthy";
  const proxy = foundProxy(s);
  if (!proxy || !s.proxy?.targets) return undefined;
  if (!s.proxy.targets.ok) return notChecked(id, title, s.proxy.targets.error);
  const targets = s.proxy.targets.value;
  if (targets.length === 0) {
    return failure(id, title, `proxy ${proxy.name} has no targets: every connection through it fails`, `register the database: aws rds register-db-proxy-targets --db-proxy-name ${proxy.name} --db-cluster-identifiers <cluster> (or --db-instance-identifiers <instance>)`);
  }
  const db = databaseTarget(s);
  // A cluster target is listed as TRACKED_CLUSTER (the cluster) and RDS_INSTANCE (its members).
  const own = db ? targets.filter((t) => t.rdsResourceId === db.identifier || (db.kind === "cluster" && s.cluster?.ok && s.cluster.value?.members.some((m) => m.identifier === t.rdsResourceId))) : targets;
  if (db && own.length === 0) {
    return failure(id, title, `proxy ${proxy.name} targets ${targets.map((t) => t.rdsResourceId ?? "?").join(", ")}, not ${db.label}, which this secret names`, "point the secret at the proxy's database, or the stack outputs at the database's proxy");
  }
  const health = own.filter((t) => t.state !== undefined);
  const unavailable = health.filter((t) => t.state === "UNAVAILABLE");
  if (unavailable.length > 0) {
    const t = unavailable[0];
    const reason = t.reason === "AUTH_FAILURE" ? ": the proxy cannot log in to the database with the secret's username and password (a password changed without the secret, or a secret the proxy may not read)" : "";
    return failure(
      id,
      title,
      `target ${t.rdsResourceId ?? t.endpoint ?? "?"} is UNAVAILABLE${t.reason ? ` (${t.reason}${t.description ? `: ${t.description}` : ""})` : ""}${reason}`,
      t.reason === "AUTH_FAILURE" ? "check the proxy role may read the secret (secretsmanager:GetSecretValue, kms:Decrypt) and that AWSCURRENT logs in: rotated-rds connect --via direct" : "see the proxy's target health in the RDS console and the database's status",
    );
  }
  const registering = health.filter((t) => t.state === "REGISTERING");
  const names = own.map((t) => `${t.rdsResourceId ?? "?"} ${t.state ?? "(no health)"}`).join(", ");
  if (registering.length > 0) return warning(id, title, `targets ${names}: the proxy is still registering them`, "wait a few minutes and run doctor again");
  return ok(id, title, `targets ${names}`);
}

function cidrsOf(net: NetworkInfo, subnetIds: string[]): string[] {
  return subnetIds.map((id) => net.subnets.find((sn) => sn.id === id)?.cidr).filter((c): c is string => c !== undefined);
}

/** The proxy's groups may send to the database's port, and the database's groups admit them. */
export function checkProxyNetwork(s: DoctorSnapshot): CheckResult | undefined {
  const id = "proxy-network";
  const title = "Security groups let the proxy reach the database on its port";
  const proxy = foundProxy(s);
  const db = databaseTarget(s);
  if (!proxy || !db) return undefined;
  if (!s.network) return warning(id, title, "not checked: the VPC's security groups are read only for a rotation function in a VPC");
  if (!s.network.ok) return notChecked(id, title, s.network.error);
  const net = s.network.value;
  const port = db.port;
  if (port === undefined) return warning(id, title, `not checked: ${db.label} has no endpoint port yet`);
  const groups = (ids: string[]) => ids.map((g) => net.securityGroups.find((x) => x.id === g)).filter((g): g is NonNullable<typeof g> => g !== undefined);
  const out = groupAllowing(groups(proxy.securityGroupIds), "egress", port, { groupIds: db.securityGroupIds, cidrs: cidrsOf(net, db.subnetIds) });
  const into = groupAllowing(groups(db.securityGroupIds), "ingress", port, { groupIds: proxy.securityGroupIds, cidrs: cidrsOf(net, proxy.subnetIds) });
  const problems: string[] = [];
  const fixes: string[] = [];
  if (!out) {
    problems.push(`the proxy's groups (${proxy.securityGroupIds.join(", ") || "none"}) allow no egress on ${port} to the database's groups (${db.securityGroupIds.join(", ")})`);
    fixes.push(`aws ec2 authorize-security-group-egress --group-id ${proxy.securityGroupIds[0] ?? "<proxy group>"} --ip-permissions IpProtocol=tcp,FromPort=${port},ToPort=${port},UserIdGroupPairs=[{GroupId=${db.securityGroupIds[0] ?? "<database group>"}}]`);
  }
  if (!into) {
    problems.push(`the database's groups (${db.securityGroupIds.join(", ")}) admit no ingress on ${port} from the proxy's groups (${proxy.securityGroupIds.join(", ") || "none"})`);
    fixes.push(`aws ec2 authorize-security-group-ingress --group-id ${db.securityGroupIds[0] ?? "<database group>"} --protocol tcp --port ${port} --source-group ${proxy.securityGroupIds[0] ?? "<proxy group>"}`);
  }
  if (problems.length > 0) return failure(id, title, `${problems.join("; ")}: the proxy's targets stay unavailable`, fixes.join("; "));
  return ok(id, title, `egress ${port} from ${out} to the database, ingress ${port} on ${into} from the proxy`);
}
