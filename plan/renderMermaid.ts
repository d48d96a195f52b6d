// A Mermaid flowchart of a plan: every resource, nested in subgraphs by parent, with the network paths
// that security-group rules open drawn as labelled arrows between security groups (or CIDR ranges),
// and dotted arrows from each security group to the resources that use it.
import { collectNetworkRules, describePorts, SECURITY_GROUP } from "./networkRules";
import { RecordedResource, unwrapSecrets } from "./recorder";
import { ResourceIndex, shortType } from "./resourceIndex";

function label(text: string): string {
  return text.replace(/"/g, "#quot;");
}

/** Security group ids a resource's inputs attach it to. */
function attachedGroups(r: RecordedResource): string[] {
  const i = unwrapSecrets(r.inputs) as Record<string, unknown>;
  const vpcConfig = i.vpcConfig as Record<string, unknown> | undefined;
  const lists = [i.vpcSecurityGroupIds, i.securityGroupIds, vpcConfig?.securityGroupIds];
  return lists.flatMap((l) => (Array.isArray(l) ? l.filter((x): x is string => typeof x === "string") : []));
}

export function renderMermaid(index: ResourceIndex, title: string): string {
  const ids = new Map<string, string>();
  index.resources.forEach((r, n) => ids.set(r.urn, `r${n}`));
  const lines = ["---", `title: ${title}`, "---", "flowchart LR"];

  const emit = (r: RecordedResource, indent: string) => {
    const kids = index.childrenOf(r);
    const text = label(`${shortType(r.type)}<br/>${r.name}`);
    if (kids.length === 0) {
      lines.push(`${indent}${ids.get(r.urn)}["${text}"]`);
      return;
    }
    lines.push(`${indent}subgraph ${ids.get(r.urn)}_group["${text}"]`);
    // A component's own node inside its group keeps edges to it drawable.
    lines.push(`${indent}  ${ids.get(r.urn)}(["${label(r.name)}"])`);
    for (const k of kids) emit(k, indent + "  ");
    lines.push(`${indent}end`);
  };
  for (const root of index.roots) emit(root, "  ");

  const nodeFor = (ref: string): string | undefined => {
    const r = index.lookup(ref);
    return r ? ids.get(r.urn) : undefined;
  };
  const external = new Map<string, string>();
  const externalNode = (text: string) => {
    let id = external.get(text);
    if (!id) {
      id = `x${external.size}`;
      external.set(text, id);
      lines.push(`  ${id}{{"${label(text)}"}}`);
    }
    return id;
  };

  // Each path once, even when both an egress and the matching ingress rule declare it.
  const drawn = new Set<string>();
  for (const rule of collectNetworkRules(index)) {
    const sg = nodeFor(rule.securityGroup) ?? externalNode(rule.securityGroup);
    const peer = rule.peer.kind === "securityGroup" ? nodeFor(rule.peer.ref) ?? externalNode(rule.peer.ref)
      : externalNode(rule.peer.kind === "cidr" ? rule.peer.cidr : rule.peer.id);
    const [from, to] = rule.direction === "ingress" ? [peer, sg] : [sg, peer];
    const ports = describePorts(rule);
    const key = `${from}>${to}:${ports}`;
    if (drawn.has(key)) continue;
    drawn.add(key);
    lines.push(`  ${from} -->|"${label(ports)}"| ${to}`);
  }
  for (const r of index.resources) {
    if (r.type === SECURITY_GROUP) continue;
    for (const sgId of attachedGroups(r)) {
      const sg = nodeFor(sgId);
      if (sg) lines.push(`  ${sg} -.- ${ids.get(r.urn)}`);
    }
  }
  return lines.join("\n") + "\n";
}
