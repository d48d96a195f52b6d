// Security-group rules of a plan in one shape, whichever way the program declared them: the
// standalone `aws:vpc` ingress/egress rule resources, the older `aws:ec2` SecurityGroupRule, or
// inline `ingress`/`egress` blocks of a SecurityGroup. Each rule says where traffic comes from and
// where it goes, so a reader sees paths rather than rule syntax.
import { RecordedResource, unwrapSecrets } from "./recorder";
import { ResourceIndex } from "./resourceIndex";

export type Peer =
  | { kind: "securityGroup"; ref: string }
  | { kind: "cidr"; cidr: string }
  | { kind: "prefixList"; id: string };

export interface NetworkRule {
  /** The resource that declares the rule (a rule resource, or the security group for inline rules). */
  declaredBy: RecordedResource;
  direction: "ingress" | "egress";
  /** Id of the security group the rule belongs to. */
  securityGroup: string;
  peer: Peer;
  protocol: string;
  fromPort?: number;
  toPort?: number;
  description?: string;
}

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : typeof v === "string" && v !== "" && !isNaN(Number(v)) ? Number(v) : undefined;
}
function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x !== "") : [];
}

/** Every security-group rule the plan declares. */
export function collectNetworkRules(index: ResourceIndex): NetworkRule[] {
  const rules: NetworkRule[] = [];
  for (const r of index.resources) {
    const inputs = unwrapSecrets(r.inputs) as Record<string, unknown>;
    if (r.type === INGRESS_RULE || r.type === EGRESS_RULE) {
      const base = {
        declaredBy: r,
        direction: r.type === INGRESS_RULE ? "ingress" as const : "egress" as const,
        securityGroup: str(inputs.securityGroupId) ?? "?",
        protocol: str(inputs.ipProtocol) ?? "tcp",
        fromPort: num(inputs.fromPort),
        toPort: num(inputs.toPort),
        description: str(inputs.description),
      };
      const peer: Peer | undefined =
        str(inputs.referencedSecurityGroupId) ? { kind: "securityGroup", ref: str(inputs.referencedSecurityGroupId)! }
        : str(inputs.cidrIpv4) ? { kind: "cidr", cidr: str(inputs.cidrIpv4)! }
        : str(inputs.cidrIpv6) ? { kind: "cidr", cidr: str(inputs.cidrIpv6)! }
        : str(inputs.prefixListId) ? { kind: "prefixList", id: str(inputs.prefixListId)! }
        : undefined;
      if (peer) rules.push({ ...base, peer });
    } else if (r.type === LEGACY_RULE) {
      const sg = str(inputs.securityGroupId) ?? "?";
      const base = {
        declaredBy: r,
        direction: inputs.type === "egress" ? "egress" as const : "ingress" as const,
        securityGroup: sg,
        protocol: str(inputs.protocol) ?? "tcp",
        fromPort: num(inputs.fromPort),
        toPort: num(inputs.toPort),
        description: str(inputs.description),
      };
      for (const peer of legacyPeers(inputs, sg)) rules.push({ ...base, peer });
    } else if (r.type === SECURITY_GROUP) {
      for (const direction of ["ingress", "egress"] as const) {
        const blocks = Array.isArray(inputs[direction]) ? (inputs[direction] as Record<string, unknown>[]) : [];
        for (const b of blocks) {
          const base = {
            declaredBy: r, direction, securityGroup: r.id ?? "?", protocol: str(b.protocol) ?? "tcp",
            fromPort: num(b.fromPort), toPort: num(b.toPort), description: str(b.description),
          };
          for (const peer of legacyPeers({ ...b, sourceSecurityGroupId: undefined, securityGroups: b.securityGroups }, r.id ?? "?")) {
            rules.push({ ...base, peer });
          }
        }
      }
    }
  }
  return rules;
}

function legacyPeers(inputs: Record<string, unknown>, self: string): Peer[] {
  const peers: Peer[] = [];
  const sg = str(inputs.sourceSecurityGroupId);
  if (sg) peers.push({ kind: "securityGroup", ref: sg });
  for (const g of strings(inputs.securityGroups)) peers.push({ kind: "securityGroup", ref: g });
  if (inputs.self === true) peers.push({ kind: "securityGroup", ref: self });
  for (const c of [...strings(inputs.cidrBlocks), ...strings(inputs.ipv6CidrBlocks)]) peers.push({ kind: "cidr", cidr: c });
  for (const p of strings(inputs.prefixListIds)) peers.push({ kind: "prefixList", id: p });
  return peers;
}

/** "tcp 5432", "tcp 1024-2048", "all traffic". */
export function describePorts(rule: NetworkRule): string {
  if (rule.protocol === "-1" || rule.protocol === "all") return "all traffic";
  if (rule.fromPort === undefined) return rule.protocol;
  const ports = rule.toPort === undefined || rule.toPort === rule.fromPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol} ${ports}`;
}

/** True for a rule that admits the whole internet. */
export function isOpenToInternet(rule: NetworkRule): boolean {
  return rule.direction === "ingress" && rule.peer.kind === "cidr" && /\/0$/.test(rule.peer.cidr);
}

/** The two ends of the path a rule opens: [source, destination], as names. */
export function ruleEnds(index: ResourceIndex, rule: NetworkRule): [string, string] {
  const sg = index.nameOf(rule.securityGroup);
  const peer = rule.peer.kind === "securityGroup" ? index.nameOf(rule.peer.ref)
    : rule.peer.kind === "cidr" ? rule.peer.cidr
    : `prefix list ${rule.peer.id}`;
  return rule.direction === "ingress" ? [peer, sg] : [sg, peer];
}

/**
 * One path between two ends (security group ids, CIDR ranges or prefix lists) on one port range, with
 * the rules that declare it on each side: traffic between two security groups passes only when the
 * source's egress and the destination's ingress both allow it.
 */
export interface NetworkPath {
  /** The source: a security group id, a CIDR range, or `prefix list <id>`. */
  from: string;
  /** The destination, in the same form. */
  to: string;
  /** "tcp 5432", as describePorts gives it. */
  ports: string;
  /** The ingress rule on the destination that admits it, if declared. */
  ingress?: RecordedResource;
  /** The egress rule on the source that lets it out, if declared. */
  egress?: RecordedResource;
}

function peerEnd(peer: Peer): string {
  return peer.kind === "securityGroup" ? peer.ref : peer.kind === "cidr" ? peer.cidr : `prefix list ${peer.id}`;
}

/** The rules as paths, an egress rule and the matching ingress rule merged into one path. */
export function collectPaths(rules: readonly NetworkRule[]): NetworkPath[] {
  const paths = new Map<string, NetworkPath>();
  for (const rule of rules) {
    const [from, to] = rule.direction === "ingress" ? [peerEnd(rule.peer), rule.securityGroup] : [rule.securityGroup, peerEnd(rule.peer)];
    const ports = describePorts(rule);
    const key = `${from}>${to}:${ports}`;
    const path = paths.get(key) ?? { from, to, ports };
    if (rule.direction === "ingress") path.ingress ??= rule.declaredBy;
    else path.egress ??= rule.declaredBy;
    paths.set(key, path);
  }
  return [...paths.values()];
}

/**
 * Which sides of a path are declared, in words: a path between two security groups needs both; a path
 * from or to a CIDR range has only the group's side.
 */
export function pathSides(index: ResourceIndex, path: NetworkPath): string {
  const groupEnds = [path.from, path.to].filter((end) => index.lookup(end)?.type === SECURITY_GROUP).length;
  if (path.ingress && path.egress) return `egress ${path.egress.name} + ingress ${path.ingress.name}`;
  if (path.ingress) return groupEnds === 2 ? `ingress ${path.ingress.name} only: ${index.nameOf(path.from)} has no egress for it` : `ingress ${path.ingress.name}`;
  return groupEnds === 2 ? `egress ${path.egress!.name} only: ${index.nameOf(path.to)} does not admit it` : `egress ${path.egress!.name}`;
}
