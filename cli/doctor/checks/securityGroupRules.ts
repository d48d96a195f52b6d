// Security-group arithmetic for doctor: does a set of groups let TCP traffic on a port out to (or in
// from) a peer named by its groups and its subnets' CIDR blocks. IPv4 only, as RDS and interface
// endpoints are addressed here.
import type { RuleInfo, SecurityGroupInfo } from "../snapshot";

/** A peer of a connection: the groups it carries and the CIDR blocks its addresses come from. */
export interface Peer {
  groupIds: string[];
  cidrs: string[];
}

function parseCidr(cidr: string): { base: number; prefix: number } | undefined {
  const m = cidr.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  return { base, prefix };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** True when every address of `inner` lies in `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || o.prefix > i.prefix) return false;
  const mask = maskOf(o.prefix);
  return ((o.base & mask) >>> 0) === ((i.base & mask) >>> 0);
}

export function ruleCoversPort(rule: RuleInfo, port: number): boolean {
  if (rule.protocol === "-1" || rule.protocol === "all") return true;
  if (rule.protocol !== "tcp" && rule.protocol !== "6") return false;
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  return from <= port && port <= to;
}

/** True when the rule admits the peer: one of its groups, or a CIDR holding all of one of its blocks. */
export function ruleCoversPeer(rule: RuleInfo, peer: Peer): boolean {
  if (rule.groupIds.some((g) => peer.groupIds.includes(g))) return true;
  return rule.cidrs.some((c) => peer.cidrs.some((p) => cidrContains(c, p)));
}

/** The first group id whose rules (ingress or egress) let TCP `port` through to or from `peer`. */
export function groupAllowing(groups: SecurityGroupInfo[], direction: "ingress" | "egress", port: number, peer: Peer): string | undefined {
  for (const g of groups) {
    if (g[direction].some((r) => ruleCoversPort(r, port) && ruleCoversPeer(r, peer))) return g.id;
  }
  return undefined;
}
