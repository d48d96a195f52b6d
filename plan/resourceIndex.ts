// Lookups over one recorded program run that every renderer needs: children by parent, resources by
// the ids and ARNs the mock gave them (so a reference such as `sg-0abc…` in another resource's
// inputs reads as the resource's name), and the top-level component each resource belongs to.
import { RecordedResource, RecordedSecret, unwrapSecrets } from "./recorder";

export const ROTATED_DATABASE_TYPE = "rotated-rds:index:RotatedDatabase";
export const ROTATED_CLUSTER_TYPE = "rotated-rds:index:RotatedCluster";
export const ENDPOINT_TYPE = "rotated-rds:index:SecretsManagerEndpoint";
/** Resource types whose id is another resource's id or ARN (see the ResourceIndex constructor). */
const ECHOED_ID_TYPES: readonly string[] = [
  "aws:secretsmanager/secretRotation:SecretRotation",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:rds/proxyDefaultTargetGroup:ProxyDefaultTargetGroup",
];

/** The components that each declare one rotated database (an instance or an Aurora cluster). */
export const DATABASE_COMPONENT_TYPES: readonly string[] = [ROTATED_DATABASE_TYPE, ROTATED_CLUSTER_TYPE];

export class ResourceIndex {
  readonly byUrn = new Map<string, RecordedResource>();
  readonly children = new Map<string, RecordedResource[]>();
  readonly roots: RecordedResource[] = [];
  private readonly byReference = new Map<string, RecordedResource>();

  constructor(readonly resources: readonly RecordedResource[]) {
    for (const r of resources) this.byUrn.set(r.urn, r);
    for (const r of resources) {
      if (r.parent && this.byUrn.has(r.parent)) {
        const list = this.children.get(r.parent) ?? [];
        list.push(r);
        this.children.set(r.parent, list);
      } else {
        this.roots.push(r);
      }
      // The first resource to carry an id or ARN owns it: later ones only echo it (an EventTarget's
      // `arn` input is its target's). Some ids always echo another resource's, and never own it: a
      // SecretRotation's is its secret's ARN (for a managed database, the RDS-managed secret, which
      // has no resource of its own and is named by its alias), a TopicPolicy's its topic's, a proxy's
      // default target group's its proxy's name.
      if (r.id && !ECHOED_ID_TYPES.includes(r.type) && !this.byReference.has(r.id)) this.byReference.set(r.id, r);
      const arn = unwrapSecrets(r.state.arn);
      if (typeof arn === "string" && arn && r.inputs.arn === undefined && !this.byReference.has(arn)) this.byReference.set(arn, r);
      this.indexAliases(r);
    }
  }

  /** Names for values that are not a resource's own id or ARN but belong to one (see `aliases`). */
  private readonly aliases = new Map<string, string>();

  childrenOf(r: RecordedResource): RecordedResource[] {
    return this.children.get(r.urn) ?? [];
  }

  /**
   * Ids that the mock computed inside another resource's outputs: the awsx VPC's id and subnets (a
   * remote component has no id of its own) and the master secret RDS manages for an instance or an
   * Aurora cluster (`masterUserSecrets` in either's state).
   */
  private indexAliases(r: RecordedResource): void {
    const state = unwrapSecrets(r.state) as Record<string, unknown>;
    if (r.type === "awsx:ec2:Vpc") {
      if (typeof state.vpcId === "string") this.aliases.set(state.vpcId, r.name);
      for (const kind of ["isolated", "private", "public"]) {
        const ids = state[`${kind}SubnetIds`];
        if (Array.isArray(ids)) ids.forEach((id, i) => this.aliases.set(String(id), `${r.name} ${kind} subnet ${i + 1}`));
      }
    }
    const masterSecrets = state.masterUserSecrets;
    if (Array.isArray(masterSecrets)) {
      for (const m of masterSecrets as Array<{ secretArn?: unknown }>) {
        if (typeof m.secretArn === "string") this.aliases.set(m.secretArn, `${r.name} master secret (RDS-managed)`);
      }
    }
  }

  /** The resource whose id or ARN is `ref`, if the program declared it. */
  lookup(ref: unknown): RecordedResource | undefined {
    return typeof ref === "string" ? this.byReference.get(ref) : undefined;
  }

  /** `name (ref)` for a declared resource, the value itself otherwise. */
  describe(ref: unknown): string {
    if (ref instanceof RecordedSecret) return "[secret]";
    const r = this.lookup(ref);
    if (r) return `${r.name} (${String(ref)})`;
    const alias = typeof ref === "string" ? this.aliases.get(ref) : undefined;
    if (alias) return `${alias} (${String(ref)})`;
    return typeof ref === "string" ? ref : JSON.stringify(ref);
  }

  /** Just the name of a declared resource, or the value. */
  nameOf(ref: unknown): string {
    const alias = typeof ref === "string" ? this.aliases.get(ref) : undefined;
    return this.lookup(ref)?.name ?? alias ?? (typeof ref === "string" ? ref : JSON.stringify(ref));
  }

  /** Nearest ancestor (or itself) of type `type`. */
  ancestorOfType(r: RecordedResource, type: string): RecordedResource | undefined {
    let cur: RecordedResource | undefined = r;
    while (cur) {
      if (cur.type === type) return cur;
      cur = cur.parent ? this.byUrn.get(cur.parent) : undefined;
    }
    return undefined;
  }

  /** The RotatedDatabase or RotatedCluster `r` belongs to (or is). */
  componentOf(r: RecordedResource): RecordedResource | undefined {
    let cur: RecordedResource | undefined = r;
    while (cur) {
      if (DATABASE_COMPONENT_TYPES.includes(cur.type)) return cur;
      cur = cur.parent ? this.byUrn.get(cur.parent) : undefined;
    }
    return undefined;
  }

  /** Every descendant of `r`, depth first, in registration order. */
  descendants(r: RecordedResource): RecordedResource[] {
    const out: RecordedResource[] = [];
    const walk = (x: RecordedResource) => {
      for (const c of this.childrenOf(x)) {
        out.push(c);
        walk(c);
      }
    };
    walk(r);
    return out;
  }

  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }
}

/** The short type of the RotatedDatabase or RotatedCluster `r` belongs to; null outside one. */
export function componentType(index: ResourceIndex, r: RecordedResource): string | null {
  const c = index.componentOf(r);
  return c ? shortType(c.type) : null;
}

/** The last segment of a type token, e.g. `SecurityGroup` for `aws:ec2/securityGroup:SecurityGroup`. */
export function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}
