// The security and rotation summary of a plan: each database and cluster and each RDS Proxy with the
// facts a reviewer checks, security-group rules as paths from source to destination, IAM statements,
// the Secrets Manager endpoint, rotation per database, and alerts.
import { collectAlertPaths, collectTopics } from "./alertSummary";
import { collectDatabases } from "./databaseSummary";
import { collectInvokePermissions, collectRoles } from "./iamStatements";
import { collectNetworkRules, collectPaths, describePorts, isOpenToInternet, ruleEnds, SECURITY_GROUP } from "./networkRules";
import { collectProxies } from "./proxySummary";
import { RecordedResource, unwrapSecrets } from "./recorder";
import { renderDatabases, renderProxies } from "./renderDatabases";
import { ResourceIndex } from "./resourceIndex";
import { collectRotations } from "./rotationSummary";

const VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

export function renderSummary(index: ResourceIndex): string[] {
  const paths = collectPaths(collectNetworkRules(index));
  const proxies = collectProxies(index, paths);
  return [
    ...section("Databases and clusters", renderDatabases(collectDatabases(index, paths))),
    ...(proxies.length > 0 ? section("RDS Proxy (client -> proxy -> database)", renderProxies(proxies)) : []),
    ...section("Security groups and rules (source -> destination)", renderNetwork(index)),
    ...section("IAM", renderIam(index)),
    ...section("Secrets Manager endpoint", renderEndpoints(index)),
    ...section("Rotation", renderRotation(index)),
    ...section("Alerts", renderAlerts(index)),
  ];
}

function section(title: string, body: string[]): string[] {
  return ["", title, ...(body.length ? body : ["  (none declared)"])];
}

function renderNetwork(index: ResourceIndex): string[] {
  const rules = collectNetworkRules(index);
  const lines: string[] = [];
  for (const sg of index.ofType(SECURITY_GROUP)) {
    const mine = rules.filter((r) => r.securityGroup === sg.id);
    const desc = (unwrapSecrets(sg.inputs) as Record<string, unknown>).description;
    lines.push(`  ${sg.name} (${sg.id})${typeof desc === "string" ? `: ${desc}` : ""}`);
    if (mine.length === 0) lines.push("    no rules: nothing in, nothing out");
    for (const rule of mine) {
      const [from, to] = ruleEnds(index, rule);
      const warn = isOpenToInternet(rule) ? "  !! OPEN TO THE INTERNET" : "";
      lines.push(`    ${rule.direction.padEnd(7)} ${from} -> ${to}  ${describePorts(rule)}  [${rule.declaredBy.name}]${warn}`);
    }
  }
  const orphans = rules.filter((r) => !index.lookup(r.securityGroup));
  for (const rule of orphans) {
    const [from, to] = ruleEnds(index, rule);
    lines.push(`  ${rule.direction} on a security group the program does not declare: ${from} -> ${to}  ${describePorts(rule)}  [${rule.declaredBy.name}]`);
  }
  return lines;
}

/** Who uses each role: resources whose `role` or `roleArn` input names it (a function, a proxy). */
function roleUsers(index: ResourceIndex): Map<string, RecordedResource[]> {
  const users = new Map<string, RecordedResource[]>();
  for (const r of index.resources) {
    if (r.type.startsWith("aws:iam/")) continue;
    const i = unwrapSecrets(r.inputs) as Record<string, unknown>;
    const role = index.lookup(i.roleArn) ?? index.lookup(i.role);
    if (role?.type !== "aws:iam/role:Role") continue;
    users.set(role.urn, [...(users.get(role.urn) ?? []), r]);
  }
  return users;
}

function renderIam(index: ResourceIndex): string[] {
  const lines: string[] = [];
  const users = roleUsers(index);
  for (const role of collectRoles(index)) {
    const trust = role.trust.map((t) => `${t.principals.join(", ") || "?"}${t.condition !== undefined ? ` when ${JSON.stringify(t.condition)}` : ""}`);
    const usedBy = (users.get(role.role.urn) ?? []).map((u) => `${shortKind(u.type)} ${u.name}`);
    lines.push(`  role ${role.role.name}${usedBy.length ? ` (for ${usedBy.join(", ")})` : ""}, assumed by ${trust.join("; ") || "?"}`);
    for (const arn of role.managedPolicyArns) lines.push(`    managed policy ${arn}`);
    for (const policy of role.policies) {
      lines.push(`    policy ${policy.name}`);
      for (const s of policy.statements) {
        const resources = s.resources.map((r) => (r === "*" ? "*" : index.describe(r))).join(", ");
        const condition = s.condition ? ` when ${JSON.stringify(s.condition)}` : "";
        lines.push(`      ${s.effect} ${s.actions.join(", ")} on ${resources}${condition}`);
      }
    }
  }
  for (const p of collectInvokePermissions(index)) {
    lines.push(`  permission ${p.resource.name}: ${p.principal} may ${p.action} on ${index.nameOf(p.functionName)}` +
      `, sourceArn ${p.sourceArn ? index.describe(p.sourceArn) : "MISSING"}, sourceAccount ${p.sourceAccount ?? "MISSING"}`);
  }
  return lines;
}

/** "function", "proxy": the last word of a type token, lower case, for prose. */
function shortKind(type: string): string {
  const kind = type.split(":").pop() ?? type;
  return kind === "Function" ? "function" : kind === "Proxy" ? "proxy" : kind;
}

function renderEndpoints(index: ResourceIndex): string[] {
  return index.ofType(VPC_ENDPOINT).flatMap((e) => {
    const i = unwrapSecrets(e.inputs) as Record<string, unknown>;
    const names = (v: unknown) => (Array.isArray(v) ? v.map((x) => index.nameOf(x)).join(", ") : "none");
    return [
      `  ${e.name} (${e.id}): ${i.serviceName ?? "?"}, ${i.vpcEndpointType ?? "Gateway"}, private DNS ${i.privateDnsEnabled === true ? "on" : "OFF"}`,
      `    vpc ${index.nameOf(i.vpcId)}; subnets ${names(i.subnetIds)}; security groups ${names(i.securityGroupIds)}`,
    ];
  });
}

function renderRotation(index: ResourceIndex): string[] {
  return collectRotations(index).map((r) => {
    const when = r.schedule ?? (r.automaticallyAfterDays !== undefined ? `every ${r.automaticallyAfterDays} days` : "?");
    const parts = [
      `strategy ${r.strategy}`,
      `schedule ${when}`,
      r.duration ? `window ${r.duration}` : undefined,
      r.rotateImmediately === false ? "first rotation on schedule" : "rotates immediately on creation",
      `secret ${index.nameOf(r.secret)}`,
      r.functionArn ? `function ${index.nameOf(r.functionArn)}` : "rotated by RDS (no function)",
    ].filter((p): p is string => p !== undefined);
    return `  ${r.owner.name}: ${parts.join("; ")}`;
  });
}

function renderAlerts(index: ResourceIndex): string[] {
  const lines = collectAlertPaths(index).map((p) =>
    `  ${p.source.name}: ${p.trigger} -> ${p.targets.map((t) => index.nameOf(t)).join(", ") || "NOBODY (no target)"}`);
  for (const t of collectTopics(index)) {
    const subs = t.subscriptions.map((s) => `${s.protocol} ${s.endpoint}`).join(", ");
    lines.push(`  topic ${t.topic.name}: ${subs || "no subscriptions (subscribe to receive alerts)"}`);
  }
  return lines;
}
