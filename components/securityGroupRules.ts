// The security-group rules of one database, as plain data (design.md section 5). The component turns
// each spec into one aws.vpc.SecurityGroupIngressRule/EgressRule; the groups themselves are created
// without inline rules, so the provider removes AWS's default allow-all egress and nothing else is open.
// Generic over the id type: plain strings in tests, pulumi Inputs in the component.
import { parseCidr } from "./cidr";

/** Where traffic comes from (ingress) or goes to (egress). */
export type RulePeer<Id> =
  | { securityGroupId: Id }
  | { cidrIpv4: string }
  | { cidrIpv6: string };

/** One rule: a TCP port range to or from one peer. */
export interface RuleSpec<Id> {
  /** Stable suffix of the rule's resource name, unique within one database. */
  key: string;
  description: string;
  port: number;
  peer: RulePeer<Id>;
}

/** HTTPS, the only port the Secrets Manager API listens on. */
export const HTTPS_PORT = 443;

/** The whole IPv4 internet: used only for NAT-mode egress to Secrets Manager, never for ingress. */
export const ANYWHERE_IPV4 = "0.0.0.0/0";

/** How the rotation function reaches Secrets Manager, as far as its egress is concerned. */
export type SecretsManagerRoute<Id> = { endpointSecurityGroupId: Id } | { nat: true } | { none: true };

/** Who the clients are: the client group, the groups and the CIDR ranges the user names. */
export interface ClientIngressInputs<Id> {
  port: number;
  /** The group this component creates for apps to attach. */
  clientSecurityGroupId: Id;
  /** Application groups the user names. */
  allowedSecurityGroupIds: readonly Id[];
  /** Extra CIDR ranges; validation has already refused what cidr.ts refuses, and this refuses it again. */
  allowedCidrBlocks: readonly string[];
}

/**
 * The database port from every client: the client group, each named group, each CIDR range. The
 * database's group admits them directly; a proxy's group admits the same list (proxyRules.ts).
 */
export function clientIngressRules<Id>(p: ClientIngressInputs<Id>): RuleSpec<Id>[] {
  const rules: RuleSpec<Id>[] = [
    { key: "from-client", description: "Clients attaching the client security group", port: p.port, peer: { securityGroupId: p.clientSecurityGroupId } },
  ];
  p.allowedSecurityGroupIds.forEach((id, i) => {
    rules.push({ key: `from-sg-${i}`, description: `Allowed security group ${i}`, port: p.port, peer: { securityGroupId: id } });
  });
  p.allowedCidrBlocks.forEach((cidr, i) => {
    const check = parseCidr(cidr);
    if (!check.ok) {
      throw new Error(check.problem.kind === "open" ? `refusing to open the database to ${cidr}` : `refusing ${JSON.stringify(cidr)}, which is not an allowed CIDR range (${check.problem.kind})`);
    }
    const peer: RulePeer<Id> = check.value.family === "ipv6" ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
    rules.push({ key: `from-cidr-${i}`, description: `Allowed CIDR ${cidr}`, port: p.port, peer });
  });
  return rules;
}

export interface DatabaseIngressInputs<Id> extends ClientIngressInputs<Id> {
  /** The rotation function's group; absent for the managed strategy (no function). */
  rotationSecurityGroupId?: Id;
  /**
   * Whether the clients reach the database directly. False behind a proxy without `directAccess`
   * (clientsReachDatabaseDirectly, proxyRules.ts): they reach the proxy instead, and the database's
   * group admits the rotation function here and the proxy there, nobody else.
   * @default true
   */
  directClients?: boolean;
}

/** Ingress of the database group: the database port from the rotation function and, unless a proxy stands in for them, the clients. */
export function databaseIngressRules<Id>(p: DatabaseIngressInputs<Id>): RuleSpec<Id>[] {
  const rules: RuleSpec<Id>[] = [];
  if (p.rotationSecurityGroupId !== undefined) {
    rules.push({ key: "from-rotation", description: "Rotation function", port: p.port, peer: { securityGroupId: p.rotationSecurityGroupId } });
  }
  if (p.directClients ?? true) rules.push(...clientIngressRules(p));
  return rules;
}

/**
 * Egress of the rotation function: the database port to the database group, and 443 to Secrets
 * Manager. Through NAT the API's addresses are public and change without notice (AWS publishes no
 * prefix list for it), so NAT mode needs 443 to 0.0.0.0/0; the function still reaches nothing else.
 */
export function rotationEgressRules<Id>(p: { port: number; databaseSecurityGroupId: Id; secretsManager: SecretsManagerRoute<Id> }): RuleSpec<Id>[] {
  const rules: RuleSpec<Id>[] = [
    { key: "to-database", description: "Database port", port: p.port, peer: { securityGroupId: p.databaseSecurityGroupId } },
  ];
  if ("endpointSecurityGroupId" in p.secretsManager) {
    rules.push({ key: "to-secretsmanager", description: "Secrets Manager VPC endpoint", port: HTTPS_PORT, peer: { securityGroupId: p.secretsManager.endpointSecurityGroupId } });
  } else if ("nat" in p.secretsManager) {
    rules.push({ key: "to-secretsmanager-nat", description: "Secrets Manager API through NAT", port: HTTPS_PORT, peer: { cidrIpv4: ANYWHERE_IPV4 } });
  }
  return rules;
}

/**
 * Egress of the client group: the database port to the database, and 443 to Secrets Manager, so
 * attaching the group is enough for an application that reads the secret at run time (or an ECS task
 * whose secrets are injected: the ECS agent pulls them through the task's network). With an endpoint
 * the 443 rule points at the endpoint's group. Through NAT it must be 0.0.0.0/0, for the reason the
 * rotation group's is (the API's public addresses change and AWS publishes no prefix list for them);
 * the group still opens nothing else, and ingress stays closed. `secretsManager` defaults to none, the
 * database port only. With `directClients: false` (behind a proxy without `directAccess`) the database
 * port goes to the proxy only (proxyRules.ts' client-to-proxy), and 443 stays.
 */
export function clientEgressRules<Id>(p: { port: number; databaseSecurityGroupId: Id; secretsManager?: SecretsManagerRoute<Id>; directClients?: boolean }): RuleSpec<Id>[] {
  const rules: RuleSpec<Id>[] = [];
  if (p.directClients ?? true) {
    rules.push({ key: "to-database", description: "Database port", port: p.port, peer: { securityGroupId: p.databaseSecurityGroupId } });
  }
  const route = p.secretsManager ?? { none: true };
  if ("endpointSecurityGroupId" in route) {
    rules.push({ key: "to-secretsmanager", description: "Secrets Manager VPC endpoint", port: HTTPS_PORT, peer: { securityGroupId: route.endpointSecurityGroupId } });
  } else if ("nat" in route) {
    rules.push({ key: "to-secretsmanager-nat", description: "Secrets Manager API through NAT", port: HTTPS_PORT, peer: { cidrIpv4: ANYWHERE_IPV4 } });
  }
  return rules;
}

/** Ingress of the Secrets Manager endpoint group for one granted group: 443 only. */
export function endpointIngressRule<Id>(sourceSecurityGroupId: Id, description = "Granted security group"): RuleSpec<Id> {
  return { key: "to-endpoint", description, port: HTTPS_PORT, peer: { securityGroupId: sourceSecurityGroupId } };
}

/** One grant on the endpoint's group that a database asks for: the suffix of its resource name and the source group. */
export interface EndpointGrantSpec<Id> {
  /** Suffix of the rule's resource name (`<db>-<key>`), unique within one database. */
  key: string;
  sourceSecurityGroupId: Id;
}

/**
 * The groups one database lets call the Secrets Manager endpoint on 443: its rotation function (when it
 * has one), its client group, and each of `allowedSecurityGroupIds`. The endpoint's private DNS takes
 * over the regional Secrets Manager name for the whole VPC, so every group that may read the secret
 * must be admitted, not only the rotation function. Keys keep the name the rotation grant always had.
 */
export function endpointGrants<Id>(p: { rotationSecurityGroupId?: Id; clientSecurityGroupId: Id; allowedSecurityGroupIds: readonly Id[] }): EndpointGrantSpec<Id>[] {
  const grants: EndpointGrantSpec<Id>[] = [];
  if (p.rotationSecurityGroupId !== undefined) grants.push({ key: "endpoint-from-rotation", sourceSecurityGroupId: p.rotationSecurityGroupId });
  grants.push({ key: "endpoint-from-client", sourceSecurityGroupId: p.clientSecurityGroupId });
  p.allowedSecurityGroupIds.forEach((id, i) => grants.push({ key: `endpoint-from-sg-${i}`, sourceSecurityGroupId: id }));
  return grants;
}
