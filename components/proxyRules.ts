// The security-group rules an RDS Proxy adds to a database, as plain data in the style of
// securityGroupRules.ts: the proxy's own group admits the database port from the clients (the client
// group, allowedSecurityGroupIds, allowedCidrBlocks) and may reach the database group on that port
// only; the database group admits the proxy, and the client group may reach the proxy. The proxy
// group is created without inline rules, so nothing else is open. Behind a proxy the clients lose
// their direct path to the database (networkResources.ts asks clientsReachDatabaseDirectly) unless
// `directAccess` keeps it. Secrets Manager needs no rule: RDS Proxy reads the secret through its own
// service role, outside the VPC (docs/proxy.md).
import type { ResolvedProxyArgs } from "./defaults";
import { RuleSpec, clientIngressRules } from "./securityGroupRules";

/**
 * Whether the clients (the client group, allowedSecurityGroupIds, allowedCidrBlocks) keep their direct
 * path to the database: always without a proxy (undefined), behind one only with `directAccess`.
 * Otherwise the database admits the rotation function and the proxy alone.
 */
export function clientsReachDatabaseDirectly(proxy: Pick<ResolvedProxyArgs, "directAccess"> | undefined): boolean {
  return proxy === undefined || proxy.directAccess;
}

export interface ProxyRuleInputs<Id> {
  /** The database port: clients reach the proxy on the port they would use for the database. */
  port: number;
  /** The group this component creates for apps to attach. */
  clientSecurityGroupId: Id;
  /** The proxy's own group. */
  proxySecurityGroupId: Id;
  /** The database's group. */
  databaseSecurityGroupId: Id;
  /** Application groups the user names; they may reach the proxy as they would reach the database without one. */
  allowedSecurityGroupIds: readonly Id[];
  /** Extra CIDR ranges, checked as the database's are (cidr.ts). */
  allowedCidrBlocks: readonly string[];
}

/** The rules a proxy adds, by the group each rule sits on. Keys are the suffix of `<name>-<key>`. */
export interface ProxyRules<Id> {
  /** On the proxy group: the database port from the clients. */
  proxyIngress: RuleSpec<Id>[];
  /** On the proxy group: the database port to the database group. */
  proxyEgress: RuleSpec<Id>[];
  /** On the database group: the database port from the proxy group. */
  databaseIngress: RuleSpec<Id>[];
  /** On the client group: the database port to the proxy group. */
  clientEgress: RuleSpec<Id>[];
}

/**
 * Every rule a proxy adds. The proxy's ingress admits exactly the clients the database admits without
 * a proxy (the rotation function logs in to the database directly, never through the proxy), so the
 * list and its CIDR checks come from clientIngressRules, with `proxy-` in front of each key.
 */
export function proxyRules<Id>(p: ProxyRuleInputs<Id>): ProxyRules<Id> {
  const proxyIngress = clientIngressRules<Id>({
    port: p.port,
    clientSecurityGroupId: p.clientSecurityGroupId,
    allowedSecurityGroupIds: p.allowedSecurityGroupIds,
    allowedCidrBlocks: p.allowedCidrBlocks,
  }).map((spec) => ({ ...spec, key: `proxy-${spec.key}`, description: `${spec.description}, to the proxy` }));
  return {
    proxyIngress,
    proxyEgress: [{ key: "proxy-to-database", description: "Database port, from the proxy", port: p.port, peer: { securityGroupId: p.databaseSecurityGroupId } }],
    databaseIngress: [{ key: "db-from-proxy", description: "RDS Proxy", port: p.port, peer: { securityGroupId: p.proxySecurityGroupId } }],
    clientEgress: [{ key: "client-to-proxy", description: "RDS Proxy on the database port", port: p.port, peer: { securityGroupId: p.proxySecurityGroupId } }],
  };
}
